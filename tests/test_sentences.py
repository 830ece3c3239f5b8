"""Sentence boundaries: roles, donors and packages are decided per sentence, so a missed boundary
spoils all three. Capitals of every script start a sentence; abbreviations and ordinals do not end one."""

from __future__ import annotations

import pytest

from aidextract.extract.sentences import split_sentences

SPLIT = [
    # (language, text, sentences)
    ("pl", "Polska przekazała czołgi. Łotwa wysłała drony.", ["Polska przekazała czołgi.", "Łotwa wysłała drony."]),
    ("pl", "Rząd ogłosił pakiet. Żołnierze dostaną sprzęt.", ["Rząd ogłosił pakiet.", "Żołnierze dostaną sprzęt."]),
    ("pl", "To nowy pakiet. Świat patrzy.", ["To nowy pakiet.", "Świat patrzy."]),
    ("it", "Roma invierà missili. È il decimo pacchetto.", ["Roma invierà missili.", "È il decimo pacchetto."]),
    ("fr", "Paris livre des canons. Élysée confirme.", ["Paris livre des canons.", "Élysée confirme."]),
    ("de", "Berlin liefert Panzer. Über 20 sind es.", ["Berlin liefert Panzer.", "Über 20 sind es."]),
    ("es", "España envía carros. Ángel Pérez lo dijo.", ["España envía carros.", "Ángel Pérez lo dijo."]),
    ("uk", "США надали допомогу. Євросоюз теж.", ["США надали допомогу.", "Євросоюз теж."]),
    ("ru", "Пакет объявлен. Ещё один будет позже.", ["Пакет объявлен.", "Ещё один будет позже."]),
    ("bg", "Пакетът е одобрен. Още един ще има.", ["Пакетът е одобрен.", "Още един ще има."]),
    ("en", "The U.S. Army sent rounds. Kyiv thanked it.", ["The U.S. Army sent rounds.", "Kyiv thanked it."]),
    # not boundaries: a lone capital, an ordinal, a lower-case continuation
    ("pl", "Mówił o tym W. Skrzypczak wczoraj.", ["Mówił o tym W. Skrzypczak wczoraj."]),
    ("de", "Das 17. Hilfspaket kommt am 13. Dezember.", ["Das 17. Hilfspaket kommt am 13. Dezember."]),
    ("en", "It costs approx. $5 million in total.", ["It costs approx. $5 million in total."]),
]


@pytest.mark.parametrize("lang, text, expected", SPLIT, ids=[f"{c[0]}-{i}" for i, c in enumerate(SPLIT)])
def test_sentences(lang, text, expected):
    assert [text[start:end] for start, end in split_sentences(text)] == expected


@pytest.mark.parametrize("lang, text", [
    ("de", "Aus Dänemark kommen 580 Millionen Kronen (90 Mio. Dollar) dafür."),
    ("ru", "Норвегия даст 250 миллионов крон (24 млн. Долларов США) фонду."),
])
def test_no_sentence_ends_after_the_languages_abbreviated_scale_words(lang, text):
    from aidextract.extract.sentences import SentenceComponent

    assert split_sentences(text, SentenceComponent(lang).abbreviations) == [(0, len(text))]
    assert len(split_sentences(text)) == 2  # without the language's words it would
