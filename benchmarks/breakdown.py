"""Where one process spends its time on the benchmark corpus: imports, loading the pipelines,
tokenization, our components, records and JSON.

    .venv/bin/python benchmarks/breakdown.py [--articles 2400] [--repeat 3] [--languages en,de,...]

Tokenization, components and records are timed in CPU seconds of this process (this machine is
shared: wall time counts the other processes' turns too), over `--repeat` rounds, each on a corpus
of its own (new numbers: new words for the vocabulary and the caches, as in a longer run); each
figure is the median over the rounds. Imports and loading are timed once.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from aidextract import api  # noqa: E402
from aidextract.extract.spans import SPANS  # noqa: E402
from aidextract.pipeline import load  # noqa: E402
from aidextract.sources import Article  # noqa: E402

IMPORTS = time.perf_counter() - STARTED
sys.path.insert(0, str(Path(__file__).parent))
from run import build_corpus  # noqa: E402


def one_round(rows: list[dict]) -> tuple[dict[str, float], dict[str, float]]:
    """CPU seconds of the tokenizer, the components and the records, and of each component."""
    clock = time.process_time
    spent = {"tokenizer": 0.0, "components": 0.0, "records": 0.0}
    per_component: dict[str, float] = {}
    for row in rows:
        nlp = load(row["language"])
        started = clock()
        doc = nlp.make_doc(row["text"])  # the tokenizer prepares the text too (prepare.py)
        tokenized = clock()
        for name, component in nlp.pipeline:
            if name == SPANS:
                continue  # records need no spaCy spans: parse runs without them (api.extract)
            before = clock()
            doc = component(doc)
            per_component[name] = per_component.get(name, 0.0) + clock() - before
        extracted = clock()
        article = Article(id=row["id"], source="bench", text=row["text"], language=row["language"])
        api.record_of(article, row["language"], doc._.aid).model_dump_json(exclude={"text"})
        spent["tokenizer"] += tokenized - started
        spent["components"] += extracted - tokenized
        spent["records"] += clock() - extracted
    return spent, per_component


def read_corpus(articles: int, seed: int) -> list[dict]:
    """The benchmark corpus of that seed (seed 7: the corpus of benchmarks/run.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        build_corpus(articles, corpus, seed=seed)
        return [json.loads(line) for line in corpus.open(encoding="utf-8")]


def medians(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2400)
    parser.add_argument("--repeat", type=int, default=3, help="rounds over the corpus (medians are reported)")
    parser.add_argument("--languages", help="only these, comma-separated (to compare with a commit that had fewer)")
    args = parser.parse_args()

    corpora = [read_corpus(args.articles, seed) for seed in range(7, 7 + args.repeat)]
    if args.languages:
        kept = set(args.languages.split(","))
        corpora = [[row for row in rows if row["language"] in kept] for rows in corpora]
    started = time.perf_counter()
    for lang in sorted({row["language"] for row in corpora[0]}):
        load(lang)
    spent = {"imports": IMPORTS, "loading": time.perf_counter() - started}
    rounds = [one_round(rows) for rows in corpora]
    spent |= medians([totals for totals, _ in rounds])
    for name, seconds in spent.items():
        print(f"{name:<11} {seconds:6.2f} s")
    print(f"{'total':<11} {sum(spent.values()):6.2f} s")
    for name, seconds in medians([components for _, components in rounds]).items():
        print(f"  {name:<22} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
