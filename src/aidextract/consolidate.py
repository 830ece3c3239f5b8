"""Packages of many articles -> distinct commitments, one row each, with every source.

Two reports are the same commitment when they have the same donor and recipient and either the
same sequence number ("the 69th package"), or values that agree within the rounding of the less
precise one ("$0.7 billion" and "725 млн. долара") in the same currency (or in US dollars, with
a rate table), dated within a window of each other (or undated). Reports with the same donor,
recipient and sequence number, or dated within the window, whose values do not agree are kept
together as a conflict: both values are shown, never averaged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .records import ArticleRecord
from .tables import Row, item_list

DATE_WINDOW_DAYS = 14


@dataclass
class Report:
    """One package as one article states it."""

    article_id: str
    donor: str | None
    recipient: str | None
    value: float | None
    currency: str | None
    day: date | None
    sequence: int | None
    items: str
    evidence: str

    def usd(self, rates: dict[str, float] | None) -> float | None:
        if self.value is None or self.currency is None:
            return None
        if self.currency == "USD":
            return float(self.value)
        return float(self.value) * rates[self.currency] if rates and self.currency in rates else None


@dataclass
class Commitment:
    reports: list[Report] = field(default_factory=list)

    @property
    def first(self) -> Report:
        return self.reports[0]


def reports_of(records: Iterable[ArticleRecord]) -> list[Report]:
    reports = []
    for record in records:
        for package in record.packages:
            reports.append(Report(
                article_id=record.id, donor=package.donor, recipient=package.recipient, value=package.value,
                currency=package.currency, day=_day(package.date or record.reference_date), sequence=package.sequence,
                items=item_list(record, package.items), evidence=package.text))
    return reports


def _day(value: str | None) -> date | None:
    """An ISO date, month or year: its first day (the window absorbs the difference)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def rounding(value: float) -> float:
    """The unit of the last significant digit: 725000000 -> 1e6, 700000000 -> 1e8, 1.35e9 -> 1e7."""
    value = abs(float(value))
    if value == 0:
        return 1.0
    unit = 10 ** math.floor(math.log10(value))
    while unit >= 1 and round(value / unit) * unit != value:
        unit /= 10
    return unit


def values_agree(a: float, b: float) -> bool:
    return abs(a - b) <= max(rounding(a), rounding(b)) / 2


def _comparable(a: Report, b: Report, rates: dict[str, float] | None) -> tuple[float, float] | None:
    if a.value is None or b.value is None:
        return None
    if a.currency == b.currency:
        return float(a.value), float(b.value)
    ua, ub = a.usd(rates), b.usd(rates)
    return (ua, ub) if ua is not None and ub is not None else None


def _near(a: Report, b: Report, window: int) -> bool:
    return a.day is None or b.day is None or abs((a.day - b.day).days) <= window


def relation(a: Report, b: Report, rates: dict[str, float] | None = None, window: int = DATE_WINDOW_DAYS) -> str:
    """'same', 'conflict' (one commitment, values disagree) or 'distinct'."""
    if (a.donor, a.recipient) != (b.donor, b.recipient) or a.donor is None:
        return "distinct"
    values = _comparable(a, b, rates)
    if a.sequence is not None and a.sequence == b.sequence:
        return "conflict" if values and not values_agree(*values) else "same"
    if a.sequence is not None and b.sequence is not None:
        return "distinct"  # the 68th and the 69th
    if not _near(a, b, window):
        return "distinct"
    if values is None:
        return "same" if a.value is None and b.value is None and a.day and b.day else "distinct"
    if values_agree(*values):
        return "same"
    return "conflict" if a.day is not None and b.day is not None and a.day == b.day else "distinct"


def consolidate(reports: list[Report], rates: dict[str, float] | None = None,
                window: int = DATE_WINDOW_DAYS) -> list[Commitment]:
    """Each report joins the first commitment one of whose reports it matches (or conflicts with)."""
    commitments: list[Commitment] = []
    for report in sorted(reports, key=lambda r: (r.day or date.min, r.article_id)):
        for commitment in commitments:
            if any(relation(report, other, rates, window) != "distinct" for other in commitment.reports):
                commitment.reports.append(report)
                break
        else:
            commitments.append(Commitment([report]))
    return commitments


COLUMNS = ("donor", "recipient", "value", "currency", "value_usd", "values", "conflict", "sequence", "first_reported",
           "last_reported", "reports", "confidence", "items", "sources", "evidence")


def commitment_row(commitment: Commitment, rates: dict[str, float] | None = None) -> Row:
    reports = commitment.reports
    valued = [r for r in reports if r.value is not None]
    values = list(dict.fromkeys(f"{_plain(r.value)} {r.currency}" for r in valued))
    best = min(valued, key=lambda r: rounding(r.value or 0.0), default=None)  # the most precise report
    conflict = any(relation(a, b, rates) == "conflict" for a in reports for b in reports if a is not b)
    days = sorted(r.day for r in reports if r.day)
    sources = list(dict.fromkeys(r.article_id for r in reports))
    items = list(dict.fromkeys(part for r in reports for part in r.items.split("; ") if part))
    return {
        "donor": commitment.first.donor, "recipient": commitment.first.recipient,
        "value": _plain(best.value) if best and not conflict else None, "currency": best.currency if best and not conflict else None,
        "value_usd": _plain(round(usd)) if best and not conflict and (usd := best.usd(rates)) is not None else None,
        "values": "; ".join(values), "conflict": conflict,
        "sequence": next((r.sequence for r in reports if r.sequence is not None), None),
        "first_reported": days[0].isoformat() if days else None, "last_reported": days[-1].isoformat() if days else None,
        "reports": len(sources), "confidence": "low" if conflict else "high" if len(sources) >= 2 else "medium",
        "items": "; ".join(items), "sources": "; ".join(sources),
        "evidence": " | ".join(dict.fromkeys(" ".join(r.evidence.split()) for r in reports)),
    }


def _plain(value: float | None) -> float | int | None:
    return int(value) if isinstance(value, float) and value.is_integer() else value
