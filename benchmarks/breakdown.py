"""Where one process spends its time on the benchmark corpus: imports, loading the pipelines,
tokenization, our components, records and JSON.

    .venv/bin/python benchmarks/breakdown.py [--articles 2400]
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from aidextract import api  # noqa: E402
from aidextract.pipeline import load  # noqa: E402
from aidextract.sources import Article  # noqa: E402

IMPORTS = time.perf_counter() - STARTED
sys.path.insert(0, str(Path(__file__).parent))
from run import build_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2400)
    args = parser.parse_args()
    import json

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        build_corpus(args.articles, corpus)
        rows = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    spent = {"imports": IMPORTS, "loading": 0.0, "tokenizer": 0.0, "components": 0.0, "records": 0.0}
    per_component: dict[str, float] = {}
    started = time.perf_counter()
    for lang in sorted({row["language"] for row in rows}):
        load(lang)
    spent["loading"] = time.perf_counter() - started
    for row in rows:
        nlp = load(row["language"])
        started = time.perf_counter()
        doc = nlp.make_doc(row["text"])  # the tokenizer prepares the text too (prepare.py)
        tokenized = time.perf_counter()
        for name, component in nlp.pipeline:
            before = time.perf_counter()
            doc = component(doc)
            per_component[name] = per_component.get(name, 0.0) + time.perf_counter() - before
        extracted = time.perf_counter()
        article = Article(id=row["id"], source="bench", text=row["text"], language=row["language"])
        api.record_of(article, row["language"], doc._.aid).model_dump_json(exclude={"text"})
        spent["tokenizer"] += tokenized - started
        spent["components"] += extracted - tokenized
        spent["records"] += time.perf_counter() - extracted
    for name, seconds in spent.items():
        print(f"{name:<11} {seconds:6.2f} s")
    print(f"{'total':<11} {sum(spent.values()):6.2f} s")
    for name, seconds in per_component.items():
        print(f"  {name:<22} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
