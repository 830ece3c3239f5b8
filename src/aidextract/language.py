"""Language identification with lingua (its models ship in the wheel: no download).

The script decides the candidates first (Cyrillic: bg uk ru; Latin: en de fr pl es pt it), so
the detector only weighs languages that can be meant, and loads only their models.
"""

from __future__ import annotations

import functools
import re

from .resources import LANGUAGES

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SAMPLE = 3000
_GROUPS = {"cyrillic": ("bg", "uk", "ru"), "latin": ("en", "de", "fr", "pl", "es", "pt", "it")}


_LONG_TEXT = 200  # from this many characters on, lingua's low-accuracy mode (trigrams only) is as good


@functools.cache
def _detector(codes: tuple[str, ...], long_text: bool):
    """Low-accuracy mode for articles: it loads in no time, where the full models take a second."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*(getattr(IsoCode639_1, c.upper()) for c in codes))
    return (builder.with_low_accuracy_mode() if long_text else builder).build()


def detect(text: str, default: str = "en") -> str:
    """The ISO 639-1 code of the article's language, among the supported ones."""
    sample = text[:_SAMPLE]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if not cyrillic and not latin:
        return default
    codes = _GROUPS["cyrillic" if cyrillic > latin else "latin"]
    found = _detector(codes, len(sample) >= _LONG_TEXT).detect_language_of(sample)
    if found is None:
        return codes[0] if cyrillic > latin else default
    code = found.iso_code_639_1.name.lower()
    return code if code in LANGUAGES else default
