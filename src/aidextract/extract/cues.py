"""aidextract_cues: the context words that tell aid from other mentions, and funding mechanisms.

Cues come from `cues` in models/lang/<xx>.yaml (aid, other, not_package, kind) and from
models/mechanisms.yaml; they are matched on stems, so inflected forms count.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import language, mechanisms
from .phrases import StemPhrases
from .state import Cue, state


class CueComponent:
    def __init__(self, nlp: Language, lang: str):
        data = language(lang)
        self.phrases = StemPhrases(nlp, data.stemmer)
        grouped: dict[str, list[str]] = {}
        for kind, table in data.cues.items():
            for phrase, value in table.items():
                grouped.setdefault(f"{kind}|{value or ''}", []).append(phrase)
        for phrase, code in mechanisms().items():
            grouped.setdefault(f"mechanism|{code}", []).append(phrase)
        for key, phrases in grouped.items():
            self.phrases.add(key, phrases)

    def __call__(self, doc: Doc) -> Doc:
        cues = []
        for key, start, end in self.phrases(doc):
            kind, _, value = key.partition("|")
            span = doc[start:end]
            cues.append(Cue(span.start_char, span.end_char, kind, value or None))
        cues.sort(key=lambda cue: (cue.start, -cue.end))
        state(doc).cues = _outermost(cues)
        return doc


def _outermost(cues: list[Cue]) -> list[Cue]:
    """Drop a cue inside a longer one: "transfer" in "will transfer", "budget" in "budget support"."""
    kept = []
    for cue in cues:
        if any(o.start <= cue.start and cue.end <= o.end and (o.end - o.start) > (cue.end - cue.start) for o in cues):
            continue
        kept.append(cue)
    return kept


@Language.factory("aidextract_cues", default_config={"lang": "en"})
def make_cues(nlp: Language, name: str, lang: str) -> CueComponent:
    return CueComponent(nlp, lang)
