"""Runs the example corpora in tests/corpus/<extractor>/<xx>*.yaml (format: tests/corpus/README.md).

Each example is one test, named by file and position: `amounts/bg.yaml#3`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from aidextract.api import parse_text

CORPUS = Path(__file__).parent / "corpus"


def examples(extractor: str):
    params = []
    for path in sorted((CORPUS / extractor).glob("*.yaml")):
        corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
        reference = corpus.get("reference_date")
        for number, example in enumerate(corpus["examples"], start=1):
            # a known gap is written down, with its reason, and must keep failing until it is fixed
            marks = [pytest.mark.xfail(reason=example["xfail"], strict=True)] if "xfail" in example else []
            params.append(pytest.param(corpus["lang"], str(reference) if reference else None, example,
                                       id=f"{extractor}/{path.name}#{number}", marks=marks))
    return params


def locate(text: str, span: str, nth: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(nth):
        start = text.find(span, start + 1)
        assert start >= 0, f"corpus error: {span!r} is not in the example text"
    return start, start + len(span)


def check_spans(text: str, got: list, expected: list[dict], fields: tuple[str, ...]) -> None:
    """Compare extracted values with the expected ones, in order, field by field, span by span."""
    summary = [{k: getattr(g, k) for k in ("text", *fields)} for g in got]
    assert len(got) == len(expected), f"expected {expected}\n got {summary}"
    for found, want in zip(got, expected):
        for key in fields:
            if key in want:
                assert getattr(found, key) == want[key], f"{key}: expected {want}\n got {summary}"
        if "text" in want:
            start, end = locate(text, want["text"], want.get("nth", 1))
            assert (found.text, found.start, found.end) == (want["text"], start, end), f"span: expected {want}\n got {summary}"
        assert text[found.start:found.end] == found.text


@pytest.mark.parametrize("lang,reference,example", examples("amounts"))
def test_amounts(lang, reference, example):
    record = parse_text(example["text"], lang=lang, reference_date=reference)
    expected = [{"qualifier": None, **amount} for amount in example["amounts"]]
    check_spans(example["text"], record.amounts, expected, ("value", "currency", "qualifier"))


@pytest.mark.parametrize("lang,reference,example", examples("dates"))
def test_dates(lang, reference, example):
    record = parse_text(example["text"], lang=lang, reference_date=reference)
    check_spans(example["text"], record.dates, example["dates"], ("value", "granularity"))
    if "relative_dates" in example:
        check_spans(example["text"], record.relative_dates, example["relative_dates"], ("value", "granularity"))


@pytest.mark.parametrize("lang,reference,example", examples("items"))
def test_items(lang, reference, example):
    record = parse_text(example["text"], lang=lang, reference_date=reference)
    expected = [{"quantity": None, **item} for item in example["items"]]
    check_spans(example["text"], record.items, expected, ("name", "quantity", "role", "status", "approximate"))


@pytest.mark.parametrize("lang,reference,example", examples("entities"))
def test_entities(lang, reference, example):
    record = parse_text(example["text"], lang=lang, reference_date=reference)
    names = [e for e in record.entities if e.label != "demonym"]
    check_spans(example["text"], names, example["entities"], ("code",))


@pytest.mark.parametrize("lang,reference,example", examples("packages"))
def test_packages(lang, reference, example):
    record = parse_text(example["text"], lang=lang, reference_date=reference)
    got = [(p.donor, p.recipient, p.value, p.currency) for p in record.packages]
    want = [(p["donor"], p["recipient"], p.get("value"), p.get("currency")) for p in example["packages"]]
    assert got == want
    for package, expected in zip(record.packages, example["packages"]):
        for key in ("sequence", "mechanism"):
            if key in expected:
                assert getattr(package, key) == expected[key]
        if "items" in expected:
            assert [record.items[i].name for i in package.items] == expected["items"]
