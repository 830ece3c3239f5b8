"""Byte-identity check of `aidextract parse`: the samples, the development texts, the real
articles (tests/real/texts, when fetched) and the benchmark corpus, each with and without
`--reference-date 2024-06-01`, against outputs saved before a change.

    .venv/bin/python benchmarks/identical.py save     # before the change: benchmarks/out/baseline/
    .venv/bin/python benchmarks/identical.py check    # after it: exit status 1 on any difference

`check` runs the parses with `--jobs 2` unless told otherwise, so the reassembly of the workers'
records is compared with the one-process baseline too.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import CLI, ROOT, build_corpus

BASELINE = ROOT / "benchmarks" / "out" / "baseline"
CURRENT = ROOT / "benchmarks" / "out" / "current"
CORPUS = ROOT / "benchmarks" / "out" / "corpus.jsonl"
REFERENCE_DATES = {"": [], "-ref": ["--reference-date", "2024-06-01"]}


def inputs() -> dict[str, Path]:
    """Name and path of every input set there is."""
    found = {"samples": ROOT / "samples", "dev": ROOT / "tests" / "gold" / "texts", "real": ROOT / "tests" / "real" / "texts"}
    return {name: path for name, path in found.items() if path.is_dir()} | {"corpus": CORPUS}


def parse_all(into: Path, jobs: int) -> None:
    into.mkdir(parents=True, exist_ok=True)
    CORPUS.parent.mkdir(parents=True, exist_ok=True)
    build_corpus(2400, CORPUS)
    for name, path in inputs().items():
        for suffix, options in REFERENCE_DATES.items():
            output = into / f"{name}{suffix}.jsonl"
            command = [*CLI, "parse", "--quiet", "--jobs", str(jobs), *options, str(path.relative_to(ROOT)), "-o", str(output)]
            subprocess.run(command, cwd=ROOT, check=True)


def differences() -> list[str]:
    """The outputs that are not byte-identical to their baseline, or have none."""
    return [path.name for path in sorted(CURRENT.glob("*.jsonl"))
            if not (BASELINE / path.name).exists() or (BASELINE / path.name).read_bytes() != path.read_bytes()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["save", "check"])
    parser.add_argument("--jobs", type=int, help="worker processes (save: 1, check: 2)")
    args = parser.parse_args()
    if args.action == "save":
        parse_all(BASELINE, args.jobs or 1)
        print(f"baseline saved in {BASELINE.relative_to(ROOT)}: {', '.join(p.name for p in sorted(BASELINE.glob('*.jsonl')))}")
        return
    parse_all(CURRENT, args.jobs or 2)
    different = differences()
    compared = sorted(path.name for path in CURRENT.glob("*.jsonl"))
    if different:
        sys.exit(f"NOT identical: {', '.join(different)}")
    print(f"byte-identical: {', '.join(compared)}")


if __name__ == "__main__":
    main()
