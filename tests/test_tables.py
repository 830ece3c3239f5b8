"""`aidextract table` and `aidextract packages`: flat rows an analyst opens in a spreadsheet, and
one row per distinct commitment across articles."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SAMPLES, aidextract

from aidextract.consolidate import Report, relation, rounding, values_agree

ARTICLES = ROOT / "tests" / "tables" / "articles"
EXPECTED = yaml.safe_load((ROOT / "tests" / "tables" / "expected.yaml").read_text(encoding="utf-8"))["commitments"]


@pytest.fixture(scope="module")
def sample_records(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tables") / "samples.jsonl"
    result = aidextract("parse", str(SAMPLES))
    assert result.code == 0, result.stderr
    path.write_text(result.stdout, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def set_records(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tables") / "set.jsonl"
    path.write_text(aidextract("parse", str(ARTICLES)).stdout, encoding="utf-8")
    return path


def _csv_rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so that Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("kind, key", [("packages", "donor"), ("items", "name"), ("amounts", "value"),
                                       ("dates", "value"), ("articles", "title")])
def test_every_table_reads_back_with_the_csv_module(tmp_path, sample_records, kind, key):
    out = tmp_path / f"{kind}.csv"
    result = aidextract("table", kind, str(sample_records), "-o", str(out))
    assert result.code == 0, result.stderr
    rows = _csv_rows(out.read_bytes())
    assert rows and all(row["article_id"].startswith(str(SAMPLES)) for row in rows)
    assert key in rows[0]
    records = [json.loads(line) for line in sample_records.read_text(encoding="utf-8").splitlines()]
    if kind == "packages":
        assert len(rows) == sum(len(r["packages"]) for r in records)
    if kind == "items":
        assert len(rows) == sum(len(r["items"]) for r in records)
        texts = {r["id"]: Path(r["source"]).read_text(encoding="utf-8") for r in records}
        for row in rows:  # the evidence span points into its article
            assert texts[row["article_id"]][int(row["start"]):int(row["end"])] == row["evidence"]


def test_package_rows_list_their_items_readably(sample_records):
    result = aidextract("table", "packages", "--format", "tsv", str(sample_records))
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))
    german = next(row for row in rows if row["donor"] == "DE")
    assert german["value"] == "650000000" and german["currency"] == "EUR"
    assert "IRIS-T SLM ×2" in german["items"] and "155mm artillery round ×1,500" in german["items"]


def test_parquet_reads_back_with_pyarrow(tmp_path, sample_records):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "items.parquet"
    result = aidextract("table", "items", str(sample_records), "-o", str(out))
    assert result.code == 0, result.stderr
    table = pq.read_table(out)
    assert table.num_rows == len(_csv_rows(aidextract(shell=f"cat {sample_records} | {_cli()} table items").stdout.encode("utf-8-sig")))
    assert "quantity" in table.column_names and str(table.schema.field("quantity").type) == "int64"


def _cli() -> str:
    import sys

    return f"{sys.executable} -m aidextract"


def test_stdin_pipeline_and_bad_lines(tmp_path, sample_records):
    lines = sample_records.read_text(encoding="utf-8").splitlines()
    batch = tmp_path / "mixed.jsonl"
    batch.write_text(lines[0] + "\n{not json}\n" + lines[1] + "\n", encoding="utf-8")
    result = aidextract(shell=f"cat {batch} | {_cli()} table articles")
    assert result.code == 1
    assert "<stdin>:2: not a record" in result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))) == 2


def test_spreadsheet_formulas_are_neutralised():
    from aidextract.tables import _cell

    assert _cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and _cell("-5") == "-5" and _cell("a\nb") == "a b"


ROUNDING = [(725_000_000, 1e6), (700_000_000, 1e8), (1_350_000_000, 1e7), (400_000_000, 1e8), (1_500, 100)]


@pytest.mark.parametrize("value, unit", ROUNDING)
def test_rounding_unit_is_the_last_significant_digit(value, unit):
    assert rounding(value) == unit


AGREE = [(725e6, 7e8, True), (725e6, 752e6, False), (1.4e9, 1.35e9, True), (400e6, 425e6, True), (400e6, 460e6, False)]


@pytest.mark.parametrize("a, b, same", AGREE)
def test_values_agree_within_the_rounding_of_the_less_precise(a, b, same):
    assert values_agree(a, b) is same


def test_currencies_compare_only_with_a_rate_table():
    from datetime import date

    eur = Report("a", "DE", "UA", 500e6, "EUR", date(2024, 11, 1), None, "", "")
    usd = Report("b", "DE", "UA", 540e6, "USD", date(2024, 11, 2), None, "", "")
    assert relation(eur, usd) == "distinct"
    assert relation(eur, usd, rates={"EUR": 1.08}) == "same"


def test_consolidated_commitments_match_the_expected_merges(tmp_path, set_records):
    out = tmp_path / "packages.csv"
    result = aidextract("packages", str(set_records), "-o", str(out))
    assert result.code == 0, result.stderr
    rows = _csv_rows(out.read_bytes())
    predicted = [frozenset(Path(s).name for s in row["sources"].split("; ")) for row in rows]
    expected = [frozenset(c["reports"]) for c in EXPECTED.values()]

    def pairs(groups):
        return {frozenset(p) for g in groups for p in itertools.combinations(sorted(g), 2)}

    found, wanted = pairs(predicted), pairs(expected)
    precision = len(found & wanted) / len(found) if found else 1.0
    recall = len(found & wanted) / len(wanted) if wanted else 1.0
    print(f"\nmerge precision {precision:.3f}, recall {recall:.3f} ({len(found & wanted)} of {len(wanted)} pairs, {len(found)} merged)")
    assert sorted(map(sorted, predicted)) == sorted(map(sorted, expected))
    conflicted = {frozenset(Path(s).name for s in row["sources"].split("; ")): row for row in rows}
    us_69 = conflicted[frozenset(EXPECTED["us_69"]["reports"])]
    assert us_69["conflict"] == "True" and us_69["confidence"] == "low" and us_69["value"] == ""
    assert "725000000 USD" in us_69["values"] and "752000000 USD" in us_69["values"] and us_69["sequence"] == "69"
    germany = conflicted[frozenset(EXPECTED["germany_1_4bn"]["reports"])]
    assert (germany["value"], germany["currency"], germany["reports"], germany["confidence"]) == ("1400000000", "EUR", "2", "high")
    assert germany["first_reported"] == "2024-11-14" and germany["last_reported"] == "2024-11-15"
