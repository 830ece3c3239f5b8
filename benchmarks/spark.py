"""The benchmark corpus on a two-worker Spark standalone cluster against `parse --jobs 2`, on this
machine, in one run; and the cost of one more Spark task.

    .venv/bin/python benchmarks/spark.py [--articles 2400] [--parts 24]

The corpus of benchmarks/run.py (2,400 varied articles in the ten languages) is written as
--parts JSONL files, so that Spark has that many tasks to spread over its two one-core workers
(a JSONL file is one task). `parse --jobs 2` reads the same files. The Spark job is timed from
submission to its end, Spark's own start-up included, and then without it (the time the job
reports); the per-task overhead is the extra time of the same job cut into 4x as many tasks.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2400)
    parser.add_argument("--parts", type=int, default=24)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        words = build_corpus(args.articles, tmp_path / "corpus.jsonl")[0]
        articles = split(tmp_path / "corpus.jsonl", tmp_path / "parts", args.parts)
        parse_seconds, _ = timed([str(BIN / "aidextract"), "parse", str(tmp_path / "parts"), "--jobs", "2",
                                  "-o", str(tmp_path / "parse.jsonl")])
        with StandaloneCluster(tmp_path / "cluster", workers=2) as cluster:
            runs = {}
            for partitions in (args.parts, args.parts * 4):
                seconds, stderr = timed([str(BIN / "aidextract"), "spark", str(tmp_path / "parts"), "-o",
                                         str(tmp_path / f"out{partitions}"), "--master", cluster.url, "--format", "jsonl",
                                         "--partitions", str(partitions)])
                reported = float(stderr.rsplit(" words in ", 1)[1].split(" s", 1)[0])
                runs[partitions] = (seconds, reported)
    few, many = runs[args.parts], runs[args.parts * 4]
    per_task = (many[1] - few[1]) / (args.parts * 3)
    rows = [
        ("articles, words", f"{articles:,}, {words:,}"),
        ("parse --jobs 2 (same machine)", f"{parse_seconds:.1f} s: {articles / parse_seconds:.1f} articles/s, "
                                          f"{articles / parse_seconds / 2:.1f} per core"),
        (f"spark, 2 workers x 1 core, {args.parts} tasks", f"{few[0]:.1f} s from submission ({few[1]:.1f} s job): "
                                                          f"{articles / few[1]:.1f} articles/s, {articles / few[1] / 2:.1f} per core"),
        (f"spark, {args.parts * 4} tasks", f"{many[0]:.1f} s from submission ({many[1]:.1f} s job)"),
        ("per-task overhead", f"{per_task * 1000:.0f} ms"),
        ("spark job / parse --jobs 2", f"{few[1] / parse_seconds:.2f}x the time"),
    ]
    for name, value in rows:
        print(f"{name:<40} {value}")
    print(json.dumps({"articles": articles, "words": words, "parse_jobs2_s": parse_seconds, "spark": runs,
                      "per_task_s": per_task}))


if __name__ == "__main__":
    main()
