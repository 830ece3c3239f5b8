"""The number grammar shared by amounts and counts: local formats, read exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aidextract.numbers import grammar

CASES = [
    # lang, surface, scale follows, value
    ("en", "8,400", False, "8400"),
    ("en", "1,000,000", False, "1000000"),
    ("en", "2.3", True, "2.3"),
    ("en", "1,500", True, "1500"),          # en: a comma groups even before "million"
    ("en", "1,234.5", False, "1234.5"),
    ("en", "thirty", False, "30"),
    ("en", "twenty-five", False, "25"),
    ("en", "two hundred", False, "200"),
    ("bg", "1,35", True, "1.35"),
    ("bg", "1.35", True, "1.35"),           # a point with two digits can only be a decimal
    ("bg", "1 000", False, "1000"),
    ("bg", "12\u00a0500", False, "12500"),  # no-break space
    ("uk", "1\u202f000\u202f000", False, "1000000"),  # narrow no-break space
    ("uk", "тридцять", False, "30"),
    ("ru", "тридцать", False, "30"),
    ("ru", "1,500", True, "1.5"),           # ru: a comma before "млрд" is a decimal mark
    ("de", "2.000", False, "2000"),
    ("de", "2,5", True, "2.5"),
    ("de", "1.234,56", False, "1234.56"),
    ("fr", "1 500", False, "1500"),
    ("pl", "1,3", True, "1.3"),
    ("es", "1.300", True, "1300"),          # es: "." groups, even before "millones"
    ("es", "14,300", True, "14300"),        # es: so does a comma with three digits (American press)
    ("es", "2,5", True, "2.5"),
    ("es", "mil 700", True, "1700"),        # Mexican press: "mil 700 millones"
    ("es", "2 mil 500", True, "2500"),      # and "2 mil 500 millones"
    ("it", "1,7", True, "1.7"),
    ("pt", "2,5", True, "2.5"),
]


@pytest.mark.parametrize("lang,surface,scale,value", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_numbers_are_read_exactly(lang, surface, scale, value):
    assert grammar(lang).parse(surface, scale_follows=scale) == Decimal(value)


@pytest.mark.parametrize("lang,surface", [("en", "1,00,0"), ("de", "1.23.4"), ("en", "seven-ish")])
def test_malformed_numbers_are_refused(lang, surface):
    assert grammar(lang).parse(surface) is None


@pytest.mark.parametrize("lang,text,found", [
    ("bg", "доставени 1 000 снаряда", "1 000"),
    ("en", "in 2023 155mm", "2023"),          # never glue a year and a calibre together
    ("fr", "1 500 obus", "1 500"),
])
def test_number_regex_finds_whole_numbers(lang, text, found):
    assert grammar(lang).regex.search(text).group() == found
