"""The library entry points: an article in, a validated record out.

    from aidextract import parse_text
    record = parse_text("Germany pledged 2,5 Mrd. Euro ...", lang="de")
"""

from __future__ import annotations

import functools
import re
from datetime import date

from .extract.state import Extraction
from .language import detect
from .records import ArticleRecord
from .resources import LANGUAGES, models_dir
from .sources import Article

_TITLE_MAX_WORDS = 30
_BLANK = re.compile(r"[^\n\r]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LONG_WORD = re.compile(r"\S{200,}")  # a "word" this long is token soup ("$$$$...", emoji runs)
_WORD_PIECE = 100


def _break_long_words(text: str) -> str:
    """spaCy's tokenizer strips prefixes and suffixes one at a time, so a single huge word costs
    quadratic time ('$' * 16000: 100 s). A space every 100 characters of such a run bounds it;
    the text keeps its length, so every offset stays exact."""
    if not _LONG_WORD.search(text):
        return text
    return _LONG_WORD.sub(lambda m: "".join(" " if i and i % _WORD_PIECE == 0 else ch for i, ch in enumerate(m.group())), text)


def extract(article: Article, include_text: bool = False) -> ArticleRecord:
    """Run the article's language pipeline and assemble its record."""
    from .pipeline import load

    warnings = list(article.warnings)
    lang = article.language if article.language in LANGUAGES else None
    if article.language and lang is None:
        warnings.append(f"unsupported language {article.language!r}: detected instead")
    if not article.text.strip():  # no text, no language (unless one was given)
        return record_of(article, lang, Extraction(text=article.text), warnings, include_text)
    if _LONE_SURROGATE.search(article.text):  # from JSON "\ud800": no encoding can hold it
        article.text = _LONE_SURROGATE.sub("\ufffd", article.text)
        warnings.append("lone surrogate code points replaced with U+FFFD")
    lang = lang or detect(article.text)
    nlp = load(lang)
    masked = mask_boilerplate(article.text)
    text = _break_long_words(masked)
    nlp.max_length = max(nlp.max_length, len(text) + 1)  # rule components only: long articles are fine
    doc = nlp.make_doc(text)
    found = doc._.aid = Extraction(text=text)
    reference = _parse_reference(article.reference_date)
    if reference:
        found.reference_date, found.reference_source = reference, "input"
    nlp(doc)
    if text is not masked:
        _reground(found, masked)
    return record_of(article, lang, found, warnings, include_text)


def _reground(found: Extraction, text: str) -> None:
    """After long words were broken for the tokenizer, every span takes the text's own characters
    back (an evidence sentence may hold a broken run; indexes between spans stay as they are)."""
    counts = [item.quantity_span for item in found.items if item.quantity_span]
    for span in [*found.amounts, *found.items, *counts, *found.dates, *found.relative_dates, *found.entities, *found.packages]:
        span.text = text[span.start:span.end]


def record_of(article: Article, lang: str | None, found: Extraction, warnings: list[str] | None = None,
              include_text: bool = False) -> ArticleRecord:
    """The validated record of an article from what its pipeline found."""
    return ArticleRecord(
        id=article.id, source=article.source, language=lang, encoding=article.encoding,
        reference_date=_reference_iso(found.reference_date, found.reference_precision),
        reference_date_source=found.reference_source, title=title_of(article.text),
        amounts=found.amounts, items=found.items, dates=found.dates, relative_dates=found.relative_dates,
        entities=found.entities, packages=found.packages, warnings=[*(warnings or ()), *found.warnings],
        text=article.text if include_text else None,
    )


def parse_text(text: str, *, lang: str | None = None, reference_date: str | None = None,
               id: str = "text", source: str = "<text>") -> ArticleRecord:
    return extract(Article(id=id, source=source, text=text, language=lang, reference_date=reference_date))


def _parse_reference(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _reference_iso(value: date | None, precision: str) -> str | None:
    if value is None:
        return None
    return {"year": f"{value.year:04d}", "month": f"{value.year:04d}-{value.month:02d}"}.get(precision, value.isoformat())


@functools.cache
def _boilerplate() -> tuple[frozenset[str], tuple[str, ...]]:
    from .resources import load_yaml

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


def title_of(text: str) -> str | None:
    """The headline: the first short line that is not boilerplate, a bullet or a sentence."""
    for line in text.splitlines()[:8]:
        stripped = line.strip()
        words = stripped.split()
        if not words or is_boilerplate(stripped) or stripped[0] in "•·*-–—|":
            continue
        if 4 <= len(words) <= _TITLE_MAX_WORDS and not stripped.endswith((".", ":")):
            return stripped
        if len(words) >= 4:
            return None
    return None
