"""Month words that the tables do not list, but that share a listed form's stem, are accepted
only when dateparser reads the same date from the span."""

from __future__ import annotations

from aidextract.extract.dates import DateReader


def reader_without(lang: str, form: str) -> DateReader:
    reader = DateReader(lang)
    reader.months.exact.pop(form)  # as if the table had never listed this inflection
    return reader


def test_an_unlisted_inflection_is_confirmed_by_dateparser():
    reader = reader_without("pl", "listopadzie")
    (found,) = reader.find("Dostawy ruszyły 13 listopadzie 2024 r.")
    assert (found.year, found.month, found.day) == (2024, 11, 13)
    assert reader._parsed  # dateparser was asked, once, for that span


def test_a_word_that_only_shares_the_stem_is_not_a_month():
    reader = DateReader("en")
    found = reader.find("The Marchers gathered on 5 Marches 2024.")
    assert [f.month for f in found if f.month] == []
    assert "5 marches 2024" in reader._parsed  # asked, and dateparser said no
