"""See what was extracted: the records of `parse`, laid over their article texts.

Three layers, shared by the terminal view (`views.py`) and the HTML page:

- loading: `from_inputs` runs the same job as `parse` (runner.py) and keeps each article's text;
  `from_records` reads the JSONL of `parse` and finds each record's text (`--include-text`, the
  record's `source`, or a `--texts` directory);
- segmentation: `marks` (every highlightable span of a record: amounts, items, dates,
  relative dates, entities; package evidence sentences are not spans to highlight), `choose`
  (a nested, non-crossing subset: each chosen span is shown exactly once), `segments` (the text
  cut at every boundary, each piece with the chosen spans that cover it, outermost first);
- rendering: `render_html`, a pure function from records and texts to one self-contained page
  (inline CSS, no script, no external asset; tooltips are `title` attributes).
"""

from __future__ import annotations

import bisect
import functools
import html
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .records import ArticleRecord
from .sources import InputError, ReadOptions, iter_inputs

# Highlight kinds, in priority order (the first wins when two spans cover the same characters).
KINDS: tuple[str, ...] = ("amount", "item", "date", "relative_date", "entity")
FIELDS: dict[str, str] = {"amount": "amounts", "item": "items", "date": "dates",
                          "relative_date": "relative_dates", "entity": "entities"}
KIND_LABELS: dict[str, str] = {"amount": "amount", "item": "item", "date": "date",
                               "relative_date": "relative date", "entity": "country / organisation"}
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass
class Shown:
    """One article to show: its record and the text its offsets point into."""

    record: ArticleRecord
    text: str


# ---------------------------------------------------------------------------------- loading


def from_inputs(paths: list[str], *, lang: str | None = None, reference_date: str | None = None,
                encoding: str | None = None, max_bytes: int = 20_000_000, jobs: int = 1) -> Iterator[Shown | InputError]:
    """Run `parse`'s own job on the inputs (same reading, same extraction, same records)."""
    from .runner import Done, RunOptions, results

    options = RunOptions(lang=lang, reference_date=reference_date, jobs=jobs, include_text=True,
                         encoding=encoding, max_bytes=max_bytes)
    inputs = iter_inputs(paths, ReadOptions(max_bytes=max_bytes, encoding=encoding))
    for result in results(inputs, options):
        if isinstance(result, Done):
            record = ArticleRecord.model_validate_json(result.line)
            yield Shown(record, record.text or "")
        else:
            yield result


def from_records(records: str, texts: Path | None = None, *, encoding: str | None = None,
                 max_bytes: int = 20_000_000) -> Iterator[Shown | InputError]:
    """Records written by `parse` (a JSONL file, or - for stdin), each with its article text."""
    handle = sys.stdin.buffer if records == "-" else open(records, "rb")
    name = "<stdin>" if records == "-" else records
    try:
        for line_no, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{name}:{line_no}"
            try:
                record = ArticleRecord.model_validate(json.loads(raw.decode("utf-8-sig")))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                yield InputError(where, f"not an aidextract record: invalid JSON: {error}")
                continue
            except ValidationError as error:
                first = error.errors()[0]
                field = ".".join(str(part) for part in first["loc"]) or "record"
                yield InputError(where, f"not an aidextract record: {field}: {first['msg']}")
                continue
            text = record.text if record.text is not None else _find_text(record.source, texts, encoding, max_bytes)
            if isinstance(text, InputError):
                yield text
                continue
            problem = mismatch(record, text)
            if problem:
                yield InputError(record.source, f"the text does not match the record: {problem}")
                continue
            yield Shown(record, text)
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()


_JSONL_SOURCE = re.compile(r"^(?P<path>.+\.jsonl):(?P<line>\d+)$", re.IGNORECASE)


def _candidates(path: str, texts: Path | None) -> list[Path]:
    found: list[Path] = []
    if texts is not None:
        if not os.path.isabs(path):
            found.append(texts / path)
        found.append(texts / os.path.basename(path))
    found.append(Path(path))
    return list(dict.fromkeys(found))


