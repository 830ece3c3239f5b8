"""Phrase matching over word stems, so that inflected forms match their dictionary form.

The stems component gives every token of a document its stem ("Україні", "Україною" and
"Україна" all have the stem "україн"), kept on the document (`token_stems`), never written to the
vocabulary's NORM, which other pipelines sharing the vocabulary may rely on. Phrases are matched
on these stems.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import compress
from pathlib import Path
from typing import NamedTuple

import srsly
from spacy.attrs import IDX, LENGTH, NORM, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..resources import Stemmer, language

_STEMS = "aidextract_stems"  # doc.user_data key: the stem id of every token
_MAX_CACHED = 500_000


def stems_of(doc: Doc, stemmer: Stemmer, cache: dict[tuple[int, int], int] | None = None) -> list[int]:
    """The stem of every token as a string id: the stem of its text, or the norm a tokenizer
    exception gives the token (Bulgarian "мм"). `cache` keeps them per (ORTH, NORM)."""
    cache = {} if cache is None else cache
    vocab = doc.vocab
    stems = []
    table = doc.to_array([ORTH, NORM])
    for orth, norm in zip(table[:, 0].tolist(), table[:, 1].tolist()):
        stem = cache.get((orth, norm))
        if stem is None:
            exception = norm != vocab[orth].norm  # a norm of this token, not of the word
            stem = norm if exception else get_string_id(stemmer(vocab.strings[orth]))
            if len(cache) < _MAX_CACHED:
                cache[(orth, norm)] = stem
        stems.append(stem)
    return stems


class StemPhrases:
    """Phrases added under string keys and matched on stems: each phrase is a sequence of NORM
    ids, indexed by its first id and its length, so a document is scanned once and each of its
    tokens costs a dictionary lookup; reading stored phrases back builds no Doc.

    `patterns` (key -> the stems of each phrase) is what a stored pipeline keeps: reading it
    back needs no tokenizer, no stemmer and no YAML."""

    def __init__(self, nlp: Language, stemmer: Stemmer | None = None):
        self.tokenizer = getattr(nlp.tokenizer, "tokenizer", nlp.tokenizer)  # the language's, not the preparing one
        self.stemmer = stemmer
        self.patterns: dict[str, list[list[str]]] = {}
        # first id -> (the keys of the one-token phrase, [(length, ids -> keys of the phrases that long)])
        self._by_first: dict[int, tuple[list[str], list[tuple[int, dict[tuple[int, ...], list[str]]]]]] = {}

    def add(self, key: str, phrases: Iterable[str]) -> None:
        """Phrases as the text will be seen: tokenized, each token's NORM its stem (or the norm a
        tokenizer exception gives it: Bulgarian "мм")."""
        stems = []
        for phrase in phrases:
            doc = self.tokenizer(phrase)
            if len(doc):
                assert self.stemmer is not None, "phrases are compiled with the language's stemmer"
                stems.append(stem_texts(doc, self.stemmer))
        self.add_stems(key, stems)

    def add_stems(self, key: str, stems: list[list[str]]) -> None:
        if not stems:
            return
        self.patterns.setdefault(key, []).extend(stems)
        for words in stems:
            keys = self._keys_of(tuple(get_string_id(word) for word in words))  # as Token.norm: "mark" is a symbol
            if key not in keys:
                keys.append(key)

    def _keys_of(self, ids: tuple[int, ...]) -> list[str]:
        """The list of keys of a phrase, made when the phrase is first added."""
        singles, longer = self._by_first.setdefault(ids[0], ([], []))
        if len(ids) == 1:
            return singles
        table = next((table for length, table in longer if length == len(ids)), None)
        if table is None:
            table = {}
            longer.append((len(ids), table))
            longer.sort(key=lambda length_table: -length_table[0])  # longest first
        return table.setdefault(ids, [])

    def __call__(self, doc: Doc) -> list[Match]:
        """Every match, as (key, start character, end character), overlapping ones included, in
        the order of their first token, longer phrases first: sorted by (start, -end)."""
        by_first = self._by_first
        norms = token_stems(doc)
        starts, ends = token_offsets(doc)
        matches: list[Match] = []
        append = matches.append
        new = tuple.__new__  # Match(...) without the Python frame of a NamedTuple's __new__: matches are many
        for i in compress(range(len(norms)), map(by_first.__contains__, norms)):
            singles, longer = by_first[norms[i]]
            start = starts[i]
            for length, table in longer:
                found = table.get(tuple(norms[i:i + length]))
                if found is not None:
                    end = ends[i + length - 1]
                    for key in found:
                        append(new(Match, (key, start, end)))
            for key in singles:
                append(new(Match, (key, start, ends[i])))
        return matches


class PhraseComponent:
    """A component built on stem phrases: compiled from models/ on first use, or read back from a
    stored pipeline (`to_disk`/`from_disk`), which is what makes `spacy.load` fast."""

    def __init__(self, nlp: Language, lang: str):
        self.nlp = nlp
        self.lang = lang
        self.meta: dict = {}
        self._phrases: StemPhrases | None = None

    def compile(self) -> tuple[dict[str, list[str]], dict]:
        """(key -> phrases, metadata) from models/: what this component matches."""
        raise NotImplementedError

    def loaded(self) -> None:
        """Called once the phrases and metadata are in place."""

    @property
    def phrases(self) -> StemPhrases:
        if self._phrases is None:
            table, meta = self.compile()
            phrases = StemPhrases(self.nlp, language(self.lang).stemmer)
            for key, surfaces in table.items():
                phrases.add(key, surfaces)
            self._install(phrases, meta)
        assert self._phrases is not None
        return self._phrases

    def _install(self, phrases: StemPhrases, meta: dict) -> None:
        self._phrases, self.meta = phrases, meta
        self.loaded()

    def to_disk(self, path, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_msgpack(path / "phrases.msgpack", {"patterns": self.phrases.patterns, "meta": self.meta})

    def from_disk(self, path, exclude=()) -> PhraseComponent:
        data = srsly.read_msgpack(Path(path) / "phrases.msgpack")
        phrases = StemPhrases(self.nlp)
        for key, stems in data["patterns"].items():
            phrases.add_stems(key, stems)
        self._install(phrases, data["meta"])
        return self


class Match(NamedTuple):
    key: str
    start: int
    end: int


def token_stems(doc: Doc) -> list[int]:
    """The stem id of every token, as the stems component left them on the Doc."""
    return doc.user_data[_STEMS]


def stem_texts(doc: Doc, stemmer: Stemmer) -> list[str]:
    """The stems of a phrase's tokens as text, by the rule of `stems_of`."""
    vocab = doc.vocab
    return [token.norm_ if token.norm != vocab[token.orth].norm else stemmer(token.text) for token in doc]


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Character start and end of every token, computed once per Doc."""
    cached = doc.user_data.get("aidextract_offsets")
    if cached is None:
        table = doc.to_array([IDX, LENGTH]).astype("int64")  # small ints: tolist() of uint64 is slow
        cached = doc.user_data["aidextract_offsets"] = (table[:, 0].tolist(), (table[:, 0] + table[:, 1]).tolist())
    return cached


def longest_first(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches, longer ones first (ties: earlier, then first listed), in text order."""
    starts: list[int] = []  # the chosen matches, sorted by start; they never overlap
    chosen: list[Match] = []
    ranked = sorted(enumerate(matches), key=lambda im: (-(im[1].end - im[1].start), im[1].start, im[0]))
    for _, match in ranked:
        i = bisect.bisect_left(starts, match.start)
        if i < len(starts) and chosen[i].start < match.end:
            continue  # the next chosen match starts inside this one
        if i and chosen[i - 1].end > match.start:
            continue  # the previous chosen match runs into this one
        starts.insert(i, match.start)
        chosen.insert(i, match)
    return chosen


class StemComponent:
    """aidextract_stems: gives each word of the document its stem (`token_stems`)."""

    def __init__(self, lang: str):
        self.stemmer = language(lang).stemmer
        self.cache: dict[tuple[int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_STEMS] = stems_of(doc, self.stemmer, self.cache)
        return doc


@Language.factory("aidextract_stems", default_config={"lang": "en"})
def make_stems(nlp: Language, name: str, lang: str) -> StemComponent:
    return StemComponent(lang)
