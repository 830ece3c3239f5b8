"""Human-readable views (rich): evaluation tables, and the article view of `aidextract show`
(highlighted text and tables; the spans are cut by `report.py`, shared with the HTML page)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from rich import box
from rich.console import Console, Group
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .evaluate import FIELDS, Report, Tally
from .sources import printable as _printable


def _cell(tally: Tally) -> str:
    return f"{tally.f1:.3f}"


def print_evaluation(report: Report, details: bool = False, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    table = Table(title="F1 per field (precision/recall overall in the last row)")
    table.add_column("lang")
    for name in FIELDS:
        table.add_column(name, justify="right")
    for lang, tallies in sorted(report.by_language.items()):
        table.add_row(lang, *(_cell(tallies[f]) for f in FIELDS))
    table.add_row("ALL", *(_cell(report.overall[f]) for f in FIELDS), style="bold")
    table.add_row("P/R", *(f"{report.overall[f].precision:.2f}/{report.overall[f].recall:.2f}" for f in FIELDS))
    console.print(table)
    if details:
        for entry in report.details:
            console.print(f"[bold]{entry['id']}[/bold] {entry['field']}: "
                          f"misses {entry['misses']}  false hits {entry['false_hits']}", markup=True)


# ------------------------------------------------------------------ `aidextract show`: articles

KIND_STYLES = {
    "amount": "bold green",
    "item": "bold cyan",
    "item_other": "cyan",
    "date": "bold magenta",
    "relative_date": "bright_blue",
    "entity": "yellow",
}


class _PipeClosed(Exception):
    """The reader of stdout went away (`| head`)."""


class _Console(Console):
    def on_broken_pipe(self) -> None:  # rich would exit 1; the caller ends quietly instead
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise _PipeClosed()


def use_color(flag: bool | None, stream=None) -> bool:
    """--color / --no-color decide; else NO_COLOR (any value) turns colour off; else colour when
    the output is a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def article_console(color: bool, file=None, width: int | None = None) -> Console:
    """A console for the article view: ANSI styles only with colour, plain text otherwise."""
    if color:
        return _Console(file=file or sys.stdout, force_terminal=True, highlight=False, width=width,
                        emoji=False, markup=False)
    return _Console(file=file or sys.stdout, force_terminal=False, color_system=None, highlight=False,
                    width=width, emoji=False, markup=False, no_color=True)


def _style(mark) -> Style:
    return Style.parse(KIND_STYLES["item_other" if mark.other else mark.kind])


def article_text(record, text: str) -> Text:
    """The article with its spans styled (nested spans combine their styles)."""
    from .report import highlighted

    _, pieces = highlighted(record, text)
    out = Text(no_wrap=False)
    for piece in pieces:
        style = Style.combine(_style(m) for m in piece.marks) if piece.marks else None
        out.append(_printable(text[piece.start:piece.end]), style=style)
    out.rstrip()
    return out


def _legend() -> Text:
    from .report import KIND_LABELS, KINDS

    legend = Text()
    legend.append("legend: ", style="dim")
    for kind in KINDS:
        legend.append(KIND_LABELS[kind], style=KIND_STYLES[kind])
        legend.append("  ")
        if kind == "item":
            legend.append("item, not aid", style=KIND_STYLES["item_other"])
            legend.append("  ")
    return legend


def _table(table, rows: list[list[str]]) -> Table:
    """A plain table of an article: numeric columns right-aligned; the columns that do not wrap
    stay on one line, the others wrap between words (see `_WordSafe`)."""
    out = Table(title=Text(f"{table.title} ({len(rows)})", style="bold"), title_justify="left", box=box.SIMPLE_HEAD,
                show_edge=False, pad_edge=False, header_style="bold", collapse_padding=True)
    for column in table.columns:
        out.add_column(column.title, justify="right" if column.numeric else "left", overflow="fold",
                       no_wrap=not column.wrap)
    for row in rows:
        out.add_row(*(Text(_printable(cell)) for cell in row))
    return out


_LONGEST_WHOLE_WORD = 24


class _WordSafe:
    """A table that wraps its cells between words, never inside one ("Flugabwehrsysteme / IRIS-T
    SLM", not "Flugabwehrsyst / eme"): when it is wider than the terminal, the widest wrappable
    column gives up a character at a time, down to its longest word (up to a limit)."""

    def __init__(self, table: Table):
        self.table = table

    def __rich_console__(self, console: Console, options):
        columns = self.table.columns
        natural = [max((len(line) for cell in [column.header, *column.cells] for line in str(cell).splitlines()), default=0)
                   for column in columns]
        floor = [w if c.no_wrap else min(w, max([_LONGEST_WHOLE_WORD if len(x) > _LONGEST_WHOLE_WORD else len(x)
                                                 for cell in [c.header, *c.cells] for x in str(cell).split()] or [1]))
                 for w, c in zip(natural, columns)]
        widths, room = list(natural), options.max_width - 2 * (len(columns) - 1)
        while sum(widths) > room:
            slack = [w - f for w, f in zip(widths, floor)]
            if max(slack) <= 0:
                break
            widths[slack.index(max(slack))] -= 1
        for column, width in zip(columns, widths):
            column.width = width
        yield self.table


def article_view(record, text: str, color: bool = True) -> Group:
    """One article: heading, facts, highlighted text, then its tables (`columns.TABLES`)."""
    from .columns import TABLES, about, entity_name, heading

    parts: list = [Rule(style="dim"), Text(_printable(heading(record)), style="bold"),
                   Text(_printable(" · ".join(f"{name} {value}" for name, value in about(record))), style="dim")]
    if color:
        parts.append(_legend())
    parts.append(Text(""))
    parts.append(article_text(record, text) if text.strip() else Text("(no text)", style="dim"))
    parts.append(Text(""))
    for warning in record.warnings:
        parts.append(Text(_printable(f"warning: {warning}"), style="bold red"))
    for table in TABLES.values():
        rows = table.rows(record)
        parts.append(_WordSafe(_table(table, rows)) if rows else Text(f"{table.title}: none", style="dim"))
        parts.append(Text(""))
    if record.entities:
        counts: dict[str, int] = {}
        for entity in record.entities:
            counts[entity.code] = counts.get(entity.code, 0) + 1
        summary = Text("Entities: ", style="bold")
        summary.append(_printable(", ".join(f"{entity_name(code)} ({code}) ×{n}" for code, n in counts.items())))
        parts.append(summary)
        parts.append(Text(""))
    return Group(*parts)


def print_articles(items: Iterable, console: Console, errors=None) -> tuple[int, int]:
    """Print each shown article as it comes; InputErrors go to stderr. Returns (shown, failures);
    raises BrokenPipeError when the reader of stdout has gone away."""
    from .sources import InputError

    errors = errors or sys.stderr
    color = console.color_system is not None
    shown = failures = 0
    try:
        for item in items:
            if isinstance(item, InputError):
                failures += 1
                console.file.flush()
                errors.write(f"aidextract: {item}\n")
                errors.flush()
                continue
            console.print(article_view(item.record, item.text, color=color))
            console.file.flush()
            shown += 1
    except _PipeClosed:
        raise BrokenPipeError() from None
    return shown, failures