def _find_text(source: str, texts: Path | None, encoding: str | None, max_bytes: int) -> str | InputError:
    """The article text of a record without `text`: read again from where `parse` read it."""
    if source.startswith("<stdin>") or source == "<text>":
        return InputError(source, "no text to show: the record came from standard input "
                                  "(write records with `parse --include-text`)")
    jsonl = _JSONL_SOURCE.match(source)
    path, line = (jsonl.group("path"), int(jsonl.group("line"))) if jsonl else (source, 0)
    for candidate in _candidates(path, texts):
        if not candidate.is_file():
            continue
        if line:
            return _jsonl_text(candidate, line, source)
        article = next(iter_inputs([str(candidate)], ReadOptions(max_bytes=max_bytes, encoding=encoding)))
        if isinstance(article, InputError):
            return InputError(source, article.reason)
        return article.text
    where = f" (looked in {texts})" if texts is not None else " (see --texts)"
    return InputError(source, f"article text not found{where}")


def _jsonl_text(path: Path, line: int, source: str) -> str | InputError:
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if line_no == line:
                try:
                    row = json.loads(raw.decode("utf-8-sig"))
                    return str(row["text"])
                except (UnicodeDecodeError, ValueError, KeyError, TypeError):
                    return InputError(source, f"line {line} of {path} holds no article text")
    return InputError(source, f"{path} has no line {line}")


def mismatch(record: ArticleRecord, text: str) -> str | None:
    """Why the record's offsets do not fit this text (None when every span fits)."""
    for field in (*FIELDS.values(), "packages"):
        for index, span in enumerate(getattr(record, field)):
            if text[span.start:span.end] != span.text:
                return f"{field}[{index}] {span.text!r} is not at {span.start}-{span.end}"
    return None


# ----------------------------------------------------------------------------- segmentation


@dataclass(frozen=True)
class Mark:
    """One highlightable span of a record: `kind` and `index` name it (`record.items[index]`)."""

    kind: str
    index: int
    start: int
    end: int
    text: str
    tip: str

    @property
    def field(self) -> str:
        return FIELDS[self.kind]

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.index}"


def marks(record: ArticleRecord, text: str) -> list[Mark]:
    """Every non-empty span of amounts, items, dates, relative dates and entities that fits the text."""
    found = []
    for kind in KINDS:
        for index, span in enumerate(getattr(record, FIELDS[kind])):
            if 0 <= span.start < span.end <= len(text) and text[span.start:span.end] == span.text:
                found.append(Mark(kind, index, span.start, span.end, span.text, tooltip(kind, span)))
    return found


def _order(mark: Mark) -> tuple:
    return (mark.start, -mark.end, _PRIORITY[mark.kind], mark.index)


def choose(candidates: Iterable[Mark]) -> list[Mark]:
    """The spans to highlight: nested or disjoint, never crossing, never two on the same characters.

    Longer spans are taken first (then earlier, then by kind priority, then by index); a span that
    crosses one already taken, or covers exactly the same characters, is left out. The result is
    in document order, outer spans before the spans they contain."""
    ranked = sorted(candidates, key=lambda m: (-(m.end - m.start), m.start, _PRIORITY[m.kind], m.index))
    if not ranked:
        return []
    longest = ranked[0].end - ranked[0].start
    starts: list[int] = []  # the taken spans, by start: only those near a candidate can clash with it
    taken: list[Mark] = []
    for mark in ranked:
        low = bisect.bisect_left(starts, mark.start - longest)
        high = bisect.bisect_left(starts, mark.end)
        if all(_compatible(mark, taken[i]) for i in range(low, high)):
            at = bisect.bisect_left(starts, mark.start)
            starts.insert(at, mark.start)
            taken.insert(at, mark)
    return sorted(taken, key=_order)


def _compatible(a: Mark, b: Mark) -> bool:
    if (a.start, a.end) == (b.start, b.end):
        return False
    disjoint = a.end <= b.start or b.end <= a.start
    nested = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    return disjoint or nested


