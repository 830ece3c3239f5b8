"""aidextract_entities: countries and organisations, with ISO 3166-1 alpha-2 codes (EU, NATO).

Names come from CLDR (generated into models/entities/countries.yaml) and from our own aliases
(models/entities/aliases.yaml); they are matched on stems ("Україні" -> UA). A name must be
capitalised in the text; demonyms ("американската") need not be.
"""

from __future__ import annotations

import functools
import re
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Entity, EntityLabel
from ..resources import entities
from .phrases import PhraseComponent, longest_first
from .state import state


class EntityComponent(PhraseComponent):
    def compile(self) -> tuple[dict[str, list[str]], dict]:
        table: dict[str, list[str]] = {}
        excluded: dict[str, list[str]] = {}
        for entry in entities():
            table[f"{entry.code}|{entry.label}"] = [*entry.aliases.get("any", ()), *entry.aliases.get(self.lang, ())]
            demonyms = entry.demonyms.get(self.lang, ())
            table[f"{entry.code}|demonym"] = [d for d in demonyms if not d[:1].isupper()]
            table[f"{entry.code}|demonym|capital"] = [d for d in demonyms if d[:1].isupper()]
            if entry.excluded.get(self.lang):
                excluded[entry.code] = sorted({w.lower() for w in entry.excluded[self.lang]})
        return table, {"excluded": excluded}

    def loaded(self) -> None:
        self.excluded = {code: set(words) for code, words in self.meta["excluded"].items()}
        self.keys = {key: _Key(key) for key in self.phrases.patterns}

    def __call__(self, doc: Doc) -> Doc:
        found = state(doc)
        text = found.text
        keys = self.keys
        # names are capitalised; so are demonyms written so in the data ("American")
        candidates = [match for match in self.phrases(doc)
                      if not keys[match.key].capitalised or _capitalised(text[match.start:match.end])]
        candidates.sort(key=lambda m: keys[m.key].demonym)  # a name wins over a demonym
        entities = []
        for match in longest_first(candidates):
            key = keys[match.key]
            surface = text[match.start:match.end]
            if surface.lower() in self.excluded.get(key.code, ()):
                continue
            entities.append(Entity(text=surface, start=match.start, end=match.end, label=key.label, code=key.code))
        found.entities = entities
        return doc


class _Key:
    """What a phrase key says: "UA|country", "US|demonym", "US|demonym|capital" (written capitalised)."""

    def __init__(self, key: str):
        code, label, *capital = key.split("|")
        self.code = code
        self.label = cast(EntityLabel, label)
        self.demonym = "|demonym" in key
        self.capitalised = label != "demonym" or bool(capital)


@functools.lru_cache(maxsize=50_000)  # the same names come back article after article
def _capitalised(name: str) -> bool:
    """The first word of a name, or its first long word, starts with a capital: not "La réunion"."""
    long_words = [w for w in re.findall(r"[^\W\d_]+", name) if len(w) >= 4]
    return (long_words[0] if long_words else name)[:1].isupper()


@Language.factory("aidextract_entities", default_config={"lang": "en"})
def make_entities(nlp: Language, name: str, lang: str) -> EntityComponent:
    return EntityComponent(nlp, lang)
