"""Where to look: the few stretches of an article around words that can be part of a match.

Regular expressions over whole articles pay for every character. Amounts and dates are instead
anchored: a month name, a weekday, a currency word or symbol, a year. The anchors are found
by set lookups of the Doc's token attributes (lower-case form and stem ids, "is a currency"),
and the patterns then run only over short windows around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import compress

from spacy.attrs import IS_CURRENCY, LOWER
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..resources import Stemmer, normalize_word
from .phrases import token_offsets, token_stems

_YEAR = re.compile(r"(?:19|20)(?<!\d(?:19|20))\d\d(?!\d)")  # literal first: re skips ahead to each "19", "20"


class Anchors:
    def __init__(self, vocab: Vocab, stemmer: Stemmer, forms: Iterable[str], *, years: bool = False,
                 currency: bool = False, characters: str = ""):
        lower: set[str] = set()
        stems: set[str] = set()
        for form in forms:
            for word in _anchor_words(form):
                if word.endswith("*"):
                    stems.add(stemmer(word[:-1]))
                else:
                    bare = word.rstrip(".")
                    lower.update((word, bare, bare + "."))  # "Nov", "Nov." (a token of its own)
                    stems.add(stemmer(bare))
        self.lower = {vocab.strings.add(w) for w in lower if w}
        self.stems = {vocab.strings.add(w) for w in stems if w}
        self.years = years
        self.currency = currency
        # characters that anchor wherever they stand, even inside a token: "Md€", "400M€"
        self.characters = re.compile("[" + re.escape(characters) + "]") if characters else None

    def windows(self, doc: Doc, text: str, before: int, after: int) -> list[tuple[int, int]]:
        """Merged (start, end) character ranges around every anchor token."""
        if not len(doc):
            return []
        lowers, currencies = _lowers_and_currencies(doc)
        tokens = range(len(lowers))
        hits = set(compress(tokens, map(self.lower.__contains__, lowers)))
        hits.update(compress(tokens, map(self.stems.__contains__, token_stems(doc))))
        if self.currency:
            hits.update(compress(tokens, currencies))
        starts, ends = token_offsets(doc)
        spots = [(starts[i], ends[i] - starts[i]) for i in hits]
        if self.years:  # "2024", "02/07/2024", "2024-11": wherever a year stands
            spots += [(m.start(), 4) for m in _YEAR.finditer(text)]
        if self.characters:
            spots += [(m.start(), 1) for m in self.characters.finditer(text)]
        spots.sort()
        windows: list[tuple[int, int]] = []
        for start, length in spots:
            lo, hi = max(0, start - before), _word_end(text, min(len(text), start + length + after))
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
            else:
                windows.append((lo, hi))
        return windows


def _lowers_and_currencies(doc: Doc) -> tuple[list[int], list[int]]:
    """Each token's lower-case id and currency flag, read once per Doc."""
    cached = doc.user_data.get("aidextract_lowers")
    if cached is None:
        lowers, currencies = doc.to_array([LOWER, IS_CURRENCY]).T.tolist()
        cached = doc.user_data["aidextract_lowers"] = (lowers, currencies)
    return cached


def _anchor_words(form: str) -> list[str]:
    """The words of a form that can anchor it: its last word (and the first, for short phrases)."""
    anchors = []
    for spelling in {normalize_word(form), form.lower()}:
        for words in (spelling.split(), spelling.replace("'", " ").replace("’", " ").split()):
            if words:  # "aujourd'hui" is one token, "d'euros" two
                anchors += [words[-1], words[0]] if len(words) <= 2 else [words[-1]]
    return anchors


def _word_end(text: str, position: int) -> int:
    """Move a window's end past the word it would cut ("Nov|ember")."""
    while position < len(text) and (text[position].isalnum() or text[position] in ".-"):
        position += 1
    return position