@dataclass(frozen=True)
class Segment:
    """A piece of the text with the chosen spans covering it, outermost first."""

    start: int
    end: int
    marks: tuple[Mark, ...]


def segments(text: str, chosen: Sequence[Mark]) -> list[Segment]:
    """Cut the text at every span boundary; the pieces cover the whole text, in order, once.
    `chosen` must be nested or disjoint, as `choose` gives them."""
    ordered = sorted(chosen, key=_order)
    cuts = sorted({0, len(text), *(m.start for m in ordered), *(m.end for m in ordered)})
    pieces: list[Segment] = []
    open_: list[Mark] = []  # the spans covering the current piece, outermost first
    following = 0
    for start, end in zip(cuts, cuts[1:]):
        while open_ and open_[-1].end <= start:
            open_.pop()
        while following < len(ordered) and ordered[following].start <= start:
            open_.append(ordered[following])
            following += 1
        pieces.append(Segment(start, end, tuple(open_)))
    return pieces


def highlighted(record: ArticleRecord, text: str) -> tuple[list[Mark], list[Segment]]:
    chosen = choose(marks(record, text))
    return chosen, segments(text, chosen)


# ------------------------------------------------------------------------------ descriptions


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


def package_value(package) -> str:
    if package.value is None:
        return ""
    return f"{number(package.value)} {package.currency or ''}".strip()


def heading(record: ArticleRecord) -> str:
    return record.title or record.id


# ---------------------------------------------------------------------------------------- HTML

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def _text(value: str) -> str:
    """Element content: escaped; characters HTML cannot carry become U+FFFD (one for one)."""
    return html.escape(_CONTROL.sub("\ufffd", value), quote=False)


def _attr(value: object) -> str:
    return html.escape(_CONTROL.sub("\ufffd", str(value)), quote=True)


