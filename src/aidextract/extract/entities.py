"""aidextract_entities: countries and organisations, with ISO 3166-1 alpha-2 codes (EU, NATO).

Names come from CLDR (generated into models/entities/countries.yaml) and from our own aliases
(models/entities/aliases.yaml); they are matched on stems ("Україні" -> UA). A name must be
capitalised in the text; demonyms ("американската") need not be.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from ..records import Entity
from ..resources import entities, language
from .phrases import StemPhrases
from .state import state


class EntityComponent:
    def __init__(self, nlp: Language, lang: str):
        self.phrases = StemPhrases(nlp, language(lang).stemmer)
        self.excluded = {e.code: {w.lower() for w in e.excluded.get(lang, ())} for e in entities() if e.excluded}
        for entry in entities():
            names = [*entry.aliases.get("any", ()), *entry.aliases.get(lang, ())]
            self.phrases.add(f"{entry.code}|{entry.label}", names)
            demonyms = entry.demonyms.get(lang, ())
            self.phrases.add(f"{entry.code}|demonym", [d for d in demonyms if not d[:1].isupper()])
            self.phrases.add(f"{entry.code}|demonym|capital", [d for d in demonyms if d[:1].isupper()])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for key, start, end in self.phrases(doc):
            span = doc[start:end]
            code, label, *capital = key.split("|")
            if (label != "demonym" or capital) and not _capitalised(span):
                continue  # names are capitalised; so are demonyms written so in the data ("American")
            span.label_ = key
            spans.append(span)
        spans.sort(key=lambda span: "|demonym" in span.label_)  # a name wins over a demonym
        found = []
        for span in filter_spans(spans):
            if span.text.lower() in self.excluded.get(span.label_.partition("|")[0], ()):
                continue
            code, label, *_ = span.label_.split("|")
            found.append(Entity(text=span.text, start=span.start_char, end=span.end_char, label=label, code=code))
        state(doc).entities = found
        return doc


def _capitalised(span) -> bool:
    """The first word of a name, or its first long word, starts with a capital: not "La réunion"."""
    long_words = [t.text for t in span if len(t.text) >= 4 and t.is_alpha]
    return (long_words[0] if long_words else span.text)[:1].isupper()


@Language.factory("aidextract_entities", default_config={"lang": "en"})
def make_entities(nlp: Language, name: str, lang: str) -> EntityComponent:
    return EntityComponent(nlp, lang)
