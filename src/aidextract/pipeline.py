"""The per-language spaCy pipelines: built from models/, stored in models/pipeline/<xx>/.

`build(lang)` makes a blank pipeline with the language's tokenizer plus our components;
`aidextract build-models` writes it with `nlp.to_disk()`, so that
`spacy.load("models/pipeline/bg")` gives the same pipeline back in anyone's spaCy code (the
factories are registered through the package's entry points).
"""

from __future__ import annotations

import functools
import gc
import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

from .extract import COMPONENTS, amounts, cues, dates, entities, items, packages, phrases, sentences, spans  # noqa: F401  (registers the factories)
from .extract.state import TEXT, UNBROKEN
from .prepare import break_long_words, mask_boilerplate
from .resources import LANGUAGES, models_dir


def pipeline_dir(lang: str) -> Path:
    return models_dir() / "pipeline" / lang


# Hyphens between letters or digits split words in every language, as English does already:
# "Stinger-Raketen", "Patriot-Systeme", "S-300-Raketen", "anti-char" then match their parts.
_HYPHEN = r"(?<=[\w.])[-‐‑](?=[\w])"
_HYPHENATED = re.compile(_HYPHEN)  # exceptions such as French "mi-janvier" would keep words whole


# Every stored pipeline is of spaCy's language-neutral class "xx": importing spacy.lang.fr alone
# compiles regular expressions for 3 s. The language is in each component's config and in
# meta["name"]; the tokenizer's language rules are in the stored tokenizer.
_LANGUAGE_CLASS = "xx"


class PreparingTokenizer:
    """The language's tokenizer, run on the text as prepared for extraction (prepare.py:
    boilerplate blanked, long runs broken, the length kept): `nlp(text)` of a stored pipeline
    reads what `parse_text(text)` reads."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        masked = mask_boilerplate(text)
        prepared = break_long_words(masked)
        doc = self.tokenizer(prepared)
        doc.user_data[TEXT] = prepared
        if prepared is not masked:
            doc.user_data[UNBROKEN] = masked
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):  # vocab, rules, explain ...: the language's tokenizer's
        return getattr(self.tokenizer, name)

    def to_disk(self, path, **kwargs) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs) -> PreparingTokenizer:
        self.tokenizer.from_disk(path, **kwargs)
        return self

    def to_bytes(self, **kwargs) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs) -> PreparingTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        return self


@registry.tokenizers("aidextract.Tokenizer.v1")
def create_tokenizer():
    """An empty tokenizer, which `spacy.load` fills with the stored rules of the language
    (models/pipeline/<xx>/tokenizer): nothing is compiled twice."""

    def create(nlp: Language) -> PreparingTokenizer:
        return PreparingTokenizer(Tokenizer(nlp.vocab))

    return create


def language_tokenizer(nlp: Language, lang: str) -> Tokenizer:
    """spaCy's tokenizer of the language, splitting hyphenated words too."""
    defaults = spacy.util.get_lang_class(lang).Defaults
    return Tokenizer(
        nlp.vocab,
        rules={text: tokens for text, tokens in defaults.tokenizer_exceptions.items() if not _HYPHENATED.search(text)},
        prefix_search=compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
        suffix_search=compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
        infix_finditer=compile_infix_regex([*(defaults.infixes or ()), _HYPHEN]).finditer,
        token_match=None,  # French keeps "mi-janvier" whole through it: we split hyphens everywhere
        url_match=defaults.url_match,
    )


def build(lang: str) -> Language:
    nlp = spacy.blank(_LANGUAGE_CLASS, config={"nlp": {"tokenizer": {"@tokenizers": "aidextract.Tokenizer.v1"}}})
    nlp.tokenizer = PreparingTokenizer(language_tokenizer(nlp, lang))
    nlp.meta.update(name=f"aidextract_{lang}", description=f"aidextract's extraction pipeline for {lang!r} articles")
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"lang": lang})
    return nlp


@functools.cache
def load(lang: str) -> Language:
    """The stored pipeline of a language (the built one if it was never stored)."""
    if lang not in LANGUAGES:
        raise KeyError(f"unsupported language: {lang!r}")
    path = pipeline_dir(lang)
    nlp = spacy.load(path) if (path / "config.cfg").exists() else build(lang)
    # A pipeline lives as long as the process: the cycle collector need not walk its objects at
    # every collection (6% of a run), nor touch their pages in forked workers.
    gc.freeze()
    return nlp


def store_all() -> list[Path]:
    paths = []
    for lang in LANGUAGES:
        path = pipeline_dir(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        build(lang).to_disk(path)
        paths.append(path)
    return paths