_CSS = """
:root {
  --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --paper: #ffffff; --canvas: #f4f6f8;
  --accent: #243b53;
  --amount-bg: #d3f3dc; --amount-line: #16803c;
  --item-bg: #dbe8fe; --item-line: #1d4ed8;
  --date-bg: #efe3fd; --date-line: #7e22ce;
  --rel-bg: #fde4f1; --rel-line: #be185d;
  --entity-bg: #fdf0c8; --entity-line: #b45309;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--canvas); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 24px 48px; }
header.top { margin-bottom: 20px; }
h1 { font-size: 26px; margin: 0 0 4px; color: var(--accent); letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 0 0 6px; line-height: 1.3; color: var(--accent); }
h3 { font-size: 13px; margin: 18px 0 6px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
p.lead { margin: 0; color: var(--muted); }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px;
  padding: 18px 22px; margin: 0 0 18px; box-shadow: 0 1px 2px rgba(16, 42, 67, 0.06); }
.legend { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; margin: 14px 0 0; padding: 0;
  list-style: none; font-size: 13px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; line-height: 20px; color: var(--ink); }
a { color: #1d4ed8; text-decoration: none; }
a:hover { text-decoration: underline; }
table.summary td.code a { color: var(--ink); }
.conflict { color: #b42318; font-weight: 600; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 14px; padding: 0; list-style: none;
  font-size: 13px; color: var(--muted); }
.meta b { font-weight: 600; color: var(--ink); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15.5px; line-height: 1.75;
  padding: 14px 16px; background: #fbfcfd; border: 1px solid var(--line); border-radius: 8px; }
.hl { border-radius: 3px; padding: 1px 0; border-bottom: 2px solid; cursor: help;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.hl .hl { border-bottom-style: dotted; }
.hl:hover { filter: brightness(0.93); }
.hl:target { outline: 2px solid var(--accent); outline-offset: 1px; }
.k-amount { background: var(--amount-bg); border-color: var(--amount-line); }
.k-item { background: var(--item-bg); border-color: var(--item-line); }
.k-item.other { background: transparent; border-bottom-style: dashed; }
.k-date { background: var(--date-bg); border-color: var(--date-line); }
.k-relative_date { background: var(--rel-bg); border-color: var(--rel-line); }
.k-entity { background: var(--entity-bg); border-color: var(--entity-line); }
.swatch { border-bottom-width: 2px; border-bottom-style: solid; }
.swatch.other { border-bottom-style: dashed; }
.swatch.nested { color: var(--ink); background: var(--amount-bg); border-color: var(--amount-line); }
.swatch.nested span { background: var(--entity-bg); border-bottom: 2px dotted var(--entity-line); }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 10px 5px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em;
  border-bottom: 2px solid var(--line); white-space: nowrap; }
td.num, th.num { text-align: right; padding-right: 16px; }
td.code, td.num { white-space: nowrap; }
table.summary tr.group th { text-transform: none; letter-spacing: 0; font-size: 14px; color: var(--ink);
  padding: 14px 0 5px; border-bottom: 1px solid var(--line); white-space: normal; }
table.summary tbody:first-of-type tr.group th { padding-top: 6px; }
.lang { color: var(--muted); font-weight: 400; font-size: 12px; }
td.nowrap { white-space: nowrap; }
.scroll { overflow-x: auto; }
tr:last-child td { border-bottom: none; }
table.summary tbody tr:last-child td { border-bottom: 1px solid var(--line); }
.tables { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 32px; }
.tables > .wide { grid-column: 1 / -1; }
@media (max-width: 760px) { .tables { grid-template-columns: minmax(0, 1fr); } }
.evidence { color: var(--muted); font-size: 13px; font-style: italic; }
.none { color: var(--muted); font-size: 13px; margin: 4px 0; }
.warnings { color: #9a3412; font-size: 13px; margin: 10px 0 0; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; background: #e6ecf2; font-size: 12px; color: var(--accent); }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
@media print {
  @page { margin: 14mm 12mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .card { border: none; box-shadow: none; padding: 0; margin: 0 0 10mm; }
  article.card { break-before: page; }
  .text { background: #fff; border: none; padding: 0; font-size: 10.5pt; line-height: 1.6; }
  .hl, .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; cursor: auto; }
  .hl:hover { filter: none; }
  a { color: inherit; }
  tr, .legend li { break-inside: avoid; }
  .scroll { overflow: visible; }
  table { font-size: 8.5pt; }
  th { white-space: normal; font-size: 7pt; letter-spacing: 0; }
  th, td { padding: 3px 7px 3px 0; }
  td.num, th.num { padding-right: 9px; }
  tr.group { break-after: avoid; }
  table.summary tr.group th { font-size: 9.5pt; padding-top: 8px; }
  td.code, td.num { white-space: normal; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; }
}
"""


def render_html(articles: Sequence[Shown | tuple[ArticleRecord, str]], title: str = "aidextract report") -> str:
    """One self-contained HTML page: every article with its highlighted spans and tables, a legend,
    and a summary of the packages of all articles. Pure: the same input gives the same page."""
    shown = [a if isinstance(a, Shown) else Shown(*a) for a in articles]
    out: list[str] = []
    add = out.append
    packages = sum(len(s.record.packages) for s in shown)
    # Void elements are self-closed, so that the page is also well-formed XML (tests parse it so).
    add("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
        "<meta name=\"generator\" content=\"aidextract\" />\n")
    add(f"<title>{_text(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n")
    add(f"<header class=\"top card\">\n<h1>{_text(title)}</h1>\n")
    add(f"<p class=\"lead\">{len(shown)} article{'s' if len(shown) != 1 else ''}, "
        f"{packages} package{'s' if packages != 1 else ''}. Hover a highlight for what was read from it.</p>\n")
    add(_legend())
    add("</header>\n")
    add(_summary(shown))
    if len(shown) > 1:
        add(_commitments(shown))
    for number_, item in enumerate(shown, start=1):
        add(_article(number_, item))
    add("<footer>Made by aidextract. Offsets are Python string indices into each article's text.</footer>\n")
    add("</main>\n</body>\n</html>\n")
    return "".join(out)


