"""Human-readable views (rich): evaluation tables. Records themselves are never printed here."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .evaluate import FIELDS, Report, Tally


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
