"""aidextract_spans: the results the spaCy way, last in the pipeline.

`doc.spans["amounts"]`, `["items"]`, `["dates"]`, `["entities"]` and `["packages"]` hold every
result as a labelled span (currency, category, granularity, entity code, donor→recipient), so
that spaCy's own tools see them: `displacy.render(doc, style="span", options={"spans_key":
"items"})`. The records stay on `doc._.aid`. Spans found in text whose long runs the tokenizer
broke (prepare.py) take the text's own characters back first.
"""

from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc, Span

from .phrases import token_offsets
from .state import UNBROKEN, Extraction, state

SPANS = "aidextract_spans"


class SpanComponent:
    def __call__(self, doc: Doc) -> Doc:
        found = reground(doc)
        groups: dict[str, list[tuple[int, int, str]]] = {
            "amounts": [(a.start, a.end, a.currency or "AMOUNT") for a in found.amounts],
            "items": [(i.start, i.end, i.category) for i in found.items],
            "dates": [(d.start, d.end, d.granularity) for d in [*found.dates, *found.relative_dates]],
            "entities": [(e.start, e.end, e.code) for e in found.entities],
            "packages": [(p.start, p.end, f"{p.donor}→{p.recipient}") for p in found.packages],
        }
        starts, ends = token_offsets(doc)
        # each label to the string store once, not once per span (Span then takes its hash: half the cost)
        labels = {label: doc.vocab.strings.add(label) for spans in groups.values() for *_, label in spans}
        for key, spans in groups.items():
            doc.spans[key] = [_span(doc, starts, ends, start, end, labels[label]) for start, end, label in spans]
        return doc


def _span(doc: Doc, starts: list[int], ends: list[int], start: int, end: int, label: int) -> Span:
    """The tokens that hold the characters start..end (doc.char_span's "expand", by bisection)."""
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    last = min(bisect.bisect_left(ends, end), len(ends) - 1)
    return Span(doc, first, max(last, first) + 1, label=label)


def reground(doc: Doc) -> Extraction:
    """After long words were broken for the tokenizer, every span takes the text's own characters
    back (an evidence sentence may hold a broken run; indexes between spans stay as they are).
    Records need this and not the spaCy spans: `api.extract` runs it without this component."""
    found = state(doc)
    text = doc.user_data.get(UNBROKEN)
    if not text:
        return found
    counts = [item.quantity_span for item in found.items if item.quantity_span]
    for span in [*found.amounts, *found.items, *counts, *found.dates, *found.relative_dates, *found.entities, *found.packages]:
        span.text = text[span.start:span.end]
    return found


@Language.factory(SPANS, default_config={"lang": "en"})
def make_spans(nlp: Language, name: str, lang: str) -> SpanComponent:  # every component knows its language
    return SpanComponent()