def _legend() -> str:
    entries = [f"<li><span class=\"swatch k-{kind}\">{_text(KIND_LABELS[kind])}</span></li>" for kind in KINDS]
    entries.insert(2, "<li><span class=\"swatch k-item other\">item, not aid</span></li>")
    entries.append("<li><span class=\"swatch nested\">400 mln <span>Canadian</span> dollars</span> a span inside another</li>")
    return "<ul class=\"legend\" aria-label=\"legend\"><li><b>Legend</b></li>" + "".join(entries) + "</ul>\n"


def _summary(shown: Sequence[Shown]) -> str:
    """The packages of all articles, grouped by article: a heading row per article (the table of
    contents of the page), then a row per package."""
    groups = []
    for number_, item in enumerate(shown, start=1):
        record = item.record
        none = "" if record.packages else " <span class=\"lang\">· no package found</span>"
        rows = [f"<tr class=\"group\"><th colspan=\"9\" scope=\"rowgroup\"><a href=\"#a{number_}\">"
                f"<span class=\"badge\">{number_}</span> {_text(heading(record))}</a>"
                f" <span class=\"lang\">{_text(record.language)}</span>{none}</th></tr>\n"]
        for index, package in enumerate(record.packages):
            value = _text(number(package.value))
            if package.amount is not None and 0 <= package.amount < len(record.amounts) and value:
                value = f"<a href=\"#a{number_}-amount-{package.amount}\" title=\"the amount in the text\">{value}</a>"
            rows.append(
                f"<tr><td class=\"code\"><a href=\"#a{number_}-package-{index}\" title=\"the package and its evidence\">"
                f"{_text(party(package.donor))}</a></td><td class=\"code\">{_text(party(package.recipient))}</td>"
                f"<td class=\"num\">{value}</td><td>{_text(package.currency or '')}</td><td>{_text(package.kind or '')}</td>"
                f"<td class=\"num\">{_text(number(package.sequence))}</td><td>{_text(package.mechanism or '')}</td>"
                f"<td class=\"code\">{_text(package.date or '')}</td><td>{_text(package_items(record, package))}</td></tr>\n")
        groups.append(f"<tbody>\n{''.join(rows)}</tbody>\n")
    head = ("<thead><tr><th>donor</th><th>recipient</th><th class=\"num\">value</th><th>currency</th>"
            "<th>kind</th><th class=\"num\">sequence</th><th>mechanism</th><th>date</th><th>items</th></tr></thead>\n")
    body = (f"<div class=\"scroll\"><table class=\"summary\">\n{head}{''.join(groups)}</table></div>\n" if groups
            else "<p class=\"none\">No articles, so no packages found.</p>\n")
    return f"<section class=\"card\" id=\"packages\">\n<h2>Packages by article</h2>\n{body}</section>\n"


