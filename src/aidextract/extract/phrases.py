"""Phrase matching over word stems, so that inflected forms match their dictionary form.

Every lexeme's NORM is set to its stem (once per vocabulary entry), and spaCy's PhraseMatcher
matches on NORM: "Україні", "Україною" and "Україна" all carry the norm "україн".
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..resources import Stemmer, language

_STEMMED: dict[int, set[int]] = {}  # id(vocab) -> orth ids whose norm is already the stem


def stem_lexemes(doc: Doc, stemmer: Stemmer) -> None:
    """Set the NORM of every new lexeme of `doc` to its stem."""
    seen = _STEMMED.setdefault(id(doc.vocab), set())
    if not len(doc):
        return
    orths = numpy.unique(doc.to_array([ORTH]))
    strings = doc.vocab.strings
    for orth in orths.tolist():
        if orth in seen:
            continue
        seen.add(orth)
        lexeme = doc.vocab[orth]
        lexeme.norm_ = stemmer(strings[orth])


class StemPhrases:
    """A PhraseMatcher of phrases, each added under a string key, matched on stems."""

    def __init__(self, nlp: Language, stemmer: Stemmer):
        self.tokenizer = nlp.tokenizer
        self.stemmer = stemmer
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.vocab = nlp.vocab

    def add(self, key: str, phrases: Iterable[str]) -> None:
        docs = []
        for phrase in phrases:
            doc = self.tokenizer(phrase)
            if len(doc):
                stem_lexemes(doc, self.stemmer)
                docs.append(doc)
        if docs:
            self.matcher.add(key, docs)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        strings = self.vocab.strings
        return [(strings[match_id], start, end) for match_id, start, end in self.matcher(doc)]


class StemComponent:
    """aidextract_stems: gives each word of the document its stem as NORM."""

    def __init__(self, lang: str):
        self.stemmer = language(lang).stemmer

    def __call__(self, doc: Doc) -> Doc:
        stem_lexemes(doc, self.stemmer)
        return doc

    def to_disk(self, path, exclude=()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, exclude=()) -> "StemComponent":
        """A vocabulary read from disk comes without our stems: give them again."""
        _STEMMED.clear()
        return self


@Language.factory("aidextract_stems", default_config={"lang": "en"})
def make_stems(nlp: Language, name: str, lang: str) -> StemComponent:
    return StemComponent(lang)
