"""The quality ratchet: F1 per field on our development gold and on the seeds never drops below
the level reached (tests/gold/ratchet.json)."""

from __future__ import annotations

import json

import pytest

from aidextract.evaluate import FIELDS, evaluate
from conftest import ROOT, SEEDS

RATCHET = json.loads((ROOT / "tests" / "gold" / "ratchet.json").read_text(encoding="utf-8"))
SETS = {
    "dev": (ROOT / "tests" / "gold" / "dev.gold.jsonl", ROOT / "tests" / "gold" / "texts"),
    "seeds": (SEEDS.parent / "eval" / "seeds.gold.jsonl", SEEDS),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_f1_does_not_drop_below_the_ratchet(name):
    gold, texts = SETS[name]
    if not gold.exists():
        pytest.skip(f"{gold} is not beside the project")
    report = evaluate(gold, texts)
    scores = {field: round(report.overall[field].f1, 4) for field in FIELDS}
    below = {field: (scores[field], floor) for field, floor in RATCHET[name].items() if scores[field] < floor}
    assert below == {}, f"F1 below the ratchet (score, floor): {below}"


def test_dev_gold_covers_every_language_with_realistic_articles():
    gold, texts = SETS["dev"]
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 40
    assert {row["lang"] for row in rows} == {"en", "bg", "uk", "ru", "de", "fr", "pl", "es", "pt", "it"}
    for row in rows:
        words = len((texts / row["file"]).read_text(encoding="utf-8").split())
        assert 300 <= words <= 900, (row["id"], words)
