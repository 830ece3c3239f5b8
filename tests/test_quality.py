"""The quality ratchet: F1 per field on our development gold, on the seeds and on the real-article
set (when its texts have been fetched: tests/real/README.md) never drops below the level reached
(tests/gold/ratchet.json)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, SEEDS

from aidextract.evaluate import FIELDS, evaluate
from aidextract.resources import LANGUAGES

RATCHET = json.loads((ROOT / "tests" / "gold" / "ratchet.json").read_text(encoding="utf-8"))
REAL = (ROOT / "tests" / "real" / "real.gold.jsonl", ROOT / "tests" / "real" / "texts")
SETS = {
    "dev": (ROOT / "tests" / "gold" / "dev.gold.jsonl", ROOT / "tests" / "gold" / "texts"),
    "seeds": (SEEDS.parent / "eval" / "seeds.gold.jsonl", SEEDS),
    "real": REAL,
    "real_no_reference_date": REAL,
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_f1_does_not_drop_below_the_ratchet(name):
    gold, texts = SETS[name]
    if not gold.exists():
        pytest.skip(f"{gold} is not beside the project")
    if gold == REAL[0] and not _real_texts_present():
        pytest.skip("the real-article texts are not fetched (tests/real/README.md)")
    report = evaluate(gold, texts, use_reference_date=not name.endswith("no_reference_date"))
    scores = {field: round(report.overall[field].f1, 4) for field in FIELDS}
    below = {field: (scores[field], floor) for field, floor in RATCHET[name].items() if scores[field] < floor}
    assert below == {}, f"F1 below the ratchet (score, floor): {below}"


def test_no_language_of_the_real_set_drops_below_its_floor():
    if not _real_texts_present():
        pytest.skip("the real-article texts are not fetched (tests/real/README.md)")
    report = evaluate(*REAL)
    below = {(lang, field): (round(report.by_language[lang][field].f1, 4), floor)
             for lang, floors in RATCHET["real_by_language"].items() for field, floor in floors.items()
             if round(report.by_language[lang][field].f1, 4) < floor}
    assert below == {}, f"F1 below the ratchet (score, floor): {below}"


def test_dev_gold_covers_every_language_with_realistic_articles():
    gold, texts = SETS["dev"]
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 40
    assert {row["lang"] for row in rows} == set(LANGUAGES)
    for row in rows:
        words = len((texts / row["file"]).read_text(encoding="utf-8").split())
        assert 300 <= words <= 900, (row["id"], words)


def _real_texts_present() -> bool:
    rows = [json.loads(line) for line in REAL[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    return all((REAL[1] / row["file"]).is_file() for row in rows)


def test_real_set_keeps_only_annotations_and_where_to_find_each_page_again():
    import subprocess

    rows = [json.loads(line) for line in REAL[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 80
    per_language: dict[str, int] = {}
    for row in rows:
        per_language[row["lang"]] = per_language.get(row["lang"], 0) + 1
        assert row["url"].startswith("http") and row["query"].strip() and len(row["sha256"]) == 64, row["id"]
        assert "text" not in row, row["id"]
    assert set(per_language) <= set(LANGUAGES)
    tracked = subprocess.run(["git", "ls-files", "tests/real/texts"], cwd=ROOT, capture_output=True, text=True).stdout
    assert tracked == "", "real article texts must never be committed"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_real_set_has_six_articles_in_every_language(lang):
    rows = [json.loads(line) for line in REAL[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    assert sum(row["lang"] == lang for row in rows) >= 6
