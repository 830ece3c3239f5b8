"""aidextract_sentences: sentence boundaries as character ranges, found with one regex pass.

A sentence ends at a blank line or line break, or at . ! ? … followed by space and an
upper-case letter, a digit or an opening quote; not after a single capital ("U.S. Army") nor
after a short number ("17. Hilfspaket", "am 13. November"), nor after a dotted abbreviation ("m.in.", "u.a.").
"""

from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import language
from .state import state

# Capitals of every script (\p{Lu}: Ł, Ś, Ż, È, Č, Ё, Є ...), never a list of our alphabets.
# The end mark is matched (not looked behind for): the search then skips ahead to line breaks and end
# marks; the boundary proper is the `gap` after it.
_BOUNDARY = regex.compile(
    r"\n\s*"                                                        # a line break ends a sentence
    r"|[.!?…](?P<gap>[\"'”»)]?\s+)(?=[\"'“«(]?[\p{Lu}0-9])"         # end mark, space, capital
)
_LONE_CAPITAL = regex.compile(r"(?:^|[\s.])\p{Lu}\.$")          # "U.S." in "U.S. Army", "J." in "J. Smith"
_ORDINAL = regex.compile(r"(?:^|\s)\d{1,3}\.$")                 # "17. Hilfspaket", "13. November"
_DOTTED = regex.compile(r"(?:^|\s)[^\W\d_]{1,3}\.(?:[^\W\d_]{1,3}\.)+$")  # "m.in. 18 haubic", "u.a. 20", "т.ч."


_WORD_BEFORE_DOT = regex.compile(r"(\w+)\.$")


def split_sentences(text: str, abbreviations: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """`abbreviations`: lower-case words that end with a dot inside a sentence ("90 Mio. Dollar")."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start("gap") if match.start("gap") >= 0 else match.start()
        if text[end] != "\n" and (_LONE_CAPITAL.search(text, max(0, end - 3), end)
                                  or _ORDINAL.search(text, max(0, end - 5), end)
                                  or _DOTTED.search(text, max(0, end - 9), end)
                                  or _abbreviation_before(text, end, abbreviations)):
            continue
        if text[start:end].strip():
            spans.append(_strip(text, start, end + len(text[end:match.end()].strip()) if text[end] != "\n" else end))
        start = match.end()
    if text[start:].strip():
        spans.append(_strip(text, start, len(text)))
    return _bounded(text, spans)


def _abbreviation_before(text: str, end: int, abbreviations: frozenset[str]) -> bool:
    word = _WORD_BEFORE_DOT.search(text, max(0, end - 8), end)
    return bool(word) and word.group(1).lower() in abbreviations


_MAX_SENTENCE = 1500  # a run-on "sentence" (a scraped table, a 1 MB line) is cut at spaces


def _bounded(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        while end - start > _MAX_SENTENCE:
            cut = text.rfind(" ", start + _MAX_SENTENCE // 2, start + _MAX_SENTENCE)
            cut = cut if cut > start else start + _MAX_SENTENCE
            out.append((start, cut))
            start = cut
        out.append((start, end))
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class SentenceComponent:
    def __init__(self, lang: str):
        # the language's abbreviated scale words ("Mio.", "Mrd.", "mln.", "млн."): no sentence ends after them
        self.abbreviations = frozenset(word.lower() for word in language(lang).scales if len(word) <= 4 and word.isalpha())

    def __call__(self, doc: Doc) -> Doc:
        found = state(doc)
        found.sentences = split_sentences(found.text, self.abbreviations)
        found.sentence_starts = [start for start, _ in found.sentences]
        return doc


@Language.factory("aidextract_sentences", default_config={"lang": "en"})
def make_sentences(nlp: Language, name: str, lang: str) -> SentenceComponent:
    return SentenceComponent(lang)
