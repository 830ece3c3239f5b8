"""Records -> the analyst's flat tables: one row per package, item, amount, date or article.

Every row carries its article's id, source and language and, for extracted values, the evidence
span (text, start, end). The columns of each table are defined once, here (`TABLES`), and
written as CSV (UTF-8 with a byte-order mark, which Excel and LibreOffice open correctly), TSV,
or Parquet.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the records (pydantic) are imported when records are read, not at start-up
    from .records import ArticleRecord

Row = dict[str, Any]  # a column name -> its cell (str, number, bool or None)


@dataclass(frozen=True)
class RecordError:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def read_records(paths: list[str], stdin=None) -> Iterator[ArticleRecord | RecordError]:
    """The records of `aidextract parse` from JSONL files, or standard input ('-' or no path)."""
    for path in paths or ["-"]:
        if path == "-":
            yield from _records_of(stdin or sys.stdin, "<stdin>")
            continue
        try:
            with open(path, encoding="utf-8") as handle:
                yield from _records_of(handle, path)
        except OSError as error:
            yield RecordError(path, f"cannot read: {error.strerror or error}")


def _records_of(handle: Iterable[str], name: str) -> Iterator[ArticleRecord | RecordError]:
    from .records import ArticleRecord

    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            yield ArticleRecord.model_validate(json.loads(line))
        except (ValueError, TypeError) as error:  # JSON or validation
            yield RecordError(f"{name}:{number}", f"not a record: {str(error).splitlines()[0]}")


def item_list(record: ArticleRecord, indexes: Iterable[int]) -> str:
    """'IRIS-T SLM ×4; 155mm artillery round ×20,000; Patriot': each name once, with its counts."""
    counts: dict[str, list[int]] = {}
    for index in indexes:
        if 0 <= index < len(record.items):
            item = record.items[index]
            seen = counts.setdefault(item.name, [])
            if item.quantity is not None and item.quantity not in seen:
                seen.append(item.quantity)
    return "; ".join(name + "".join(f" ×{n:,}" for n in seen) for name, seen in counts.items())


def _article_columns(record: ArticleRecord) -> Row:
    return {"article_id": record.id, "source": record.source, "language": record.language}


def _evidence(span) -> Row:
    return {"evidence": span.text, "start": span.start, "end": span.end}


def package_rows(record: ArticleRecord) -> Iterator[Row]:
    for index, package in enumerate(record.packages):
        yield {**_article_columns(record), "package": index, "donor": package.donor, "recipient": package.recipient,
               "value": package.value, "currency": package.currency, "kind": package.kind,
               "date": package.date or record.reference_date, "sequence": package.sequence,
               "mechanism": package.mechanism, "items": item_list(record, package.items), **_evidence(package)}


def item_rows(record: ArticleRecord) -> Iterator[Row]:
    in_package = {index: number for number, package in enumerate(record.packages) for index in package.items}
    for index, item in enumerate(record.items):
        yield {**_article_columns(record), "item": index, "name": item.name, "category": item.category,
               "quantity": item.quantity, "approximate": item.approximate, "role": item.role, "status": item.status,
               "package": in_package.get(index), **_evidence(item)}


def amount_rows(record: ArticleRecord) -> Iterator[Row]:
    packaged = {package.amount for package in record.packages if package.amount is not None}
    for index, amount in enumerate(record.amounts):
        yield {**_article_columns(record), "amount": index, "value": amount.value, "currency": amount.currency,
               "qualifier": amount.qualifier, "approximate": amount.approximate, "is_package": index in packaged,
               **_evidence(amount)}


def date_rows(record: ArticleRecord) -> Iterator[Row]:
    for date in [*record.dates, *record.relative_dates]:
        yield {**_article_columns(record), "value": date.value, "granularity": date.granularity,
               "relative": date.relative, **_evidence(date)}


def article_rows(record: ArticleRecord) -> Iterator[Row]:
    yield {**_article_columns(record), "title": record.title, "reference_date": record.reference_date,
           "encoding": record.encoding, "amounts": len(record.amounts),
           "aid_items": sum(1 for item in record.items if item.role == "aid"), "packages": len(record.packages),
           "countries": "; ".join(dict.fromkeys(e.code for e in record.entities)), "warnings": "; ".join(record.warnings)}


# The tables and their columns, in order: the documentation of `aidextract table KIND`.
TABLES: dict[str, tuple[Callable[[ArticleRecord], Iterator[Row]], tuple[str, ...]]] = {
    "packages": (package_rows, ("article_id", "source", "language", "package", "donor", "recipient", "value",
                                "currency", "kind", "date", "sequence", "mechanism", "items", "evidence", "start", "end")),
    "items": (item_rows, ("article_id", "source", "language", "item", "name", "category", "quantity", "approximate",
                          "role", "status", "package", "evidence", "start", "end")),
    "amounts": (amount_rows, ("article_id", "source", "language", "amount", "value", "currency", "qualifier",
                              "approximate", "is_package", "evidence", "start", "end")),
    "dates": (date_rows, ("article_id", "source", "language", "value", "granularity", "relative", "evidence",
                          "start", "end")),
    "articles": (article_rows, ("article_id", "source", "language", "title", "reference_date", "encoding", "amounts",
                                "aid_items", "packages", "countries", "warnings")),
}
FORMATS = ("csv", "tsv", "parquet")


def rows_of(kind: str, records: Iterable[ArticleRecord]) -> Iterator[Row]:
    make, _ = TABLES[kind]
    for record in records:
        yield from make(record)


def format_of(output: str | None, requested: str | None) -> str:
    """The format asked for, else the output file's suffix, else CSV."""
    if requested:
        return requested
    suffix = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
    return suffix if suffix in FORMATS else "csv"


def write_table(rows: Iterable[Row], columns: tuple[str, ...], output: str | None, fmt: str,
                to_stdout: Callable[[str], object] = sys.stdout.write) -> int:
    """Write the rows; returns how many. CSV and TSV go to `to_stdout` when there is no output file."""
    rows = list(rows)
    if fmt == "parquet":
        if not output or output == "-":
            raise ValueError("Parquet needs an output file (-o FILE.parquet)")
        _write_parquet(rows, columns, output)
        return len(rows)
    text = _delimited(rows, columns, "\t" if fmt == "tsv" else ",")
    if not output or output == "-":
        to_stdout(text)
    else:  # a byte-order mark: Excel then reads the file as UTF-8 (Cyrillic, €, ×)
        Path(output).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
    return len(rows)


def _delimited(rows: list[Row], columns: tuple[str, ...], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n" if delimiter == "," else "\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(row.get(key)) for key in columns})
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):  # one line per row in any viewer, and no formula injection in a spreadsheet
        value = " ".join(value.split())
        return "'" + value if value[:1] in ("=", "+", "-", "@") and not _is_number(value) else value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _write_parquet(rows: list[Row], columns: tuple[str, ...], output: str) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ValueError("Parquet needs pyarrow: pip install 'aidextract[tables]'") from None
    table = pa.table({column: [_parquet_cell(row.get(column)) for row in rows] for column in columns})
    pq.write_table(table, output)


def _parquet_cell(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**63 else value
