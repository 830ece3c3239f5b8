"""What the views of `aidextract show` say about a record, defined once for the terminal
(`views.py`) and the HTML page (`report.py` and `templates/`).

- the words: `number`, `party`, `quantity`, `tooltip`, `package_items`, `about` (an article's
  source, language, reference date...);
- the tables of an article (`TABLES`: amounts, items, dates, packages): each column's title, its
  alignment, whether it may wrap, and the cell it shows for a row. Both views show every column.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import ArticleRecord


# ------------------------------------------------------------------------------------ words


def number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"


def words(value: str | None) -> str:
    return (value or "").replace("_", " ")


@functools.cache
def _entity_names() -> dict[str, str]:
    from .resources import entities

    names = {}
    for entry in entities():
        english = entry.aliases.get("en") or entry.aliases.get("any") or ()
        names[entry.code] = english[0] if english else entry.code
    return names


def entity_name(code: str | None) -> str:
    """'Germany' for DE; the code itself when it is not known."""
    if not code:
        return ""
    try:
        return _entity_names().get(code, code)
    except Exception:  # models not readable: the code is still an answer
        return code


def party(code: str | None) -> str:
    """'Germany (DE)'."""
    if not code:
        return "—"
    name = entity_name(code)
    return code if name == code else f"{name} ({code})"


def quantity(item) -> str:
    if item.quantity is None:
        return "some (vague)" if item.approximate else ""
    return f"{'~' if item.approximate else ''}{item.quantity:,}"


def tooltip(kind: str, span) -> str:
    """The one-line description shown on hover: canonical name, value, category, role..."""
    if kind == "amount":
        parts = [f"Amount: {number(span.value)} {span.currency}"]
        if span.qualifier:
            parts.append(words(span.qualifier))
        if span.currency_text and span.currency_text != span.currency:
            parts.append(f"written {span.currency_text!r}")
        return " · ".join(parts)
    if kind == "item":
        parts = [f"Item: {span.name}", words(span.category)]
        if quantity(span):
            parts.append(f"quantity {quantity(span)}")
        parts.append(f"{span.role}, {span.status}" if span.status else span.role)
        return " · ".join(parts)
    if kind in ("date", "relative_date"):
        label = "Date" if kind == "date" else "Relative date"
        return f"{label}: {span.value or 'unresolved'} ({span.granularity})"
    return f"{span.label.capitalize()}: {party(span.code)}"


def package_items(record: ArticleRecord, package) -> str:
    """'4 × IRIS-T SLM, 155mm artillery round': each item once (by name, with the counts read)."""
    counts: dict[str, list[str]] = {}
    for index in package.items:
        if 0 <= index < len(record.items):
            item = record.items[index]
            seen = counts.setdefault(item.name, [])
            if item.quantity is not None and quantity(item) not in seen:
                seen.append(quantity(item))
    return ", ".join(f"{' + '.join(seen)} × {name}" if seen else name for name, seen in counts.items())


def heading(record: ArticleRecord) -> str:
    return record.title or record.id


def about(record: ArticleRecord) -> list[tuple[str, str]]:
    """The article's facts under its heading: (name, value), the id only when it is not the source."""
    reference = f"{record.reference_date} ({record.reference_date_source})" if record.reference_date else "none"
    facts = [("source", record.source), ("language", record.language or "—"), ("reference date", reference),
             ("encoding", record.encoding or "—")]
    return ([("id", record.id)] if record.id != record.source else []) + facts


# ----------------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    """One column of an article table: `cell(record, index, value)` is what a row shows."""

    key: str  # a name for code and styles (HTML class c-KEY)
    title: str
    cell: Callable[[ArticleRecord, int, Any], str]
    numeric: bool = False  # right-aligned
    wrap: bool = True  # a long cell wraps between words; False: kept on one line


@dataclass(frozen=True)
class Table:
    """One table of an article: a row for each of `values(record)`."""

    key: str
    title: str
    values: Callable[[ArticleRecord], Sequence]
    columns: tuple[Column, ...]

    def rows(self, record: ArticleRecord) -> list[list[str]]:
        return [[column.cell(record, index, value) for column in self.columns]
                for index, value in enumerate(self.values(record))]


def _terms(package) -> str:
    sequence = f"#{package.sequence}" if package.sequence else ""
    return " · ".join(x for x in (package.kind, sequence, package.mechanism, package.date) if x)


_INDEX = Column("index", "#", lambda record, index, value: str(index), numeric=True, wrap=False)
_TEXT = Column("text", "text", lambda record, index, value: value.text)

# In the terminal's order; the HTML page lays them out its own way (templates/report.html.j2).
TABLES: dict[str, Table] = {table.key: table for table in (
    Table("amounts", "Amounts", lambda record: record.amounts, (
        _INDEX, _TEXT,
        Column("value", "value", lambda record, index, amount: number(amount.value), numeric=True, wrap=False),
        Column("currency", "currency", lambda record, index, amount: amount.currency, wrap=False),
        Column("qualifier", "qualifier", lambda record, index, amount: words(amount.qualifier), wrap=False),
    )),
    Table("items", "Items", lambda record: record.items, (
        _INDEX, _TEXT,
        Column("name", "name", lambda record, index, item: item.name),
        Column("category", "category", lambda record, index, item: words(item.category)),
        Column("quantity", "quantity", lambda record, index, item: quantity(item), numeric=True, wrap=False),
        Column("role", "role", lambda record, index, item: item.role, wrap=False),
        Column("status", "status", lambda record, index, item: item.status or "", wrap=False),
    )),
    Table("dates", "Dates", lambda record: [*record.dates, *record.relative_dates], (
        _TEXT,
        Column("value", "value", lambda record, index, date: date.value or "unresolved", wrap=False),
        Column("granularity", "granularity", lambda record, index, date: date.granularity, wrap=False),
        Column("relative", "relative", lambda record, index, date: "yes" if date.relative else "", wrap=False),
    )),
    Table("packages", "Packages", lambda record: record.packages, (
        _INDEX,
        Column("parties", "donor → recipient",
               lambda record, index, package: f"{party(package.donor)} → {party(package.recipient)}"),
        Column("value", "value", lambda record, index, package: number(package.value), numeric=True, wrap=False),
        Column("currency", "currency", lambda record, index, package: package.currency or "", wrap=False),
        Column("terms", "kind · sequence · mechanism · date", lambda record, index, package: _terms(package)),
        Column("items", "items", lambda record, index, package: package_items(record, package)),
        Column("evidence", "evidence", lambda record, index, package: f"“{package.text}”"),
    )),
)}
