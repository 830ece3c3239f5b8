"""The benchmark corpus on a two-worker Spark standalone cluster against `parse --jobs 2`, on this
machine, in one run; the cost of one more Spark task, and Spark's fixed cost.

    .venv/bin/python benchmarks/spark.py [--articles 2400] [--parts 24]

The corpus of benchmarks/run.py (2,400 varied articles in the ten languages) is written as
--parts JSONL files, one task each (a JSONL file is one task), and again as 4x as many files:
the per-task overhead is the extra time of the same articles in 4x as many tasks. `parse --jobs 2`
reads the first set. Each Spark job is timed from submission to its end, Spark's own start-up
included, and as the job reports it (from its session on: executors starting, Python workers
importing aidextract and loading the pipelines, then the work). A job of --parts articles in
--parts tasks gives the fixed cost of a job; the steady rate per core is that of the full job
without it, the rate that sizes a long run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import build_corpus

from aidextract.spark import StandaloneCluster

BIN = Path(sys.executable).parent


def split(corpus: Path, folder: Path, parts: int) -> int:
    lines = corpus.read_text(encoding="utf-8").splitlines()
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(parts):
        (folder / f"part-{index:04d}.jsonl").write_text("\n".join(lines[index::parts]) + "\n", encoding="utf-8")
    return len(lines)


def timed(command: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(run.stderr)
    return time.perf_counter() - started, run.stderr


def spark_job(cluster: StandaloneCluster, parts: Path, out: Path, tasks: int) -> tuple[float, float]:
    """Seconds from submission, and the job's own seconds as it reports them."""
    seconds, stderr = timed([str(BIN / "aidextract"), "spark", str(parts), "-o", str(out), "--master", cluster.url,
                             "--format", "jsonl", "--partitions", str(tasks)])
    return seconds, float(stderr.rsplit(" words in ", 1)[1].split(" s", 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2400)
    parser.add_argument("--parts", type=int, default=24)
    args = parser.parse_args()
    few, many = args.parts, args.parts * 4
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        words = build_corpus(args.articles, tmp_path / "corpus.jsonl")[0]
        build_corpus(few, tmp_path / "tiny.jsonl", seed=11)
        articles = split(tmp_path / "corpus.jsonl", tmp_path / "parts", few)
        split(tmp_path / "corpus.jsonl", tmp_path / "many", many)
        split(tmp_path / "tiny.jsonl", tmp_path / "tiny", few)
        parse_seconds, _ = timed([str(BIN / "aidextract"), "parse", str(tmp_path / "parts"), "--jobs", "2",
                                  "-o", str(tmp_path / "parse.jsonl")])
        with StandaloneCluster(tmp_path / "cluster", workers=2) as cluster:
            runs = {"full": spark_job(cluster, tmp_path / "parts", tmp_path / "out-full", few),
                    "many": spark_job(cluster, tmp_path / "many", tmp_path / "out-many", many),
                    "tiny": spark_job(cluster, tmp_path / "tiny", tmp_path / "out-tiny", few)}
    full, more, tiny = runs["full"][1], runs["many"][1], runs["tiny"][1]
    per_task = (more - full) / (many - few)
    steady = (articles - few) / (full - tiny) / 2  # articles per second per core, Spark's fixed cost left out
    rows = [
        ("articles, words", f"{articles:,}, {words:,}"),
        ("parse --jobs 2 (same machine)", f"{parse_seconds:.1f} s: {articles / parse_seconds:.1f} articles/s, "
                                          f"{articles / parse_seconds / 2:.1f} per core"),
        (f"spark, 2 workers x 1 core, {few} tasks", f"{runs['full'][0]:.1f} s from submission ({full:.1f} s job): "
                                                   f"{articles / full:.1f} articles/s, {articles / full / 2:.1f} per core"),
        (f"spark, the same in {many} tasks", f"{runs['many'][0]:.1f} s from submission ({more:.1f} s job)"),
        ("per-task overhead", f"{per_task * 1000:.0f} ms"),
        (f"spark, {few} articles in {few} tasks", f"{runs['tiny'][0]:.1f} s from submission ({tiny:.1f} s job): "
                                                 "the fixed cost of a job"),
        ("spark, steady rate", f"{steady:.1f} articles/s per core (without the fixed cost)"),
        ("spark job / parse --jobs 2", f"{full / parse_seconds:.2f}x the time"),
        ("100 million articles", f"{1e8 / steady / 3600:,.0f} core-hours at the steady rate"),
    ]
    for name, value in rows:
        print(f"{name:<40} {value}")
    print(json.dumps({"articles": articles, "words": words, "parse_jobs2_s": round(parse_seconds, 2), "spark": runs,
                      "per_task_s": round(per_task, 4), "steady_articles_per_s_per_core": round(steady, 1)}))


if __name__ == "__main__":
    main()
