"""aidextract on an Apache Spark cluster (the `spark` extra): a DataFrame of articles in, a
DataFrame of typed records out, and the `aidextract spark` job.

    from aidextract.spark import extract
    records, errors = extract(spark.read.format("binaryFile").load("s3a://archive/2024/"))

Each Python worker runs the code path of `aidextract parse` (the decoding, HTML reduction and
error handling of sources.py, then runner.process) on Arrow batches, and keeps each language's
pipeline loaded for as long as Spark keeps the worker (`pipeline.load` is cached per process).
A worker returns every record as the JSON line `parse` writes; Spark then reads it into the
nested schema generated from the pydantic record model (`spark_schema`), never written by hand.
Inputs that cannot be read become rows of the errors table (source, reason), as `parse` reports
them on stderr; they never fail the job.

This module uses absolute imports so that spark-submit can run it as a file:
    spark-submit --master spark://HOST:7077 $(python -c 'import aidextract.spark as m; print(m.__file__)') INPUT... -o OUT
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__" and os.path.abspath(sys.path[0] or ".") == os.path.dirname(os.path.abspath(__file__)):
    # run as a file: Python put this package's folder first on the path, where its numbers.py
    # would stand for the standard library's `numbers` (that decimal imports)
    del sys.path[0]

import argparse
import contextlib
import glob
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from aidextract.records import ArticleRecord
from aidextract.sources import SUFFIXES, Input, InputError, ReadOptions, from_bytes, from_row, list_files

# what each worker returns per input: the record as `parse` writes it, or the reason it failed
_RESULT_DDL = "source string, record string, error string, words long"


def spark_schema() -> Any:
    """The Spark schema of a record: ArticleRecord's JSON Schema (`aidextract schema`), as types."""
    json_schema = ArticleRecord.model_json_schema()
    return _spark_type(json_schema, json_schema.get("$defs", {}))


