"""aidextract_cues: the context words that tell aid from other mentions, and funding mechanisms.

Cues come from `cues` in models/lang/<xx>.yaml (aid, other, not_package, kind) and from
models/mechanisms.yaml; they are matched on stems, so inflected forms count. An acronym (a phrase
of one word in capitals: USAI, EPF) counts only as written: Italian "Usa" stems as "USAI" does.
"""

from __future__ import annotations

import bisect
import functools

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import language, mechanisms
from .phrases import PhraseComponent
from .state import Cue, state


class CueComponent(PhraseComponent):
    def compile(self) -> tuple[dict[str, list[str]], dict]:
        grouped: dict[str, list[str]] = {}
        for kind, table in language(self.lang).cues.items():
            for phrase, value in table.items():
                grouped.setdefault(f"{kind}|{value or ''}", []).append(phrase)
        for phrase, code in mechanisms().items():
            grouped.setdefault(f"mechanism|{code}", []).append(phrase)
        acronyms = sorted({phrase for phrases in grouped.values() for phrase in phrases if _is_acronym(phrase)})
        return grouped, {"acronyms": acronyms}

    def loaded(self) -> None:
        self.acronyms = frozenset(self.meta.get("acronyms", ()))
        self.acronym_stems = frozenset(language(self.lang).stemmer(word) for word in self.acronyms)
        self.kinds = {key: _kind_and_value(key) for key in self.phrases.patterns}
        self.stems_as_acronym = functools.lru_cache(maxsize=50_000)(self._stems_as_acronym)  # cue words recur

    def __call__(self, doc: Doc) -> Doc:
        text = state(doc).text
        kinds, new = self.kinds, tuple.__new__  # Cue(...) without the Python frame of a NamedTuple's __new__
        cues = [new(Cue, (start, end, *kinds[key])) for key, start, end in self.phrases(doc)
                if text[start:end] in self.acronyms or not self.stems_as_acronym(text[start:end])]  # "la Camera Usa": not USAI
        # in the order of the phrases, (start, -end); where goods were made is said beside what the
        # words say of them: "prodotti in Ucraina" is production (an `other` cue) and the origin of the goods
        kept = _outermost([cue for cue in cues if cue.kind != "origin"])
        for origin in (cue for cue in cues if cue.kind == "origin"):
            bisect.insort(kept, origin, key=_in_order)
        state(doc).cues = kept
        return doc

    def _stems_as_acronym(self, surface: str) -> bool:
        return " " not in surface and language(self.lang).stemmer(surface) in self.acronym_stems


def _in_order(cue: Cue) -> tuple[int, int]:
    return cue.start, -cue.end


def _kind_and_value(key: str) -> tuple[str, str | None]:
    """ "aid|pledged" -> ("aid", "pledged"), "other|" -> ("other", None)."""
    kind, _, value = key.partition("|")
    return kind, value or None


def _is_acronym(phrase: str) -> bool:
    return phrase.isupper() and phrase.isalpha() and len(phrase) >= 2


def _outermost(cues: list[Cue]) -> list[Cue]:
    """Drop a cue inside a longer one: "transfer" in "will transfer", "budget" in "budget support"."""
    kept: list[Cue] = []
    reach = -1  # the furthest end of the cues kept so far (they are sorted by start, longest first)
    for cue in cues:
        if cue.end <= reach and any(o.start <= cue.start and cue.end <= o.end and o.end - o.start > cue.end - cue.start
                                    for o in kept[-8:]):
            continue
        kept.append(cue)
        reach = max(reach, cue.end)
    return kept


@Language.factory("aidextract_cues", default_config={"lang": "en"})
def make_cues(nlp: Language, name: str, lang: str) -> CueComponent:
    return CueComponent(nlp, lang)