def _commitments(shown: Sequence[Shown]) -> str:
    """The packages of all articles merged into commitments (as `aidextract packages` does): one
    row each, with the articles that report it; a conflict shows every value, never one."""
    from .consolidate import commitment_row, consolidate, reports_of

    anchors = {item.record.id: number_ for number_, item in enumerate(shown, start=1)}
    rows = []
    for commitment in consolidate(reports_of(item.record for item in shown)):
        row = commitment_row(commitment)
        value = _text(number(row["value"])) if not row["conflict"] else f"<span class=\"conflict\">{_text(_values(row['values']))}</span>"
        sources = " ".join(f"<a href=\"#a{anchors[source]}\"><span class=\"badge\">{anchors[source]}</span></a>"
                           for source in row["sources"].split("; ") if source in anchors)
        reported = row["first_reported"] or ""
        if row["last_reported"] and row["last_reported"] != row["first_reported"]:
            reported += f" – {row['last_reported']}"
        rows.append(f"<tr><td class=\"code\">{_text(party(row['donor']))}</td><td class=\"code\">{_text(party(row['recipient']))}</td>"
                    f"<td class=\"num\">{value}</td><td>{_text(row['currency'] or '')}</td>"
                    f"<td class=\"num\">{_text(number(row['sequence']))}</td><td class=\"code\">{_text(reported)}</td>"
                    f"<td>{_text(row['confidence'])}</td><td>{sources}</td><td>{_text(row['items'])}</td></tr>\n")
    head = ("<thead><tr><th>donor</th><th>recipient</th><th class=\"num\">value</th><th>currency</th>"
            "<th class=\"num\">sequence</th><th>reported</th><th>confidence</th><th>articles</th><th>items</th></tr></thead>\n")
    body = (f"<div class=\"scroll\"><table class=\"summary commitments\">\n{head}<tbody>\n{''.join(rows)}</tbody></table></div>\n"
            if rows else "<p class=\"none\">No packages, so no commitments.</p>\n")
    return (f"<section class=\"card\" id=\"commitments\">\n<h2>Commitments across articles</h2>\n"
            f"<p class=\"lead\">Reports of one package in several articles, merged as <code>aidextract packages</code> does.</p>\n"
            f"{body}</section>\n")


def _values(values: str) -> str:
    """'725000000 USD; 752000000 USD' as '725,000,000 USD / 752,000,000 USD'."""
    return " / ".join(f"{number(float(value))} {currency}" for value, currency in (v.split() for v in values.split("; ")))


def _article(number_: int, item: Shown) -> str:
    record, text = item.record, item.text
    _, pieces = highlighted(record, text)
    out = [f"<article class=\"card\" id=\"a{number_}\">\n<h2>{_text(heading(record))}</h2>\n<ul class=\"meta\">"]
    meta = [("source", record.source), ("language", record.language),
            ("reference date", f"{record.reference_date} ({record.reference_date_source})" if record.reference_date else "none"),
            ("encoding", record.encoding or "—")]
    if record.id != record.source:
        meta.insert(0, ("id", record.id))
    out.extend(f"<li>{_text(name)} <b>{_text(value)}</b></li>" for name, value in meta)
    badges = [f"<span class=\"badge\">{len(getattr(record, FIELDS[k]))} {_text(FIELDS[k].replace('_', ' '))}</span>"
              for k in KINDS if getattr(record, FIELDS[k])]
    if badges:
        out.append("<li>" + " ".join(badges) + "</li>")
    out.append("</ul>\n")
    out.append(f"<div class=\"text\" lang=\"{_attr(record.language)}\">{_body(number_, record, text, pieces)}</div>\n")
    if record.warnings:
        out.append("<p class=\"warnings\">Warnings: " + _text("; ".join(record.warnings)) + "</p>\n")
    out.append(_packages(number_, record))
    out.append("<div class=\"tables\">\n" + _amounts(record) + _dates(record) + _items(record) + "</div>\n")
    out.append("</article>\n")
    return "".join(out)


def _body(number_: int, record: ArticleRecord, text: str, pieces: Sequence[Segment]) -> str:
    """The article text with its chosen spans as nested <span>s: each opened and closed once."""
    out: list[str] = []
    open_: list[Mark] = []
    for piece in pieces:
        common = 0
        while common < min(len(open_), len(piece.marks)) and open_[common] is piece.marks[common]:
            common += 1
        for _ in range(len(open_) - common):
            out.append("</span>")
            open_.pop()
        for mark in piece.marks[common:]:
            out.append(_open(number_, record, mark))
            open_.append(mark)
        out.append(_text(text[piece.start:piece.end]))
    out.append("</span>" * len(open_))
    return "".join(out)


def _open(number_: int, record: ArticleRecord, mark: Mark) -> str:
    classes = f"hl k-{mark.kind}"
    if mark.kind == "item" and record.items[mark.index].role != "aid":
        classes += " other"
    return (f"<span class=\"{classes}\" id=\"a{number_}-{mark.key}\" data-kind=\"{mark.kind}\" "
            f"data-index=\"{mark.index}\" data-start=\"{mark.start}\" data-end=\"{mark.end}\" "
            f"title=\"{_attr(mark.tip)}\">")


