"""Language identification with lingua (its models ship in the wheel: no download).

The script decides the candidates first (models/identification.yaml: Cyrillic: bg uk ru; Latin:
en de fr pl es pt it), then
letters that only one candidate writes (models/identification.yaml: ї, є, ґ are Ukrainian; ы, э
Russian), then lingua's low-accuracy mode among the candidates: its trigram models load in a
fraction of a second and little memory, and are as right as the full models on articles and on
our short texts (tests/language/short_texts.yaml: headlines and single sentences).
"""

from __future__ import annotations

import functools

from .resources import LANGUAGES, identification, script_letters

_SAMPLE = 3000


@functools.cache
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*(getattr(IsoCode639_1, c.upper()) for c in codes))
    return builder.with_low_accuracy_mode().build()


def detect(text: str, default: str = "en") -> str:
    """The ISO 639-1 code of the article's language, among the supported ones."""
    sample = text[:_SAMPLE]
    counts = {name: len(letters.findall(sample)) for name, letters in script_letters().items()}
    script = max(counts, key=counts.__getitem__, default=None)
    if script is None or not counts[script]:
        return default
    known = identification()
    codes = known.scripts[script]
    present = set(sample.lower())
    marked = [code for code in codes if known.letters.get(code, frozenset()) & present]
    if len(marked) == 1:
        return marked[0]
    if len(codes) == 1:
        return codes[0]
    found = _detector(codes).detect_language_of(sample)
    if found is None:
        return codes[0]
    code = found.iso_code_639_1.name.lower()
    return code if code in LANGUAGES else default
