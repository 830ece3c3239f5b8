"""What the components share on a Doc: `doc._.aid`, one `Extraction` per document."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from spacy.tokens import Doc

from ..records import Amount, Date, Entity, Item, Package, ReferenceSource


class Cue(NamedTuple):  # a tuple: three times cheaper to make than a frozen dataclass, and cues are many
    start: int
    end: int
    kind: str          # a cue kind of models/lang (schemas.Cues: aid, other, not_package, pending, raised, origin, ...) or mechanism
    value: str | None  # the status, aid kind or mechanism it implies


@dataclass
class Extraction:
    text: str = ""  # doc.text, joined once: spaCy rebuilds it from the tokens at every access
    reference_date: date | None = None
    reference_precision: str = "day"      # day | month | year: "date 2024-11" anchors at month precision
    reference_source: ReferenceSource | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    dates: list[Date] = field(default_factory=list)
    relative_dates: list[Date] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    packages: list[Package] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _cue_starts: list[int] | None = field(default=None, repr=False)
    _cues_by_sentence: dict[tuple[int, int], list[Cue]] | None = field(default=None, repr=False)
    _grouped_cues: int = field(default=-1, repr=False)  # how many cues there were when grouped
    _entity_starts: list[int] | None = field(default=None, repr=False)  # set once entities are final
    _item_starts: list[int] | None = field(default=None, repr=False)
    _dates_by_start: tuple[list[Date], list[int]] | None = field(default=None, repr=False)
    memo: dict = field(default_factory=dict, repr=False)  # per-document caches of the components

    def sentence_index(self, offset: int) -> int:
        """The index of the sentence holding a character offset (-1 when there is none)."""
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1) if self.sentences else -1

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding a character offset."""
        index = self.sentence_index(offset)
        return self.sentences[index] if index >= 0 else (0, 10**12)

    def next_sentence(self, sentence: tuple[int, int]) -> tuple[int, int] | None:
        index = self.sentence_index(sentence[0])
        return self.sentences[index + 1] if 0 <= index < len(self.sentences) - 1 else None

    def entities_in(self, start: int, end: int) -> list[Entity]:
        """The entities starting within [start, end) (entities are in text order)."""
        starts = [e.start for e in self.entities] if self._entity_starts is None else self._entity_starts
        self._entity_starts = starts
        return self.entities[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def items_in(self, start: int, end: int) -> list[Item]:
        starts = [i.start for i in self.items] if self._item_starts is None else self._item_starts
        self._item_starts = starts
        return self.items[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def dates_in(self, start: int, end: int) -> list[Date]:
        """The dates starting within [start, end) (sorted once: dates are found window by window)."""
        if self._dates_by_start is None or len(self._dates_by_start[0]) != len(self.dates):
            ordered = sorted(self.dates, key=lambda d: d.start)
            self._dates_by_start = (ordered, [d.start for d in ordered])
        ordered, starts = self._dates_by_start
        return ordered[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def sentence_cues(self, sentence: tuple[int, int]) -> list[Cue]:
        """The cues of a sentence (what `cues_in(*sentence)` gives), grouped for every sentence in one
        pass, once per document: the rules ask again and again of the same sentences. The list is
        shared, not to be changed."""
        if self._cues_by_sentence is None or self._grouped_cues != len(self.cues):
            self._cues_by_sentence, self._grouped_cues = self._group_cues(), len(self.cues)
        cues = self._cues_by_sentence.get(sentence)
        return cues if cues is not None else self.cues_in(*sentence)  # not one of the sentences (there are none)

    def _group_cues(self) -> dict[tuple[int, int], list[Cue]]:
        """Each sentence's cues, as `cues_in` gives them (sentences are sorted and never overlap)."""
        starts = [cue.start for cue in self.cues]
        by_sentence: dict[tuple[int, int], list[Cue]] = {}
        lo = 0
        for sentence in self.sentences:
            start, end = sentence
            lo = bisect.bisect_left(starts, start, lo)
            hi = bisect.bisect_left(starts, end, lo)
            by_sentence[sentence] = [cue for cue in self.cues[lo:hi] if cue.end <= end] if hi > lo else []
            lo = hi
        return by_sentence

    def cues_in(self, start: int, end: int) -> list[Cue]:
        """The cues within [start, end) (cues are sorted by start)."""
        if self._cue_starts is None or len(self._cue_starts) != len(self.cues):
            self._cue_starts = [cue.start for cue in self.cues]
        lo = bisect.bisect_left(self._cue_starts, start)
        hi = bisect.bisect_left(self._cue_starts, end, lo)
        return [cue for cue in self.cues[lo:hi] if cue.end <= end]


if not Doc.has_extension("aid"):
    Doc.set_extension("aid", default=None)


REFERENCE_DATE = "reference_date"  # doc.user_data key: the article's date, "YYYY-MM-DD"
UNBROKEN = "aidextract_unbroken"    # doc.user_data key: the text before long runs were broken
TEXT = "aidextract_text"            # doc.user_data key: doc.text, as the tokenizer read it


def state(doc: Doc) -> Extraction:
    """The document's Extraction, created by the first component that asks: with the reference
    date of `doc.user_data["reference_date"]` when one is given."""
    if doc._.aid is None:
        doc._.aid = Extraction(text=doc.user_data.get(TEXT) or doc.text)  # spaCy joins doc.text token by token
        reference = parse_reference(doc.user_data.get(REFERENCE_DATE))
        if reference:
            doc._.aid.reference_date, doc._.aid.reference_source = reference, "input"
    return doc._.aid


def parse_reference(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