def _spark_type(node: dict, defs: dict) -> Any:
    from pyspark.sql import types as T

    if "$ref" in node:
        return _spark_type(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    options = [option for option in node.get("anyOf", []) if option.get("type") != "null"]
    if options:
        kinds = {option.get("type") for option in options}
        if kinds <= {"integer", "number"}:
            return T.DoubleType() if "number" in kinds else T.LongType()
        return _spark_type(options[0], defs) if len(options) == 1 else T.StringType()
    kind = node.get("type")
    if kind == "object":
        return T.StructType([T.StructField(name, _spark_type(sub, defs), nullable=True)
                             for name, sub in node.get("properties", {}).items()])
    if kind == "array":
        return T.ArrayType(_spark_type(node.get("items", {}), defs), containsNull=True)
    return {"integer": T.LongType(), "number": T.DoubleType(), "boolean": T.BooleanType()}.get(kind or "", T.StringType())


def extract(articles: Any, *, lang: str | None = None, reference_date: str | None = None,
            max_bytes: int = 20_000_000, encoding: str | None = None) -> tuple[Any, Any]:
    """(records, errors) of a DataFrame of articles: columns `text`, or raw `content` bytes with
    their `path` (Spark's binaryFile source); optional `id`, `language`, `reference_date`.
    Both come from one pass of the pipelines: the results they share are cached (Spark frees
    them with `spark.catalog.clearCache()`), or using both would extract every article twice."""
    results = raw_results(articles, lang=lang, reference_date=reference_date, max_bytes=max_bytes, encoding=encoding).cache()
    return typed_records(results), errors_of(results)


def typed_records(results: Any) -> Any:
    """The records of `raw_results`, typed by `spark_schema()`."""
    from pyspark.sql import functions as F

    return results.where(F.col("record").isNotNull()) \
        .select(F.from_json("record", spark_schema()).alias("record")).select("record.*")


def errors_of(results: Any) -> Any:
    """The inputs of `raw_results` that gave no record: (source, reason)."""
    from pyspark.sql import functions as F

    return results.where(F.col("error").isNotNull()).select("source", F.col("error").alias("reason"))


_ROW_COLUMNS = ("id", "language", "reference_date")  # optional, read as strings (a date column as YYYY-MM-DD)


def raw_results(articles: Any, *, lang: str | None = None, reference_date: str | None = None,
                max_bytes: int = 20_000_000, encoding: str | None = None) -> Any:
    """One row per input: its source, the record as the JSON line `parse` writes, or its error."""
    from pyspark.sql import functions as F

    columns = set(articles.columns)
    if not ({"text"} <= columns or {"content", "path"} <= columns):
        raise ValueError("articles need a `text` column, or `content` and `path` (binaryFile)")
    wanted = [F.col(c) for c in ("text", "content", "path") if c in columns] \
        + [F.col(c).cast("string") for c in _ROW_COLUMNS if c in columns]

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from aidextract.runner import RunOptions

        options = RunOptions(lang=lang, reference_date=reference_date, max_bytes=max_bytes,
                             encoding=encoding)  # once per partition, not per row
        reading = ReadOptions(max_bytes=max_bytes, encoding=encoding)
        schema = _arrow_results()
        for batch in batches:
            rows = [result for row in batch.to_pylist() for result in _results(row, options, reading)]
            yield pa.RecordBatch.from_pylist(rows, schema=schema)

    return articles.select(*wanted).mapInArrow(run, _RESULT_DDL)


def _arrow_results() -> Any:
    import pyarrow as pa

    return pa.schema([("source", pa.string()), ("record", pa.string()), ("error", pa.string()), ("words", pa.int64())])


def _results(row: dict, options: Any, reading: ReadOptions) -> Iterator[dict]:
    from aidextract.runner import Done, process

    for item in _inputs(row, reading):
        result = process(item, options)
        if isinstance(result, Done):
            yield {"source": result.source, "record": result.line, "error": None, "words": result.words}
        else:
            yield {"source": result.source, "record": None, "error": result.reason, "words": 0}


def _inputs(row: dict, options: ReadOptions) -> Iterator[Input]:
    """The articles of one row, read as `parse` reads a file, or as it reads a JSONL line (the
    source of a table row is its id)."""
    if row.get("content") is not None or row.get("path") is not None:
        name = local_name(row["path"])
        if row.get("content") is None:
            yield InputError(name, "cannot read")
        else:
            yield from from_bytes(bytes(row["content"]), name, options)
        return
    fields = {key: row[key] for key in ("text", *_ROW_COLUMNS) if row.get(key) is not None}
    yield from_row(fields, fields.get("id", "<row>"))


def local_name(path: str) -> str:
    """A file's name as `parse` would print it: Spark's "file:/x/y.txt" is "/x/y.txt"; other
    schemes (hdfs://, s3a://) keep their URI."""
    if path.startswith("file://"):
        return path[len("file://"):]
    return path[len("file:"):] if path.startswith("file:") else path


# ----------------------------------------------------------------------------- the job


def read_inputs(spark: Any, paths: list[str]) -> tuple[Any, list[tuple[str, str]]]:
    """A DataFrame of article files (binaryFile: directories, globs; JSONL files too, read in the
    worker), and one of Parquet tables of articles (`text`, ...), unioned by name; plus the
    inputs that could not be listed, as (source, reason). Local paths are listed first as `parse`
    lists them, for its errors (broken links, folders without articles, globs that match
    nothing), and a relative one names its files as `parse` does (`samples/x.txt`)."""
    from functools import reduce

    from pyspark.errors import AnalysisException
    from pyspark.sql import functions as F

    default_fs = spark.sparkContext._jsc.hadoopConfiguration().get("fs.defaultFS", "file:///")
    nulls = [F.lit(None).cast("string").alias(c) for c in ("text", *_ROW_COLUMNS)]
    frames, errors = [], []
    for path in paths:
        try:
            if PurePosixPath(path.rstrip("/")).suffix.lower() == ".parquet":
                table = spark.read.parquet(path)
                frames.append(table.select(
                    F.col("text") if "text" in table.columns else F.lit(None).cast("string").alias("text"),
                    *[(F.col(c) if c in table.columns else F.lit(None)).cast("string").alias(c) for c in _ROW_COLUMNS],
                    F.lit(None).cast("binary").alias("content"), F.lit(None).cast("string").alias("path")))
                continue
            local = _local_path(path, default_fs)
            if local is None:
                spark.read.format("binaryFile").load(path)  # raises now if nothing is there
            else:
                files_found = False
                for found in list_files(local):
                    if isinstance(found, InputError):
                        errors.append((found.source, found.reason))
                    elif _hidden_to_hadoop(found[0], local):
                        errors.append((found[1], _HIDDEN))
                    else:
                        files_found = True
                if not files_found:
                    continue
            base = os.getcwd() if local is not None and not os.path.isabs(local) else None
            named = local is not None and os.path.isfile(local)  # a file named as input is read, as by parse, whatever its suffix
            # binaryFiles, not the binaryFile source: that one passes over empty files, which
            # `parse` reports ("empty input")
            files = spark.sparkContext.binaryFiles(path) \
                .filter(lambda pair, named=named: named or pair[0].lower().endswith(SUFFIXES)) \
                .map(lambda pair, base=base: (_name(pair[0], base), pair[1]))
            frames.append(spark.createDataFrame(files, "path string, content binary").select(*nulls, "content", "path"))
        except AnalysisException as error:
            errors.append((path, "not found" if "PATH_NOT_FOUND" in str(error) else f"cannot read: {error}"))
    if not frames:
        return None, errors
    return reduce(lambda a, b: a.unionByName(b), frames), errors


_HIDDEN = "not read: Spark passes over files and folders whose names begin with '_' or '.'"


def _local_path(path: str, default_fs: str) -> str | None:
    """The path on this machine's file system, or None for hdfs://, s3a://, ..."""
    if path.startswith("file:"):
        return local_name(path)
    return path if "://" not in path and default_fs.startswith("file:") else None


def _hidden_to_hadoop(file: Path, given: str) -> bool:
    """Hadoop's listing skips names that begin with '_' or '.' (its _SUCCESS, .crc files) below
    the folder of an input: such a file is listed by `parse`, never by Spark."""
    if glob.has_magic(given):
        root = os.path.dirname(re.split(r"[*?[]", given, maxsplit=1)[0])
    else:
        root = given if os.path.isdir(given) else os.path.dirname(given)
    return any(part.startswith(("_", ".")) for part in Path(os.path.relpath(file, root or ".")).parts if part != "..")


def _name(path: str, base: str | None) -> str:
    """A file's name in records and errors: its local path, relative to `base` when the input was."""
    name = local_name(path)
    return os.path.relpath(name, base) if base and name.startswith("/") else name


# Spark packs small files into splits of up to 128 MB: a folder of articles is one task, run by
# one core. Unless told (--partitions), the job spreads the articles over a few tasks per core,
# so that the cores share the work and a slow task is not the whole job.
_TASKS_PER_CORE = 4


def run_job(paths: list[str], output: str, *, master: str | None = None, fmt: str = "parquet",
            lang: str | None = None, reference_date: str | None = None, max_bytes: int = 20_000_000,
            encoding: str | None = None, partitions: int | None = None, err=sys.stderr) -> int:
    """Read, extract, write OUT/records (Parquet or JSONL) and OUT/errors; print the counts.
    Exit status as `parse`'s: 0, or 1 when some inputs failed."""
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    builder = SparkSession.builder.appName("aidextract")
    if master:
        builder = builder.master(master)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this Python (with aidextract) unless told otherwise
    builder = builder.config("spark.ui.showConsoleProgress", "false")  # stderr: our counts, not progress bars
    builder = builder.config("spark.hadoop.mapreduce.input.fileinputformat.input.dir.recursive", "true")  # directories: all below
    builder = builder.config("spark.python.worker.reuse", "true")  # a worker keeps its loaded pipelines from task to task
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter()
    try:
        articles, listing_errors = read_inputs(spark, paths)
        listed = spark.createDataFrame(listing_errors, "source string, reason string")
        if articles is None:
            results = spark.createDataFrame([], _RESULT_DDL)
        else:
            splits = articles.rdd.getNumPartitions()
            tasks = partitions or max(splits, _TASKS_PER_CORE * spark.sparkContext.defaultParallelism)
            if tasks != splits:
                articles = articles.repartition(tasks)
            results = raw_results(articles, lang=lang, reference_date=reference_date, max_bytes=max_bytes,
                                  encoding=encoding).cache()
        if fmt == "jsonl":
            results.where(F.col("record").isNotNull()).select("record").write.mode("overwrite").text(f"{output}/records")
        else:
            typed_records(results).write.mode("overwrite").parquet(f"{output}/records")
        errors_of(results).unionByName(listed).write.mode("overwrite").parquet(f"{output}/errors")
        totals = results.agg(F.count("*").alias("articles"), F.count("record").alias("records"),
                             F.coalesce(F.sum("words"), F.lit(0)).alias("words")).first()
        assert totals is not None  # an aggregate has one row
        failed = totals["articles"] - totals["records"] + len(listing_errors)
        seconds = time.perf_counter() - started
        err.write(f"aidextract spark: {totals['articles'] + len(listing_errors)} articles, {totals['records']} records, "
                  f"{failed} errors, {totals['words']:,} words in {seconds:.1f} s "
                  f"({totals['words'] / max(seconds, 1e-9):,.0f} words/s) -> {output}/records, {output}/errors\n")
        return 1 if failed else 0
    finally:
        spark.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StandaloneCluster:
    """A standalone master and one-core workers on 127.0.0.1, started as `start-master.sh` and
    `start-worker.sh` start them, through the spark-daemon.sh that ships in the pyspark package,
    with logs and pids under `work`: to try the job on one machine (the tests and the benchmark
    do). `stop()` ends them, and kills what did not stop."""

    def __init__(self, work: Path, workers: int = 2):
        import pyspark

        self.workers = workers
        self.home = Path(pyspark.__file__).parent
        self.work = work
        self.port = _free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        # executors run this Python (PYSPARK_PYTHON) and import this copy of aidextract: the
        # folder that holds the package goes first on the workers' PYTHONPATH, which Spark passes
        # on to the Python workers of their executors
        package_root = str(Path(__file__).resolve().parent.parent)
        python_path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
        self.env = {**os.environ, "SPARK_HOME": str(self.home), "SPARK_LOG_DIR": str(work / "logs"),
                    "SPARK_PID_DIR": str(work / "pids"), "SPARK_WORKER_DIR": str(work / "work"),
                    "SPARK_LOCAL_IP": "127.0.0.1", "SPARK_IDENT_STRING": "aidextract",
                    "PYSPARK_PYTHON": sys.executable, "PYTHONPATH": python_path}

    def _daemon(self, action: str, role: str, instance: int, *args: str) -> None:
        cls = f"org.apache.spark.deploy.{role.lower()}.{role}"
        subprocess.run(["bash", str(self.home / "sbin" / "spark-daemon.sh"), action, cls, str(instance), *args],
                       env=self.env, check=action == "start", capture_output=True, timeout=60)

    def start(self) -> None:
        self._daemon("start", "Master", 1, "--host", "127.0.0.1", "--port", str(self.port),
                     "--webui-port", str(_free_port()))
        for n in range(1, self.workers + 1):
            self._daemon("start", "Worker", n, "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                         "--webui-port", str(_free_port()), self.url)
        deadline = time.monotonic() + 90
        while self.registered() < self.workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"workers did not register:\n{self.master_log()}")
            time.sleep(0.5)

    def master_log(self) -> str:
        logs = sorted((self.work / "logs").glob("*Master*.out"))
        return logs[0].read_text(errors="replace") if logs else ""

    def registered(self) -> int:
        return self.master_log().count("Registering worker")

    def __enter__(self) -> StandaloneCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        running = self.pids()
        for n in range(1, self.workers + 1):
            self._daemon("stop", "Worker", n)
        self._daemon("stop", "Master", 1)
        deadline = time.monotonic() + 20
        while running and time.monotonic() < deadline:
            time.sleep(0.2)
            running = [pid for pid in running if alive(pid)]
        for pid in running:  # whatever did not stop
            with contextlib.suppress(OSError):
                os.kill(pid, 9)

    def pids(self) -> list[int]:
        """The daemons running now, by their pid files (spark-daemon.sh removes them on stop)."""
        pids = []
        for pid_file in (self.work / "pids").glob("*.pid"):
            with contextlib.suppress(OSError, ValueError):
                pids.append(int(pid_file.read_text().strip()))
        return [pid for pid in pids if alive(pid)]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: list[str] | None = None) -> None:
    """spark-submit entry: the same options as `aidextract spark`."""
    parser = argparse.ArgumentParser(prog="aidextract.spark", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--master")
    parser.add_argument("--format", choices=("parquet", "jsonl"), default="parquet")
    parser.add_argument("--lang")
    parser.add_argument("--reference-date")
    parser.add_argument("--max-bytes", type=int, default=20_000_000)
    parser.add_argument("--encoding")
    parser.add_argument("--partitions", type=int)
    args = parser.parse_args(argv)
    sys.exit(run_job(args.paths, args.output, master=args.master, fmt=args.format, lang=args.lang,
                     reference_date=args.reference_date, max_bytes=args.max_bytes, encoding=args.encoding,
                     partitions=args.partitions))


if __name__ == "__main__":
    main()
