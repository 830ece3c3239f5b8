"""See what was extracted: the records of `parse`, laid over their article texts.

Three layers, shared by the terminal view (`views.py`) and the HTML page:

- loading: `from_inputs` runs the same job as `parse` (runner.py) and keeps each article's text;
  `from_records` reads the JSONL of `parse` and finds each record's text (`--include-text`, the
  record's `source`, or a `--texts` directory);
- segmentation: `marks` (every highlightable span of a record: amounts, items, dates,
  relative dates, entities; package evidence sentences are not spans to highlight), `choose`
  (a nested, non-crossing subset: each chosen span is shown exactly once), `segments` (the text
  cut at every boundary, each piece with the chosen spans that cover it, outermost first);
- the HTML page: `render_html`, a pure function from records and texts to one self-contained page,
  `templates/report.html.j2` with `templates/report.css` inlined (no script, no external asset;
  tooltips are `title` attributes). `steps` nests the highlights, `commitments` merges packages;
  the tables and the words of both views are `columns.py`.
"""

from __future__ import annotations

import bisect
import functools
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .columns import number, tooltip
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
    handle = sys.stdin.buffer if records == "-" else open(records, "rb")  # noqa: SIM115  (closed below; stdin is not ours)
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
    other: bool = False  # an item that is not aid (shown fainter)

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
                found.append(Mark(kind, index, span.start, span.end, span.text, tooltip(kind, span),
                                  kind == "item" and span.role != "aid"))
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


# ---------------------------------------------------------------------------------------- HTML

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")


def _printable(value: object) -> object:
    """Every value the template writes: characters HTML cannot carry become U+FFFD (one for one);
    markup the template made itself (macros) passes as it is. Escaping is the template's own."""
    from markupsafe import Markup

    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return _CONTROL.sub("\ufffd", str(value))


@functools.cache
def _template():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from . import columns

    environment = Environment(loader=PackageLoader("aidextract", "templates"), autoescape=True,
                              undefined=StrictUndefined, finalize=_printable, trim_blocks=True, lstrip_blocks=True)
    environment.globals.update(KINDS=KINDS, KIND_LABELS=KIND_LABELS, FIELDS=FIELDS, TABLES=columns.TABLES,
                               about=columns.about, heading=columns.heading, number=columns.number,
                               party=columns.party, package_items=columns.package_items)
    return environment.get_template("report.html.j2")


@dataclass(frozen=True)
class Step:
    """The markup of a piece of text: close `close` spans, open `open` (outermost first), write `text`."""

    close: int
    open: tuple[Mark, ...]
    text: str


def steps(text: str, pieces: Sequence[Segment]) -> list[Step]:
    """The pieces as nested elements, each span opened and closed once (the last step closes all)."""
    out: list[Step] = []
    open_: tuple[Mark, ...] = ()
    for piece in pieces:
        common = 0
        while common < min(len(open_), len(piece.marks)) and open_[common] is piece.marks[common]:
            common += 1
        out.append(Step(len(open_) - common, piece.marks[common:], text[piece.start:piece.end]))
        open_ = piece.marks
    out.append(Step(len(open_), (), ""))
    return out


def commitments(shown: Sequence[Shown]) -> list[dict]:
    """The packages of all articles merged into commitments (as `aidextract packages` does): one
    row each, with the numbers of the articles that report it; a conflict has every value, never one."""
    from .consolidate import commitment_row, consolidate, reports_of

    anchors = {item.record.id: number_ for number_, item in enumerate(shown, start=1)}
    rows = []
    for commitment in consolidate(reports_of(item.record for item in shown)):
        row = commitment_row(commitment)
        reported = row["first_reported"] or ""
        if row["last_reported"] and row["last_reported"] != row["first_reported"]:
            reported += f" – {row['last_reported']}"
        rows.append({**row, "value": number(row["value"]), "sequence": number(row["sequence"]), "reported": reported,
                     "values": _values(row["values"]) if row["conflict"] else "",
                     "articles": [anchors[source] for source in row["sources"].split("; ") if source in anchors]})
    return rows


def _values(values: str) -> str:
    """'725000000 USD; 752000000 USD' as '725,000,000 USD / 752,000,000 USD'."""
    return " / ".join(f"{number(float(value))} {currency}" for value, currency in (v.split() for v in values.split("; ")))


def render_html(articles: Sequence[Shown | tuple[ArticleRecord, str]], title: str = "aidextract report") -> str:
    """One self-contained HTML page (templates/report.html.j2): every article with its highlighted
    spans and tables, a legend, the packages of all articles and, for several articles, their
    commitments. Pure: the same input gives the same page."""
    shown = [a if isinstance(a, Shown) else Shown(*a) for a in articles]
    pages = [(item.record, steps(item.text, highlighted(item.record, item.text)[1])) for item in shown]
    return _template().render(title=title, articles=pages, commitments=commitments(shown) if len(shown) > 1 else None,
                              packages=sum(len(item.record.packages) for item in shown))


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
