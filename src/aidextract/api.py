"""The library entry points: an article in, a validated record out.

    from aidextract import parse_text
    record = parse_text("Germany pledged 2,5 Mrd. Euro ...", lang="de")
"""

from __future__ import annotations

import re
from datetime import date

from .extract.spans import SPANS, reground
from .extract.state import REFERENCE_DATE, Extraction
from .language import detect
from .prepare import is_boilerplate
from .records import ArticleRecord
from .resources import LANGUAGES
from .sources import Article

_TITLE_MAX_WORDS = 30
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


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
    nlp.max_length = max(nlp.max_length, len(article.text) + 1)  # rule components only: long articles are fine
    doc = nlp.make_doc(article.text)  # the tokenizer prepares the text (prepare.py): offsets unchanged
    if article.reference_date:
        doc.user_data[REFERENCE_DATE] = article.reference_date
    found = reground(nlp(doc, disable=[SPANS]))  # a record needs no spaCy spans
    return record_of(article, lang, found, warnings, include_text)


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


def _reference_iso(value: date | None, precision: str) -> str | None:
    if value is None:
        return None
    return {"year": f"{value.year:04d}", "month": f"{value.year:04d}-{value.month:02d}"}.get(precision, value.isoformat())


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
