"""Phrase matching on stems: inflected forms match their dictionary form, and matches come in text
order, longer phrases first at each start (the cue component relies on that order)."""

from __future__ import annotations

import pytest

from aidextract.extract.phrases import StemPhrases, longest_first
from aidextract.pipeline import load
from aidextract.resources import language

PHRASES = {  # key -> phrases, as a component's data gives them
    "en": {"air": ["air"], "pair": ["air defence"], "system": ["air defence system"], "one": ["system"]},  # short ones first
    "uk": {"UA": ["Україна"], "aid": ["військова допомога"]},
    "pl": {"PL": ["Polska"], "tank": ["czołg"]},
}

MATCHES = [
    # (language, text, [(key, matched text)] in the order given)
    ("en", "new air defence systems arrive", [("system", "air defence systems"), ("pair", "air defence"), ("air", "air"),
                                             ("one", "systems")]),
    ("en", "defence of the air", [("air", "air")]),
    ("uk", "Україні надали військову допомогу", [("UA", "Україні"), ("aid", "військову допомогу")]),
    ("pl", "Polską i czołgami", [("PL", "Polską"), ("tank", "czołgami")]),
    ("pl", "dostawy czołgów", [("tank", "czołgów")]),
    ("en", "", []),
]


def phrases_of(lang: str) -> StemPhrases:
    phrases = StemPhrases(load(lang), language(lang).stemmer)
    for key, surfaces in PHRASES[lang].items():
        phrases.add(key, surfaces)
    return phrases


@pytest.mark.parametrize("lang, text, expected", MATCHES, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATCHES)])
def test_phrases_match_stems_in_order(lang, text, expected):
    nlp = load(lang)
    doc = nlp.get_pipe("aidextract_stems")(nlp.make_doc(text))
    matches = phrases_of(lang)(doc)
    assert [(m.key, text[m.start:m.end]) for m in matches] == expected
    assert matches == sorted(matches, key=lambda m: (m.start, -m.end))


def test_longest_first_keeps_the_longest_of_overlapping_matches():
    nlp = load("en")
    text = "new air defence systems and one system"
    doc = nlp.get_pipe("aidextract_stems")(nlp.make_doc(text))
    kept = longest_first(phrases_of("en")(doc))
    assert [text[m.start:m.end] for m in kept] == ["air defence systems", "system"]
