"""The multilingual number grammar shared by money amounts and item counts.

Numbers are read exactly (`decimal.Decimal`), with the separators of the article's language:
"1,35" is 1.35 in Bulgarian, "8,400" is 8400 in English, "2.000" is 2000 in German,
"1 000" (plain, no-break or narrow no-break space) is 1000 wherever spaces group thousands.
A single separator followed by exactly three digits is the ambiguous case: it is a thousands
separator unless it is the language's decimal mark and a scale word follows ("1,500 Mrd.").
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from .resources import FormTable, LanguageData, first_characters, language

SPACES = " \u00a0\u202f\u2009"
_SPACE_CLASS = "[" + SPACES + "]"


def exact(value: Decimal) -> int | float:
    """An integer when the value is whole, else a float (JSON has no decimals)."""
    integral = value.to_integral_value()
    return int(integral) if value == integral else float(value)


class NumberGrammar:
    """Finds and reads numbers (digits or words) in one language."""

    def __init__(self, lang: LanguageData):
        self.lang = lang
        space_groups = [g for g in lang.group if g in SPACES]
        self.words = FormTable(lang.number_words)
        digit = r"(?<![\w.,])(?<![^\W\d_]-)\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?(?![\d])|(?<![\w.,])(?<![^\W\d_]-)\d+(?:[.,]\d+)?(?![\d])"
        if space_groups:
            spaced = r"(?<![\w.,])(?<![^\W\d_]-)\d{1,3}(?:" + _SPACE_CLASS + r"\d{3})+(?:[.,]\d+)?(?![\d]|" + _SPACE_CLASS + r"\d)"
            digit = spaced + "|" + digit
        if lang.thousand_before_digits:  # "mil 700", "2 mil 500" (Mexican press): 1 700, 2 500
            thousand = "|".join(re.escape(w) for w in lang.thousand_before_digits)
            digit = rf"(?<![\w.,])(?:\d{{1,3}}\s+)?(?:{thousand})\s+\d{{3}}(?![\d.,])|" + digit
            self.thousand_lead: re.Pattern[str] | None = re.compile(
                rf"(?:(?P<thousands>\d{{1,3}})\s+)?(?:{thousand})\s+(?=\d)", re.IGNORECASE)
        else:
            self.thousand_lead = None
        words = self.words.source
        self.source = rf"(?:{digit}|{words}(?:(?:\s+|-){words})*)"  # embedded in the amount and count patterns
        # the characters a number can start with, escaped for a class
        self.starts = r"\d" + first_characters(lang.number_words) + first_characters(lang.thousand_before_digits)

    @functools.cached_property
    def regex(self) -> re.Pattern:
        """The numbers alone (compiled when asked for: the extractors only embed `source`)."""
        return re.compile(self.source, re.IGNORECASE)

    def parse(self, surface: str, *, scale_follows: bool = False) -> Decimal | None:
        surface = surface.strip()
        if not surface:
            return None
        if self.thousand_lead and (lead := self.thousand_lead.match(surface)):
            rest = self._parse_digits(surface[lead.end():], False)
            return 1000 * int(lead.group("thousands") or 1) + rest if rest is not None else None
        if surface[0].isdigit():
            return self._parse_digits(surface, scale_follows)
        return self._parse_words(surface)

    def _parse_digits(self, surface: str, scale_follows: bool) -> Decimal | None:
        text = re.sub(_SPACE_CLASS, "", surface)
        seps = [c for c in text if c in ".,"]
        try:
            if not seps:
                return Decimal(text)
            if len(set(seps)) == 2:
                decimal_mark = seps[-1]
                group_mark = "," if decimal_mark == "." else "."
                whole, _, frac = text.rpartition(decimal_mark)
                if not _valid_groups(whole, group_mark) or seps.count(decimal_mark) > 1:
                    return None
                return Decimal(whole.replace(group_mark, "") + "." + frac)
            mark = seps[0]
            if len(seps) > 1:
                return Decimal(text.replace(mark, "")) if _valid_groups(text, mark) else None
            whole, frac = text.split(mark)
            if len(frac) != 3 or whole == "0" or (mark == self.lang.decimal and scale_follows
                                                  and not self.lang.three_digits_group_before_scale):
                return Decimal(whole + "." + frac)
            return Decimal(whole + frac)
        except InvalidOperation:
            return None

    def _parse_words(self, surface: str) -> Decimal | None:
        whole = self.words.get(surface)
        if whole is not None:  # "a billion", "un billón", "półtora"
            return Decimal(whole)
        total = Decimal(0)
        current = Decimal(0)
        for word in re.split(r"[\s-]+", surface):
            value = self.words.get(word)
            if value is None:
                return None
            value = Decimal(value)  # already exact
            if value == 100 and current:
                current *= value
            elif value >= 1000:
                total += (current or 1) * value
                current = Decimal(0)
            else:
                current += value
        result = total + current
        return result if result else None


def _valid_groups(text: str, mark: str) -> bool:
    head, *groups = text.split(mark)
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)


@functools.cache
def grammar(code: str) -> NumberGrammar:
    return NumberGrammar(language(code))