def _table(title: str, head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
           nowrap: Sequence[int] = (), wide: bool = False) -> str:
    """A titled table of escaped cells; `numeric` columns right-aligned, `nowrap` columns kept on one line."""
    box = "<div class=\"wide\">" if wide else "<div>"
    if not rows:
        return f"{box}<h3>{_text(title)}</h3><p class=\"none\">None found.</p></div>\n"

    def cells(values: Sequence[str], tag: str) -> str:
        out = []
        for i, value in enumerate(values):
            classes = " ".join(c for c, on in (("num", i in numeric), ("nowrap", i in nowrap and tag == "td")) if on)
            out.append(f"<{tag} class=\"{classes}\">{value}</{tag}>" if classes else f"<{tag}>{value}</{tag}>")
        return "".join(out)

    body = "".join(f"<tr>{cells(row, 'td')}</tr>\n" for row in rows)
    return (f"{box}<h3>{_text(title)}</h3>\n<table>\n<thead><tr>{cells([_text(h) for h in head], 'th')}</tr></thead>\n"
            f"<tbody>\n{body}</tbody>\n</table></div>\n")


def _amounts(record: ArticleRecord) -> str:
    rows = [[_text(a.text), _text(number(a.value)), _text(a.currency), _text(words(a.qualifier))] for a in record.amounts]
    return _table(f"Amounts ({len(rows)})", ["text", "value", "currency", "qualifier"], rows, numeric=(1,), nowrap=(0, 1))


def _items(record: ArticleRecord) -> str:
    rows = [[_text(i.text), _text(i.name), _text(words(i.category)), _text(quantity(i)), _text(i.role), _text(i.status or "")]
            for i in record.items]
    return _table(f"Items ({len(rows)})", ["text", "name", "category", "quantity", "role", "status"], rows,
                  numeric=(3,), nowrap=(3,), wide=True)


def _dates(record: ArticleRecord) -> str:
    rows = [[_text(d.text), _text(d.value or "unresolved"), _text(d.granularity), "relative" if d.relative else ""]
            for d in (*record.dates, *record.relative_dates)]
    return _table(f"Dates ({len(rows)})", ["text", "value", "granularity", ""], rows, nowrap=(1,))


def _packages(number_: int, record: ArticleRecord) -> str:
    if not record.packages:
        return ""
    rows = []
    for index, package in enumerate(record.packages):
        rows.append(
            f"<tr id=\"a{number_}-package-{index}\"><td class=\"code\">{_text(party(package.donor))} → {_text(party(package.recipient))}</td>"
            f"<td class=\"num\">{_text(package_value(package))}</td>"
            f"<td>{_text(' · '.join(x for x in (package.kind, f'#{package.sequence}' if package.sequence else '', package.mechanism, package.date) if x))}</td>"
            f"<td>{_text(package_items(record, package))}<div class=\"evidence\">“{_text(package.text)}”</div></td></tr>\n")
    return (f"<h3>Packages ({len(rows)})</h3>\n<table>\n<thead><tr><th>donor → recipient</th><th class=\"num\">value</th>"
            f"<th>kind · sequence · mechanism · date</th><th>items and evidence</th></tr></thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table>\n")


def write_html(items: Iterable[Shown | InputError], output: str, title: str = "aidextract report",
               errors=None) -> tuple[int, int]:
    """Render the shown articles to OUTPUT ('-' for stdout); InputErrors are reported on stderr.
    Returns (articles, failures)."""
    errors = errors or sys.stderr
    shown, failures = [], 0
    for item in items:
        if isinstance(item, InputError):
            failures += 1
            errors.write(f"aidextract: {item}\n")
        else:
            shown.append(item)
    page = render_html(shown, title=title)
    if output == "-":
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        with open(output, "w", encoding="utf-8", errors="replace", newline="\n") as handle:
            handle.write(page)
    return len(shown), failures
