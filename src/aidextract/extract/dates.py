"""aidextract_dates: calendar dates and relative expressions, normalized to ISO 8601.

Detection is ours and language-aware (month names, day suffixes, year words, prepositions and
relative phrases from models/lang/<xx>.yaml), one regex pass over the windows around month
names, weekdays and years. Normalization:

- explicit dates from their parts, checked by `datetime.date` (an impossible 31 June is dropped);
  a month word not listed but sharing a listed form's stem is accepted only where dateparser
  (run on that span only, cached) reads the same date;
- year-less dates ("13 ноември", "mid-January") take the year that puts them nearest to the
  reference date;
- relative expressions ("last week", "вчера", "on Monday") go to `relative_dates`, resolved
  against the reference date (value null without one).

The reference date comes from the input, else from the text: the first date with a year near
the top (a dateline, "Published ...", "date 2024-11"), else the latest full date in the text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Date, Granularity
from ..resources import FormTable, first_characters, language, starting_with, words_pattern
from .anchors import Anchors
from .state import Extraction, parse_reference, state

_YEAR = r"(?:19|20)\d{2}"
_AHEAD_WEIGHT = 2  # see _nearest_year
_LEAD_CHARS = 45   # how far before an anchor (month, weekday, number) a date may start: "entro la fine del"
_TAIL_CHARS = 45   # and how far after it it may end: "13 ноември 2024 г."
_DATELINE_CHARS = 500


@dataclass
class _Found:
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    relative: dict | None = None
    weekday: int | None = None
    shift: int = 0  # +1 "next Tuesday", -1 "last Tuesday", 0 "on Tuesday" (on or before the reference)
    ahead: bool = False  # after "by", "until", "do końca": a year-less date that lies ahead

    @property
    def granularity(self) -> Granularity:
        return "day" if self.day else "month" if self.month else "year"


class DateReader:
    def __init__(self, lang: str):
        data = language(lang)
        # every listed month form, and the stem of each as `stem*`: other inflections are found too,
        # and confirmed by dateparser (see _normalized)
        stems = {f"{data.stemmer(form)}*": month for form, month in data.months.items()
                 if form.isalpha() and len(data.stemmer(form)) >= 4}
        self.months = FormTable({**stems, **data.months})
        self.weekdays = FormTable(data.weekdays)
        self.weekday_next = frozenset(w.lower() for w in data.weekday_next)
        shifts = words_pattern([*data.weekday_next, *data.weekday_last])
        self.relative = FormTable(data.relative_dates)
        month = self.months.source + r"\.?"
        if data.capitalized_months:
            capitals = "".join(sorted({form[0].upper() for form in data.months if form[0].isalpha()}))
            month = rf"(?-i:(?=[{re.escape(capitals)}]))" + month  # "May" the month, not "may" the verb
        day_suffix = words_pattern(data.day_suffixes, boundary=False)
        self.day_words = {word.lower(): number for word, number in data.day_words.items()}
        day_word = rf"|{words_pattern(data.day_words)}" if data.day_words else ""  # it "primo giugno"
        day = rf"(?:(?:0?[1-9]|[12]\d|3[01])(?:{day_suffix})?{day_word})"
        range_join = rf"(?:[-‐‑–—]|{words_pattern(data.day_range_joins)}\s)" if data.day_range_joins else r"[-‐‑–—]"
        year_word = rf"(?:\s*{words_pattern(data.year_words)}\.?)?" if data.year_words else ""
        conn = rf"(?:{words_pattern(data.date_connectors)}\s+)?" if data.date_connectors else ""
        lead = [*data.year_prepositions, *data.date_modifiers]
        lead_source = words_pattern(lead)
        modifiers = words_pattern(data.date_modifiers)
        sep = r"(?:\s*[-‐‑]\s*|\s+|(?<=[-‐‑]))"  # "in January", "mid-January", "mi-janvier"
        forms = {
            "iso": rf"(?<![\d.\-/])(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])(?:-(?P<iso_d>0[1-9]|[12]\d|3[01]))?(?![\d\-/])",
            # "26.2.2022", "26/2/2022"; after a dot a space may follow: "26. 2. 2022" (cs, sk, de, pl)
            "num": rf"(?<![\d.\-/])(?P<num_a>\d{{1,2}})(?P<sep>[./-])(?:(?<=\.) )?(?P<num_b>\d{{1,2}})(?P=sep)(?:(?<=\.) )?"
                   rf"(?P<num_y>{_YEAR}){year_word}(?![\d.]\d)",
            # the first day of a range of days in one month ("24-25 March", "с 24 по 30 января")
            "drange": rf"(?<![\d.,])(?P<dr_d>{day})(?=\s*{range_join}\s*{day}\s*{conn}(?P<dr_m>{month})"
                      rf"(?:,?\s+{conn}(?P<dr_y>{_YEAR}))?(?!\w))",
            "dmy": rf"(?<![\d.,])(?P<dmy_d>{day})\s*{conn}(?P<dmy_m>{month})(?:,?\s+{conn}(?P<dmy_y>{_YEAR}){year_word})?(?![\w])",
            "mdy": rf"(?P<mdy_m>{month})\s+(?P<mdy_d>{day})(?![\d:]|[.,]\d)(?:,?\s+(?P<mdy_y>{_YEAR}){year_word})?(?![\w])",
            "my": rf"(?P<my_m>{month}),?\s+{conn}(?P<my_y>{_YEAR}){year_word}(?![\w])",
            "mlead": rf"{lead_source}{sep}(?:{modifiers}{sep})?(?P<ml_m>{month})(?![\w])(?!,?\s+{conn}{_YEAR})"
                     r"(?!\.?\s*\d++(?![.,]\d))",  # not "in September 3" (a day), but "září 3,7 milionu" (a number)
            "yrange": rf"(?:{lead_source}\s+|(?<=\())(?P<yr_a>{_YEAR})\s*[-‐‑–—]\s*(?P<yr_b>{_YEAR}){year_word}(?![\w])",
            "ylead": rf"{lead_source}\s+(?:{modifiers}\s+)?(?P<yl_y>{_YEAR}){year_word}(?![\w.,\-/‐–]\d)(?![\w])",
            "yword": rf"(?<![\d.,])(?P<yw_y>{_YEAR})\s*{words_pattern(data.year_words)}\.?",
            "rel": rf"(?P<rel>{self.relative.source})",
            "wd": rf"(?:(?P<wd_pre>{shifts})\s+)?(?P<wd>{self.weekdays.source})(?:\s+(?P<wd_post>{shifts}))?(?!\w)"
                  r"(?:\s*\((?P<wd_day>0?[1-9]|[12]\d|3[01])\))?",  # pt "nesta quarta-feira (24)": the 24th
        }
        day_starts = r"\d" + first_characters(data.day_words)
        month_starts = first_characters([*stems, *data.months])
        lead_starts = first_characters(lead)
        starts = {  # the characters each form can start with
            "iso": r"\d", "num": r"\d", "drange": day_starts, "dmy": day_starts, "mdy": month_starts, "my": month_starts,
            "mlead": lead_starts, "yrange": r"\d" + lead_starts, "ylead": lead_starts, "yword": r"\d",
            "rel": first_characters(data.relative_dates),
            "wd": first_characters([*data.weekday_next, *data.weekday_last, *data.weekdays]),
        }
        # every form starts a word: \b, and a lookahead of the characters the forms start with, spare
        # the twelve alternatives at every other position, and each alternative where it cannot start
        alternatives = "|".join(starting_with(starts[name], source) for name, source in forms.items())
        self.regex = re.compile(rf"\b(?=[{''.join(starts.values())}])(?:{alternatives})", re.IGNORECASE)
        self.ahead = deadline_before(lang)
        self.month_first = data.month_first
        self.lang = lang
        self._parser: Any = None  # dateparser, created when first needed: its import costs start-up time
        self._parsed: dict[str, tuple[int, int, int] | None] = {}
        words = [*data.months, *data.year_words, *data.day_suffixes]
        self.abbreviations = frozenset(  # "Nov", "sept", "г": short forms that start a longer one
            f.lower() for f in words if len(f) <= 4 and any(o.lower().startswith(f.lower()) and len(o) > len(f) for o in words))

    def find(self, text: str, windows: list[tuple[int, int]] | None = None) -> list[_Found]:
        """Dates in the text, or only in the given (start, end) windows."""
        found = []
        for lo, hi in windows if windows is not None else [(0, len(text))]:
            for m in self.regex.finditer(text, lo, hi):
                if m.group("yr_a"):  # "in 2022–2024": both years
                    found.append(_Found(m.start("yr_a"), m.end("yr_a"), int(m.group("yr_a")), None, None))
                    found.append(_Found(m.start("yr_b"), m.end(), int(m.group("yr_b")), None, None))
                    continue
                item = self._read(m)
                if item is not None:
                    item.end = self._without_final_dot(text, item.start, item.end)
                    item.ahead = item.year is None and self._led_ahead(text, item.start)
                    found.append(item)
        return found

    def _led_ahead(self, text: str, start: int) -> bool:
        return bool(self.ahead and self.ahead.search(text, max(0, start - _LEAD_CHARS), start))

    def _without_final_dot(self, text: str, start: int, end: int) -> int:
        """Keep an abbreviation's dot ("Nov.", "2024 г."), not a full stop after a full word."""
        if text[end - 1:end] != ".":
            return end
        word = re.search(r"(\w+)\.$", text[start:end])
        return end if word and word.group(1).lower() in self.abbreviations else end - 1

    def _read(self, m: re.Match) -> _Found | None:
        g = m.groupdict()
        if g["iso_y"]:
            return _checked(m.start("iso_y"), m.end(), int(g["iso_y"]), int(g["iso_m"]), _int(g["iso_d"]))
        if g["num_y"]:
            a, b = int(g["num_a"]), int(g["num_b"])
            day, month = (b, a) if self.month_first and g["sep"] == "/" else (a, b)
            return _checked(m.start("num_a"), m.end(), int(g["num_y"]), month, day)
        if g["dr_d"]:
            if not self.months.is_exact(g["dr_m"].rstrip(".")):
                return None
            return _checked(m.start("dr_d"), m.end("dr_d"), _int(g["dr_y"]), self._month(g["dr_m"]), self._day(g["dr_d"]))
        if g["dmy_m"]:
            found = _checked(m.start("dmy_d"), m.end(), _int(g["dmy_y"]), self._month(g["dmy_m"]), self._day(g["dmy_d"]))
            return self._normalized(m, found, g["dmy_m"])
        if g["mdy_m"]:
            found = _checked(m.start("mdy_m"), m.end(), _int(g["mdy_y"]), self._month(g["mdy_m"]), self._day(g["mdy_d"]))
            return self._normalized(m, found, g["mdy_m"])
        if g["my_m"]:
            return self._normalized(m, _checked(m.start("my_m"), m.end(), int(g["my_y"]), self._month(g["my_m"]), None), g["my_m"])
        if g["ml_m"]:
            return _checked(m.start("ml_m"), m.end("ml_m"), None, self._month(g["ml_m"]), None)
        if g["yl_y"]:
            return _Found(m.start("yl_y"), m.end(), int(g["yl_y"]), None, None)
        if g["yw_y"]:
            return _Found(m.start("yw_y"), m.end(), int(g["yw_y"]), None, None)
        if g["rel"]:
            start = m.start() + _leading_function_word(g["rel"])
            return _Found(start, m.end(), None, None, None, relative=self.relative.get(g["rel"]))
        if g["wd"]:
            shift_word = (g["wd_pre"] or g["wd_post"] or "").lower()
            shift = 0 if not shift_word else 1 if shift_word in self.weekday_next else -1
            return _Found(m.start(), m.end(), None, None, _int(g["wd_day"]), weekday=self.weekdays.get(g["wd"]), shift=shift)
        return None

    def _normalized(self, m: re.Match, found: _Found | None, month: str) -> _Found | None:
        """A date whose month word our tables know only by its stem (a form not listed) is read by
        dateparser (that span only, cached), and kept only if it reads the same date."""
        if found is None or self.months.is_exact(month.rstrip(".")):
            return found
        parsed = self._dateparser(m.string[found.start:found.end].rstrip("."))
        if parsed is None:
            return None  # a word that only looks like a month
        year, month_number, day = parsed
        if month_number != found.month or (found.day and day != found.day) or (found.year and year != found.year):
            return None  # dateparser reads another date into these words: trust neither
        return found

    def _dateparser(self, span: str) -> tuple[int, int, int] | None:
        key = " ".join(span.lower().split())
        if key not in self._parsed:
            if len(self._parsed) > 20_000:
                self._parsed.clear()
            if self._parser is None:
                from dateparser.date import DateDataParser

                self._parser = DateDataParser(languages=[self.lang], settings={
                    "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
            data = self._parser.get_date_data(key)
            when = data.date_obj if data else None
            self._parsed[key] = (when.year, when.month, when.day) if when else None
        return self._parsed[key]

    def _day(self, surface: str) -> int:
        digits = re.match(r"\d+", surface)
        return int(digits.group()) if digits else self.day_words[surface.lower()]

    def _month(self, surface: str) -> int | None:
        return self.months.get(surface.rstrip("."))


def deadline_before(lang: str) -> re.Pattern | None:
    """A deadline lead ending just before a date: "by", "until the end of", "do końca" (a date after
    it lies ahead; a year after it ends a pledge, not a year's budget)."""
    data = language(lang)
    if not data.date_ahead_leads:
        return None
    modifiers = words_pattern(data.date_modifiers)
    return re.compile(rf"{words_pattern(data.date_ahead_leads)}\s+(?:{modifiers}\s+)?$", re.IGNORECASE)


_FUNCTION_WORD = re.compile(r"^(?:\w{1,3}\s+|\w{1,2}['’])(?=\w+\s+\w)")


def _leading_function_word(phrase: str) -> int:
    """Length of a leading article or preposition: "la semaine dernière" -> "semaine dernière"."""
    match = _FUNCTION_WORD.match(phrase)
    return match.end() if match else 0


def _int(value: str | None) -> int | None:
    return int(value) if value else None




def _checked(start: int, end: int, year: int | None, month: int | None, day: int | None) -> _Found | None:
    if month is None or not 1 <= month <= 12:
        return None
    if day is not None and day > calendar.monthrange(year or 2024, month)[1]:
        return None
    return _Found(start, end, year, month, day)


def find_reference(found: list[_Found], text_length: int) -> tuple[date, str] | None:
    """The article's own date: the first dated expression near the top, else the latest full date."""
    with_year = [(f, f.year, f.month) for f in found if f.year and f.month and f.relative is None and f.weekday is None]
    top = [(f, year, month) for f, year, month in with_year if f.start < min(_DATELINE_CHARS, text_length)]
    if top:
        first, year, month = top[0]
        return date(year, month, first.day or 1), first.granularity
    full = [(year, month, f.day) for f, year, month in with_year if f.day]
    if full:
        return date(*max(full)), "day"
    return None


def _nearest_year(month: int, day: int | None, ref: date, ahead: bool = False) -> int:
    """The year of a year-less date. After "by", "until" (`ahead`): the first such date from the
    reference on. Otherwise the year that puts it nearest to the reference, where a day ahead
    counts twice a day behind: news looks back more than ahead ("in late February", written in
    September, is the February before; "on 13 November", written on 10 November, is three days on)."""
    def distance(year: int) -> int:
        last = calendar.monthrange(year, month)[1]
        target = date(year, month, min(day or (last if ahead else 15), last))
        days = (target - ref).days
        if ahead:
            return days if days >= 0 else 10**6
        return -days if days <= 0 else _AHEAD_WEIGHT * days

    return min((ref.year - 1, ref.year, ref.year + 1), key=distance)


def _weekday_with_day(weekday: int, day: int, ref: date) -> str | None:
    """The date nearest the reference that falls on that day of a month and that weekday."""
    candidates = []
    for shift in (-1, 0, 1):
        year, month = _shift_months(ref, shift)
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day).weekday() == weekday:
            candidates.append(date(year, month, day))
    return min(candidates, key=lambda d: abs((d - ref).days)).isoformat() if candidates else None


def _iso(year: int, month: int | None, day: int | None) -> str:
    if day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def _shift_months(ref: date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1


def resolve_relative(found: _Found, ref: date | None, precision: str = "day") -> tuple[str | None, Granularity]:
    """The value of a relative expression; days and weeks need a reference known to the day."""
    offset = found.relative or {}
    if precision != "day" and (found.weekday is not None or "days" in offset or "weeks" in offset):
        ref = None
    if found.weekday is not None:
        if ref is None:
            return None, "day"
        if found.shift > 0:
            ahead = (found.weekday - ref.weekday()) % 7 or 7
            return (ref + timedelta(days=ahead)).isoformat(), "day"
        back = (ref.weekday() - found.weekday) % 7 or (7 if found.shift < 0 else 0)
        return (ref - timedelta(days=back)).isoformat(), "day"
    if "days" in offset:
        return ((ref + timedelta(days=offset["days"])).isoformat() if ref else None), "day"
    if "weeks" in offset:
        if ref is None:
            return None, "week"
        year, week, _ = (ref + timedelta(weeks=offset["weeks"])).isocalendar()
        return f"{year:04d}-W{week:02d}", "week"
    if "months" in offset:
        if ref is None:
            return None, "month"
        year, month = _shift_months(ref, offset["months"])
        return f"{year:04d}-{month:02d}", "month"
    if "years" in offset:
        return (f"{ref.year + offset['years']:04d}" if ref else None), "year"
    return None, "day"


class DateComponent:
    def __init__(self, nlp: Language, lang: str, reference_date: str | None = None):
        self.reference_date = parse_reference(reference_date)  # the pipeline's own, if configured
        data = language(lang)
        self.reader = DateReader(lang)
        forms = [*data.months, *data.weekdays, *data.relative_dates, *data.year_words]
        self.anchors = Anchors(nlp.vocab, data.stemmer, forms, years=True)

    def __call__(self, doc: Doc) -> Doc:
        found_state = state(doc)
        if found_state.reference_date is None and self.reference_date is not None:
            found_state.reference_date, found_state.reference_source = self.reference_date, "input"
        windows = self.anchors.windows(doc, found_state.text, before=_LEAD_CHARS, after=_TAIL_CHARS)
        found = self.reader.find(found_state.text, windows)
        if found_state.reference_date is None:
            reference = find_reference(found, len(found_state.text))
            if reference:
                found_state.reference_date, found_state.reference_precision = reference
                found_state.reference_source = "text"
        self._emit(found_state.text, found, found_state)
        return doc

    @staticmethod
    def _emit(text: str, found: list[_Found], out: Extraction) -> None:
        ref = out.reference_date
        for item in found:
            span: dict[str, Any] = dict(text=text[item.start:item.end], start=item.start, end=item.end)
            if item.weekday is not None and item.day:  # "quarta-feira (24)": a calendar day
                value = _weekday_with_day(item.weekday, item.day, ref) if ref else None
                if value or ref is None:
                    out.dates.append(Date(**span, value=value, granularity="day", relative=False))
                    continue
                item.day = None  # the weekday and the day disagree in every nearby month: the weekday alone
            if item.relative is not None or item.weekday is not None:
                value, granularity = resolve_relative(item, ref, out.reference_precision)
                out.relative_dates.append(Date(**span, value=value, granularity=granularity, relative=True))
                continue
            year = item.year
            if year is None and ref is not None and item.month is not None:
                year = _nearest_year(item.month, item.day, ref, item.ahead)
            value = _iso(year, item.month, item.day) if year else None
            out.dates.append(Date(**span, value=value, granularity=item.granularity, relative=False))


@Language.factory("aidextract_dates", default_config={"lang": "en", "reference_date": None})
def make_dates(nlp: Language, name: str, lang: str, reference_date: str | None) -> DateComponent:
    """`reference_date` ("YYYY-MM-DD"): the anchor of every document's year-less and relative
    dates, unless a document brings its own (`doc.user_data["reference_date"]`)."""
    return DateComponent(nlp, lang, reference_date)
