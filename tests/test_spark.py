"""aidextract on a real Spark cluster: a standalone master and two workers on 127.0.0.1, started
with the launch script that ships in the pyspark package (sbin/spark-daemon.sh), the job
submitted to spark://127.0.0.1:PORT as a user would run it, and the cluster stopped afterwards,
also when a test fails. Its output must equal `aidextract parse` record for record."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, aidextract

pyspark = pytest.importorskip("pyspark")  # installed by `make test` (the dev extra); optional for users
from aidextract.spark import StandaloneCluster  # noqa: E402

pytestmark = pytest.mark.spark

DEV_TEXTS = ROOT / "tests" / "gold" / "texts"
JAVA = shutil.which("java")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if JAVA is None:
        pytest.skip("no Java (make test installs openjdk-17-jre-headless where apt-get is there)")
    cluster = StandaloneCluster(tmp_path_factory.mktemp("spark"))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        print(f"\n[spark] cluster {cluster.url} stopped; master log:\n" + "\n".join(
            line for line in cluster.master_log().splitlines()
            if any(word in line for word in ("Starting Spark master", "Registering worker", "Registering app", "Removing app"))))


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> Path:
    """The bad kinds of the robustness tests beside a good article: each must become an error row
    or a record with a warning, as `parse` makes it, and never fail the job."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "good.txt").write_text("Germany pledged €500 million in military aid to Ukraine on 3 March 2025.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "garbage.txt").write_bytes(bytes((i * 37 + 11) % 256 for i in range(3000)))
    (folder / "huge.txt").write_text("Ukraine. " * 1000, encoding="utf-8")
    (folder / "page.html").write_text("<html><body><nav>Menu</nav><p>Canada will send Ukraine 4 Leopard 2 tanks.</p></body></html>",
                                      encoding="utf-8")
    (folder / "batch.jsonl").write_text(
        json.dumps({"id": "a1", "text": "Poland delivered 14 Krab howitzers to Ukraine.", "language": "en"}) + "\n"
        + "{not json\n" + json.dumps({"id": "a3", "text": 7}) + "\n", encoding="utf-8")
    return folder


def _parse(inputs: list[str], *options: str) -> tuple[dict[str, dict], set[str]]:
    run = aidextract("parse", *inputs, *options)
    errors = (line[len("aidextract: "):].split(": ", 1) for line in run.stderr.splitlines()
              if line.startswith("aidextract: ") and ": warning: " not in line)
    failed = {error[0] for error in errors if len(error) == 2 and os.path.isabs(error[0].split(":")[0])}
    return {record["source"]: record for record in run.records}, failed


def test_the_job_on_a_standalone_cluster_equals_parse_record_for_record(cluster, bad_inputs, tmp_path):
    inputs = [str(SAMPLES), str(DEV_TEXTS), str(bad_inputs)]
    started = time.perf_counter()
    job = aidextract("spark", *inputs, "-o", str(tmp_path / "out"), "--master", cluster.url, "--format", "jsonl",
                     "--max-bytes", "5000", "--reference-date", "2025-03-10")
    seconds = time.perf_counter() - started
    print(f"\n[spark] submitted to {cluster.url} ({cluster.registered()} workers registered): {job.stderr.strip().splitlines()[-1]}"
          f" (the job, Spark's start-up included: {seconds:.1f} s)")
    assert job.code == 1, job.stderr  # some inputs fail, as with parse: exit 1, and the job finishes
    parts = sorted((tmp_path / "out" / "records").glob("part-*"))
    lines = [line for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    spark_records = {record["source"]: record for record in map(json.loads, lines)}
    errors = pyspark_errors(tmp_path / "out" / "errors")

    expected, failed = _parse(inputs, "--max-bytes", "5000", "--reference-date", "2025-03-10")
    assert len(expected) >= 50
    assert spark_records == expected          # same ids, values, spans, warnings
    assert {source for source, _ in errors} == failed
    assert {Path(source).name for source, _ in errors} >= {"image.txt", "garbage.txt", "huge.txt"}
    assert "app" in cluster.master_log().lower()  # the application ran on this master


def pyspark_errors(folder: Path) -> set[tuple[str, str]]:
    import pyarrow.parquet as pq

    return {(row["source"], row["reason"]) for row in pq.read_table(folder).to_pylist()}


def test_typed_records_hold_every_value_of_the_json_records(cluster, tmp_path):
    """The Parquet records, typed by the schema generated from the pydantic model, give back
    every value `parse` writes (the schema loses no field); the schema's fields are the JSON
    Schema's (`aidextract schema`), in order, at every level."""
    import pyarrow.parquet as pq

    job = aidextract("spark", str(SAMPLES), "-o", str(tmp_path / "out"), "--master", cluster.url)
    assert job.code == 0, job.stderr
    typed = {row["source"]: row for row in pq.read_table(tmp_path / "out" / "records").to_pylist()}
    expected, _ = _parse([str(SAMPLES)])
    assert set(typed) == set(expected)
    for source, record in expected.items():
        assert _without_nulls(typed[source]) == _without_nulls(record)

    from aidextract.spark import spark_schema

    json_schema = json.loads(aidextract("schema").stdout)
    assert _fields(spark_schema().jsonValue(), json_schema, json_schema.get("$defs", {}))


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _fields(spark: dict, node: dict, defs: dict) -> bool:
    """Every level of the Spark schema names the JSON Schema's properties, in order."""
    node = defs[node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else node
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    node = options[0] if len(options) == 1 else node
    node = defs[node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else node
    if isinstance(spark, dict) and spark.get("type") == "struct":
        names = [field["name"] for field in spark["fields"]]
        assert names == list(node.get("properties", {})), (names, list(node.get("properties", {})))
        return all(_fields(field["type"], node["properties"][field["name"]], defs) for field in spark["fields"])
    if isinstance(spark, dict) and spark.get("type") == "array":
        return _fields(spark["elementType"], node.get("items", {}), defs)
    return True


def test_without_the_extra_the_command_says_so(tmp_path):
    """`aidextract spark` where pyspark is not installed: one line and exit 2, no traceback."""
    run = subprocess.run([sys.executable, "-c", "import sys; sys.modules['pyspark'] = None  # as if not installed\n"
                          "from aidextract.cli import main; sys.argv = ['aidextract', 'spark', 'x', '-o', 'y']; main()"],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 2 and "pip install 'aidextract[spark]'" in run.stderr and "Traceback" not in run.stderr
