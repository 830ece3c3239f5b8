"""Output identity across a change: parse the samples, the dev and real texts and a benchmark
corpus, with and without a reference date, and save the JSONL, or compare it with a saved run.

    .venv/bin/python benchmarks/identical.py --save /tmp/before     # before the change
    .venv/bin/python benchmarks/identical.py --compare /tmp/before  # after it: exit 1 on any byte changed

`--jobs 2` on the comparison checks the workers' reassembly against a one-process run too.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import CLI, ROOT, build_corpus

INPUTS = ["samples", "tests/gold/texts", "tests/real/texts"]


def outputs(directory: Path, articles: int, jobs: int = 1) -> list[Path]:
    """Parse every input twice (no reference date; 2024-06-01) into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    corpus = Path(tempfile.gettempdir()) / "aidextract-identical" / "corpus.jsonl"  # one path: records name their source
    corpus.parent.mkdir(exist_ok=True)
    build_corpus(articles, corpus)
    written = []
    # inputs named relative to the checkout: records name their source, and checkouts are compared
    for name, source in [*((name.replace("/", "_"), Path(name)) for name in INPUTS), ("corpus", corpus)]:
        if not (ROOT / source).exists():
            continue
        for suffix, extra in (("", []), ("_ref", ["--reference-date", "2024-06-01"])):
            out = directory / f"{name}{suffix}.jsonl"
            subprocess.run([*CLI, "parse", str(source), "-o", str(out), "--quiet", "--jobs", str(jobs), *extra], cwd=ROOT, check=False)
            written.append(out)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--compare", type=Path)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes of every parse")
    args = parser.parse_args()
    if args.save:
        for path in outputs(args.save, args.articles, args.jobs):
            print(f"saved {path} ({path.stat().st_size:,} bytes)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        changed = [path.name for path in outputs(Path(tmp), args.articles, args.jobs)
                   if path.read_bytes() != (args.compare / path.name).read_bytes()]
    print("identical" if not changed else f"changed: {', '.join(changed)}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
