"""aidextract on a real Spark cluster: a standalone master and two workers on 127.0.0.1, started
with the launch script that ships in the pyspark package (sbin/spark-daemon.sh), jobs submitted
to spark://127.0.0.1:PORT as a user would run them (`aidextract spark` and `spark-submit`), and
the cluster stopped afterwards, also when a test fails. The output must equal `aidextract parse`
record for record, errors included."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, aidextract

pyspark = pytest.importorskip("pyspark")  # installed by `make test` (the dev extra); optional for users
import aidextract.spark as spark_module  # noqa: E402
from aidextract.spark import StandaloneCluster, alive  # noqa: E402

pytestmark = pytest.mark.spark

DEV_TEXTS = ROOT / "tests" / "gold" / "texts"
JAVA = shutil.which("java")


def _java_major() -> int:
    """17 for 'openjdk version "17.0.15"', 1 for Java 8's "1.8.0"; 0 without Java."""
    if JAVA is None:
        return 0
    banner = subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)', banner)
    return int(match.group(1)) if match else 0
RUSSIAN = "Германия передаст Украине ещё четыре зенитные установки IRIS-T SLM, сообщило министерство обороны 14 ноября 2024 года."


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if _java_major() < 17:
        pytest.skip("no Java 17+ (make test installs openjdk-17-jre-headless where apt-get is there)")
    cluster = StandaloneCluster(tmp_path_factory.mktemp("spark"))
    daemons: list[int] = []
    try:
        cluster.start()
        daemons = cluster.pids()
        print(f"\n[spark] master {cluster.url}: {cluster.registered()} workers registered, daemons {daemons}")
        assert len(daemons) == 3  # the master and two workers
        yield cluster
    finally:
        cluster.stop()
        print(f"\n[spark] master log of {cluster.url}:\n" + "\n".join(
            line for line in cluster.master_log().splitlines()
            if any(word in line for word in ("Starting Spark master", "Registering worker", "Registering app", "Removing app"))))
        left = [pid for pid in daemons if alive(pid)]
        print(f"[spark] cluster stopped: {len(daemons) - len(left)} of {len(daemons)} daemons ended")
        assert not left, f"daemons still running: {left}"


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory) -> Path:
    """The bad kinds of the robustness tests (empty, binary, PDF, undecodable, too large, a broken
    link), hostile encodings, HTML and a JSONL batch with bad lines, beside a good article: each
    must become an error row or a record, as `parse` makes it, and never fail the job."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "good.txt").write_text("Germany pledged €500 million in military aid to Ukraine on 3 March 2025.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "report.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (folder / "undecodable.txt").write_bytes(bytes(range(128, 256)) * 20)
    (folder / "garbage.txt").write_bytes(bytes((i * 37 + 11) % 256 for i in range(3000)))
    (folder / "huge.txt").write_text("Ukraine. " * 1000, encoding="utf-8")
    (folder / "cp1251.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (folder / "utf16.txt").write_bytes(RUSSIAN.encode("utf-16-le"))
    (folder / "stray.txt").write_bytes("Польша передала Украине 14 гаубиц Krab.".encode() + b"\xff")
    (folder / "broken.txt").symlink_to(folder / "missing.txt")
    (folder / "page.html").write_text("<html><body><nav>Menu</nav><p>Canada will send Ukraine 4 Leopard 2 tanks.</p></body></html>",
                                      encoding="utf-8")
    (folder / "batch.jsonl").write_text(
        json.dumps({"id": "a1", "text": "Poland delivered 14 Krab howitzers to Ukraine.", "language": "en"}) + "\n"
        + "{not json\n" + json.dumps({"id": "a3", "text": 7}) + "\n"
        + json.dumps({"id": "a4", "text": "x", "reference_date": "14.11.2024"}) + "\n", encoding="utf-8")
    (folder / ".draft.txt").write_text("Norway pledged 2 billion kroner to Ukraine.", encoding="utf-8")
    (folder / "nothing").mkdir()  # given as an input of its own: a folder without articles
    (folder / "notes.csv").write_text("Italy pledged 3 SAMP/T batteries to Ukraine.", encoding="utf-8")  # read when named
    return folder


def _parse(inputs: list[str], *options: str, cwd: Path = ROOT) -> tuple[dict[str, dict], set[tuple[str, str]]]:
    """The records of `aidextract parse` by source, and its errors as (source, reason)."""
    run = aidextract("parse", *inputs, *options, cwd=cwd)
    errors = {tuple(line[len("aidextract: "):].split(": ", 1)) for line in run.stderr.splitlines()
              if line.startswith("aidextract: ") and ": warning: " not in line}
    return {record["source"]: record for record in run.records}, errors  # type: ignore[return-value]


def _errors(folder: Path) -> set[tuple[str, str]]:
    import pyarrow.parquet as pq

    return {(row["source"], row["reason"]) for row in pq.read_table(folder).to_pylist()}


def test_the_job_on_a_standalone_cluster_equals_parse_record_for_record(cluster, bad_inputs, tmp_path):
    # relative paths are named as parse names them; a glob that matches nothing and a folder
    # without articles are errors of the listing
    inputs = ["samples", "tests/gold/texts/", str(bad_inputs), str(bad_inputs / "nothing"), str(bad_inputs / "*.pdf"),
              str(bad_inputs / "notes.csv")]
    options = ["--max-bytes", "5000", "--reference-date", "2025-03-10"]
    started = time.perf_counter()
    job = aidextract("spark", *inputs, "-o", str(tmp_path / "out"), "--master", cluster.url, "--format", "jsonl", *options, cwd=ROOT)
    seconds = time.perf_counter() - started
    summary = job.stderr.strip().splitlines()[-1]
    print(f"\n[spark] `aidextract spark` on {cluster.url}: {summary} (with Spark's start-up: {seconds:.1f} s)")
    assert job.code == 1, job.stderr  # some inputs fail, as with parse: exit 1, and the job finishes
    assert summary.startswith("aidextract spark: ") and " records, " in summary and " words/s)" in summary
    lines = [line for part in sorted((tmp_path / "out" / "records").glob("part-*"))
             for line in part.read_text(encoding="utf-8").splitlines()]
    spark_records = {record["source"]: record for record in map(json.loads, lines)}
    spark_errors = _errors(tmp_path / "out" / "errors")

    expected, expected_errors = _parse(inputs, *options)
    hidden = str(bad_inputs / ".draft.txt")  # Hadoop's listing passes over it, and the job says so
    assert hidden in expected and hidden not in spark_records
    del expected[hidden]
    assert len(expected) >= 60 and "samples/de_germany_iris_t.txt" in expected
    assert spark_records == expected  # same ids, values, spans, warnings
    assert spark_errors == expected_errors | {(hidden, spark_module._HIDDEN)}
    reasons = {Path(source).name: reason for source, reason in spark_errors}
    assert reasons["broken.txt"] == "broken symbolic link" and reasons["*.pdf"] == "no file matches this pattern"
    assert {"image.txt", "report.txt", "undecodable.txt", "garbage.txt", "huge.txt", "nothing"} <= set(reasons)
    assert {"cp1251.txt", "utf16.txt", "stray.txt", "empty.txt", "notes.csv"} <= {Path(source).name for source in spark_records}


def test_spark_submit_reads_a_table_of_articles_into_typed_records(cluster, tmp_path):
    """spark-submit runs the module as a file; a Parquet table of articles (`text`, an integer
    `id`, a date `reference_date`) gives typed Parquet records holding every value that `parse`
    writes for the same rows as JSONL, and the rows it refuses as errors."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    table = pa.table({"id": pa.array(range(len(texts) + 1), pa.int64()),
                      "text": [*texts, None],
                      "reference_date": pa.array([date(2024, 11, 14)] * (len(texts) + 1), pa.date32())})
    pq.write_table(table, tmp_path / "articles.parquet")
    rows = [{"id": row["id"], "reference_date": "2024-11-14", **({"text": row["text"]} if row["text"] is not None else {})}
            for row in table.to_pylist()]
    (tmp_path / "articles.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")

    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    env = {**cluster.env, "PYTHONIOENCODING": "utf-8"}
    job = subprocess.run([str(submit), "--master", cluster.url, spark_module.__file__,
                          str(tmp_path / "articles.parquet"), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, env=env, timeout=300)
    # spark-submit's PythonRunner passes the driver's stderr on to its own stdout
    summary = [line for line in (job.stdout + job.stderr).splitlines() if line.startswith("aidextract spark: ")]
    print(f"\n[spark] spark-submit to {cluster.url}: {summary}")
    assert job.returncode == 1 and len(summary) == 1, job.stderr[-3000:]
    typed = {row["id"]: row for row in pq.read_table(tmp_path / "out" / "records").to_pylist()}
    expected, expected_errors = _parse([str(tmp_path / "articles.jsonl")])
    assert len(typed) == len(texts) and set(typed) == {record["id"] for record in expected.values()}
    for record in expected.values():
        assert _without_nulls({**typed[record["id"]], "source": None}) == _without_nulls({**record, "source": None})
    assert {reason for _, reason in _errors(tmp_path / "out" / "errors")} == {reason for _, reason in expected_errors} \
        == {'missing or non-string "text"'}


@pytest.fixture(scope="module")
def session(cluster):
    """A SparkSession of this process on the cluster; its JVM ends with it."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    saved = {name: os.environ.get(name) for name in ("PYSPARK_PYTHON", "PYTHONPATH")}
    os.environ.update({name: cluster.env[name] for name in saved})  # the executors' Python and package
    spark = SparkSession.builder.master(cluster.url).appName("aidextract-library") \
        .config("spark.ui.showConsoleProgress", "false").getOrCreate()
    try:
        yield spark
    finally:
        spark.stop()
        gateway = SparkContext._gateway
        if gateway is not None:
            gateway.shutdown()
            gateway.proc.terminate()
            gateway.proc.wait(30)
            SparkContext._gateway = SparkContext._jvm = None
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_the_library_maps_a_dataframe_of_texts_and_each_worker_loads_a_pipeline_once(session, tmp_path):
    """`extract` on a DataFrame of texts in six partitions (Arrow batches) gives the records of
    `parse` on the same rows; then each Python worker tells what its pipeline cache saw: every
    article's pipeline came from it, and each worker loaded a language once, not per batch or row."""
    from aidextract.spark import extract

    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    rows = [{"id": f"{copy}-{n}", "text": text} for copy in range(3) for n, text in enumerate(texts)]
    articles = session.createDataFrame(rows, "id string, text string").repartition(6)
    records, errors = extract(articles, reference_date="2025-03-10")
    typed = {row["id"]: row.asDict(recursive=True) for row in records.collect()}
    assert errors.count() == 0
    (tmp_path / "rows.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    expected, _ = _parse([str(tmp_path / "rows.jsonl"), "--reference-date", "2025-03-10"])
    assert set(typed) == {record["id"] for record in expected.values()}
    for record in expected.values():
        assert _without_nulls({**typed[record["id"]], "source": None}) == _without_nulls({**record, "source": None})

    def cache_of(batches):
        import pyarrow as pa

        from aidextract.pipeline import load

        for _ in batches:
            pass
        info = load.cache_info()
        yield pa.RecordBatch.from_pylist([{"pid": os.getpid(), "calls": info.hits + info.misses, "loads": info.misses}])

    probe = session.range(0, 8, numPartitions=8).mapInArrow(cache_of, "pid long, calls long, loads long")
    workers = {row["pid"]: row for row in probe.collect()}
    print(f"\n[spark] {len(rows)} articles in 6 batches: Python workers' pipeline caches {sorted(workers.values())}")
    assert sum(row["calls"] for row in workers.values()) == len(rows)  # every article's pipeline came from a cache
    languages = len({Path(name).name[:2] for name in map(str, SAMPLES.glob("*.txt"))})
    assert all(row["loads"] <= languages for row in workers.values()) and len(workers) <= 2 < 6


def test_the_spark_schema_is_the_json_schema_of_aidextract_schema():
    """Every level of the Spark schema generated from the pydantic model has the JSON Schema's
    properties (`aidextract schema`), in order, with the matching types."""
    json_schema = json.loads(aidextract("schema").stdout)
    spark_schema = spark_module.spark_schema().jsonValue()
    assert [field["name"] for field in spark_schema["fields"]][:3] == ["schema_version", "id", "source"]
    _same_shape(spark_schema, json_schema, json_schema["$defs"], "record")


def _same_shape(spark: dict | str, node: dict, defs: dict, where: str) -> None:
    def resolve(node: dict) -> dict:
        return defs[node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else node

    node = resolve(node)
    options = [resolve(option) for option in node.get("anyOf", [node]) if option.get("type") != "null"]
    kinds = {option.get("type") for option in options}
    if kinds == {"object"}:
        assert isinstance(spark, dict) and spark["type"] == "struct", where
        assert [field["name"] for field in spark["fields"]] == list(options[0]["properties"]), where
        for field in spark["fields"]:
            _same_shape(field["type"], options[0]["properties"][field["name"]], defs, f"{where}.{field['name']}")
    elif kinds == {"array"}:
        assert isinstance(spark, dict) and spark["type"] == "array", where
        _same_shape(spark["elementType"], options[0]["items"], defs, f"{where}[]")
    else:
        expected = "long" if kinds == {"integer"} else "double" if kinds <= {"integer", "number"} \
            else "boolean" if kinds == {"boolean"} else "string"
        assert spark == expected, (where, spark, expected)


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def test_without_the_extra_the_command_says_so(tmp_path):
    """`aidextract spark` where pyspark is not installed: one line and exit 2, no traceback."""
    run = subprocess.run([sys.executable, "-c", "import sys; sys.modules['pyspark'] = None  # as if not installed\n"
                          "from aidextract.cli import main; sys.argv = ['aidextract', 'spark', 'x', '-o', 'y']; main()"],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 2 and "pip install 'aidextract[spark]'" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
