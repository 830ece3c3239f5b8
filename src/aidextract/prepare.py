"""Text as the pipeline reads it: scraped-page boilerplate blanked, runs of token soup broken.

Both keep the text's length, so every offset found in the prepared text is an offset of the
original. The pipeline's tokenizer applies them (pipeline.PreparingTokenizer): `spacy.load`
of a stored pipeline prepares the text as `parse_text` does.
"""

from __future__ import annotations

import functools
import re

from .resources import load_yaml, models_dir

_BLANK = re.compile(r"[^\n\r]")
_LONG_WORD = re.compile(r"\S{200,}")  # a "word" this long is token soup ("$$$$...", emoji runs)
_WORD_PIECE = 100


def break_long_words(text: str) -> str:
    """spaCy's tokenizer strips prefixes and suffixes one at a time, so a single huge word costs
    quadratic time ('$' * 16000: 100 s). A space every 100 characters of such a run bounds it;
    the text keeps its length, so every offset stays exact."""
    if not _LONG_WORD.search(text):
        return text
    return _LONG_WORD.sub(lambda m: "".join(" " if i and i % _WORD_PIECE == 0 else ch for i, ch in enumerate(m.group())), text)


@functools.cache
def _boilerplate() -> tuple[frozenset[str], tuple[str, ...]]:
    raw = load_yaml(models_dir() / "boilerplate.yaml", "BoilerplateFile")
    lines = frozenset(_line_key(str(line)) for line in raw.get("lines", []))
    starts = tuple(_flat(start) for start in raw.get("starts", []))
    return lines, starts


def _flat(line: str) -> str:
    return " ".join(line.split()).lower()


def _line_key(line: str) -> str:
    return _flat(line).strip(" .:!•·-–—|")


def is_boilerplate(line: str) -> bool:
    lines, starts = _boilerplate()
    flat = _flat(line)
    key = flat.strip(" .:!•·-–—|")
    return bool(key) and (key in lines or flat.lstrip(" •·-–—|").startswith(starts))


def mask_boilerplate(text: str) -> str:
    """Blank out scraped-page boilerplate lines ("Leave a Reply", "Source link"), keeping offsets."""
    lines = text.splitlines(keepends=True)
    masked = [_BLANK.sub(" ", line) if is_boilerplate(line) else line for line in lines]
    return text if masked == lines else "".join(masked)
