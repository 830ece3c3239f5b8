"""aidextract_amounts: money amounts, normalized exactly, in the article's language.

One pass finds currency marks (symbols, ISO codes, currency words of the language); around each
mark, anchored patterns read the number and scale before or after it:

    $725 million · US$ 1 billion · €1.4bn · EUR 500 Mio. · R$ 2 bilhões      (mark first)
    725 млн. долара · 2,5 Mrd. Euro · 500 millions d'euros · 1,3 mld zł       (mark last)

An amount needs a currency: "155mm", "2024", "30%" and "weapons worth billions" never are.
The span covers the mark, number, scale and currency word; a qualifier just before it ("more
than", "над") goes to `qualifier`. A range "$300-$400 million" gives two amounts, the low one
`at_least` and the high one `up_to`, the low one borrowing the scale and currency it lacks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import exact, grammar
from ..records import Amount, Qualifier
from ..resources import BareCurrency, FormTable, currency_symbols, first_characters, language, starting_with, words_pattern
from .anchors import Anchors
from .sentences import split_sentences
from .state import state

_WINDOW = 80


@dataclass
class _Reading:
    start: int
    end: int
    number: Decimal
    scale: Decimal
    currency: str
    currency_text: str

    @property
    def value(self) -> Decimal:
        return self.number * self.scale


class AmountReader:
    """All compiled patterns for one language."""

    def __init__(self, lang: str):
        data = language(lang)
        symbols = currency_symbols()
        self.numbers = grammar(lang)
        # "$20bn": the scale may touch the number; a quoted English "$1.7 billion" is read everywhere
        self.scales = FormTable({**symbols.lent_scales, **data.scales}, lead=False)
        self.words = FormTable(data.currencies)
        self.qualifiers = FormTable(data.qualifiers)
        self.vague = {word.lower() for word in data.vague_counts}
        self.lone_scales = {word.lower() for word in data.lone_scales}
        self.symbols = {_symbol_key(symbol): code for symbol, code in symbols.symbols.items()}
        self.bare = [_BareFamily(family, symbols.dollar_contexts) for family in symbols.bare]
        symbol_source = _symbol_source(symbols.symbols, symbols.spaced_symbols)
        codes = "|".join(_lookalike_source(code) for code in sorted(symbols.codes))
        code_source = r"(?-i:(?<![\w$])(?:" + codes + r")(?![\w]))"
        self.code_after = re.compile(rf"\s*\(\s*(?P<code>{code_source})\s*\)")
        # words first: "złotych" is a word, not the symbol "zł" + "otych"; but "NZD$" is a symbol; a lookahead
        # of the characters the marks start with (a code's capitals as written) spares the three alternatives
        # everywhere else
        mark_starts = first_characters(data.currencies) + re.escape("".join({symbol[:1] for symbol in symbols.symbols}))
        code_starts = re.escape("".join({code[:1] + _LOOKALIKES.get(code[:1], "") for code in symbols.codes}))
        self.marks = re.compile(f"(?=[{mark_starts}]|(?-i:[{code_starts}]))"
                                f"(?:(?P<word>{self.words.source})(?!\\s?\\$)|(?P<symbol>{symbol_source})"
                                f"|(?P<code>{code_source}))", re.IGNORECASE)
        num, scale = self.numbers.source, self.scales.source
        connectors = words_pattern(data.currency_connectors) if data.currency_connectors else None
        # mark first: "$" + " 725" + " million"
        self.after_mark = re.compile(rf"\s?(?P<num>{num})(?:\s*(?P<scale>{scale}))?", re.IGNORECASE)
        # mark last: "725" + " млн." + " de" + " " + "долара"
        connector = rf"(?:\s+{connectors})?" if connectors else ""
        # searched backwards from a mark: the lookahead rejects, in one test, the positions where
        # neither a number, a scale, a dot, a space nor a hyphen starts (nor the end)
        scale_starts = first_characters([*symbols.lent_scales, *data.scales])
        self.before_mark = re.compile(  # hyphens too: "ein 95-Milliarden-Dollar-Paket"
            rf"(?![^{self.numbers.starts}{scale_starts}.\s\-])"
            rf"(?:(?P<num>{num})(?:\s*|-))?(?P<scale>{scale})?\.?{connector}(?:\s*|-)$",
            re.IGNORECASE,
        )
        self.range_joins = {w.lower() for w in data.range_joins}
        self.amount_and = {w.lower() for w in data.amount_and}
        leads = words_pattern(data.range_leads) if data.range_leads else None
        lead = rf"(?:(?P<lead>{leads})\s+)?" if leads else ""
        joins = words_pattern([*data.range_joins, *data.amount_and]) if self.range_joins | self.amount_and else None
        self.join_words = {form.split()[-1].lower().rstrip(".") for form in [*data.range_joins, *data.amount_and]}
        self.qualifier_words = max((len(form.split()) for form in data.qualifiers), default=0)
        join = rf"|\s+(?P<join>{joins})\s+(?:{self.qualifiers.source}\s+)?" if joins else ""
        self.range_low = re.compile(  # "$300-", "entre 2 y ", "2,43 e ", "z 2 tys. do nawet "
            rf"{lead}(?:{self.qualifiers.source}\.?\s+)?(?P<symbol>{symbol_source})?\s?(?P<num>{num})"
            rf"(?:\s*(?P<low_scale>{scale})\.?)?(?:\s*[-–—]\s*{join})$", re.IGNORECASE)
        self.word_then_currency = re.compile(rf"\s+[^\W\d_]+\.?\s+(?P<again>{self.words.source})", re.IGNORECASE)
        self.subunits = re.compile(rf"\s+(?:\w{{1,3}}\s+)?(?P<hundredths>\d{{1,2}})\s+{_cues_source(symbols.subunits)}")
        self.qualifier_before = re.compile(rf"(?P<q>{self.qualifiers.source})\.?\s*$", re.IGNORECASE)  # "ok. 100 mln"
        followers = words_pattern(data.carry_followers) if data.carry_followers else None
        self.scaled = re.compile(rf"(?<![\w$€£¥₴₽])(?P<num>{num})\s*(?P<scale>{scale})", re.IGNORECASE) if followers else None
        # where `scaled` can end: it runs only just before them (a lookahead of their first characters spares the trie)
        self.scale_word = re.compile(starting_with(scale_starts, scale), re.IGNORECASE)
        self.carry_follower = re.compile(rf"\s*(?:$|[,.;:!?)»”\"–—-]|{followers})", re.IGNORECASE) if followers else None

    def read(self, text: str, windows: list[tuple[int, int]] | None = None,
             sentences: list[tuple[int, int]] | None = None, aid_sentence: Callable[[int], bool] | None = None) -> list[Amount]:
        """Amounts in the text; currency marks are looked for only in `windows` when given."""
        readings: list[_Reading] = []
        marks = (m for lo, hi in (windows if windows is not None else [(0, len(text))])
                 for m in self.marks.finditer(text, lo, hi))
        for mark in marks:
            reading = self._mark_first(text, mark) if _can_lead(mark.group()) else None
            reading = reading or self._mark_last(text, mark)
            if reading is None:
                continue
            if readings and reading.start < readings[-1].end:  # "$2,3 млрд. долара": one amount
                readings[-1].end = max(readings[-1].end, reading.end)
                continue
            readings.append(reading)
        readings = self._decide_bare_currencies(text, readings)
        readings = self._with_carried_currency(text, readings, sentences, aid_sentence or (lambda at: True))
        amounts: list[Amount] = []
        for reading in readings:
            reading.end = _with_abbreviation_dot(text, reading.end)
            resolved = self._resolve(text, reading)
            if len(resolved) == 2 and amounts and amounts[-1].end > resolved[0].start:
                amounts.pop()  # "$300" of "$300-$400 million" is the range's low end, not an amount of its own
            amounts.extend(resolved)
        return amounts

    def _with_carried_currency(self, text: str, readings: list[_Reading], sentences: list[tuple[int, int]] | None,
                               aid_sentence: Callable[[int], bool]) -> list[_Reading]:
        """ "233 millions d'euros ..., contre 25 milliards pour les Etats-Unis": a number with a scale
        of a million or more and no currency takes the one currency in play before it, in its sentence,
        else its paragraph, else the article (then only in a sentence that speaks of aid or follows one
        with an amount: "a country of 38 million, ..." is no money); only when a preposition, a
        conjunction or punctuation follows it ("25 milliards d'obus" and "2 млн снарядів" are counts)."""
        if not readings or self.scaled is None or self.carry_follower is None:
            return readings
        carried: list[_Reading] = []
        counts: list[int] = []
        for match in self._scaled_numbers(text):
            start, end = match.start(), match.end()
            if any(r.start < end and start < r.end for r in readings):
                continue
            if not self.carry_follower.match(text, end):
                counts.append(start)  # "13 milhões de pessoas": a count, and its sentence carries nothing
                continue
            scale = self._scale(match.group("scale"))
            number = self.numbers.parse(match.group("num"), scale_follows=True)
            if scale < 1_000_000 or len(match.group("scale").strip(".")) < 2 or not number:
                continue  # "25 milliards", "25 bn"; never "300 m" (metres?) nor thousands
            sentences = split_sentences(text) if sentences is None else sentences
            spoken_of = aid_sentence(start) or _amount_in_sentence_before(text, start, [*readings, *carried], sentences)
            currency = _currency_in_play(text, start, readings, sentences, spoken_of)
            if currency:
                carried.append(_Reading(start, end, number, scale, currency, ""))
        carried = [r for r in carried if sentences is not None and not _count_in_sentence(r.start, counts, sentences)]
        return sorted([*readings, *carried], key=lambda r: r.start) if carried else readings

    def _scaled_numbers(self, text: str) -> Iterator[re.Match]:
        """`scaled` over the text, run only over the stretches that end in a scale word (a number
        with its scale is never longer than _SCALED_REACH characters)."""
        assert self.scaled is not None
        windows: list[tuple[int, int]] = []
        for word in self.scale_word.finditer(text):
            lo = max(0, word.start() - _SCALED_REACH)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], word.end())
            else:
                windows.append((lo, word.end()))
        for lo, hi in windows:
            yield from self.scaled.finditer(text, lo, hi)

    def _decide_bare_currencies(self, text: str, readings: list[_Reading]) -> list[_Reading]:
        """A code in brackets after an amount says its currency; a bare "dollars" or "крон" takes the
        one the article decides (see currencies.yaml); a bare crown of no clear country is no amount."""
        decided = {id(r) for r in readings if self._written_code(text, r)}
        for family in self.bare:
            bare = [r for r in readings if id(r) not in decided and family.is_bare(r.currency_text)]
            if bare:
                others = [r for r in readings if not family.is_bare(r.currency_text)]
                currency = family.decide(text, {r.currency for r in others}, bare[0].start)
                for reading in bare:
                    reading.currency = currency or _NO_CURRENCY  # no clear country: no amount (below)
        return [r for r in readings if r.currency and r.currency != _NO_CURRENCY]

    def _written_code(self, text: str, reading: _Reading) -> bool:
        written = self.code_after.match(text, reading.end)
        if written:
            reading.currency = _latin(written.group("code"))
        return bool(written)

    def _currency_of(self, mark: re.Match) -> str:
        if mark.group("symbol"):
            return self.symbols[_symbol_key(mark.group("symbol"))]
        if mark.group("code"):
            return _latin(mark.group("code"))
        return self.words.get(mark.group("word"))

    def _mark_first(self, text: str, mark: re.Match) -> _Reading | None:
        match = self.after_mark.match(text, mark.end())
        if not match:
            return None
        scale = self._scale(match.group("scale"))
        number = self.numbers.parse(match.group("num"), scale_follows=scale != 1)
        if number is None:
            return None
        end = match.end("scale") if match.group("scale") else match.end("num")
        if _GLUED_LETTER.match(text, end):
            return None  # "€500M" with an "M" the language does not know: not "€500"
        if not match.group("scale") and self._currency_again(text, end) == self._currency_of(mark):
            return None  # "€63 млни євро": the currency twice around a word unread (a misspelt scale?)
        return _Reading(mark.start(), end, number, scale, self._currency_of(mark), mark.group())

    def _currency_again(self, text: str, end: int) -> str | None:
        word = self.word_then_currency.match(text, end)
        return self.words.get(word.group("again")) if word else None

    def _mark_last(self, text: str, mark: re.Match) -> _Reading | None:
        lo = max(0, mark.start() - _WINDOW)
        match = self.before_mark.search(text, lo, mark.start())
        if not match:
            return None
        num_text, scale_text = match.group("num"), match.group("scale")
        if num_text is None and not self._scale_alone_is_one(scale_text):
            return None  # "billions of dollars": a scale without a number is no amount
        scale = self._scale(scale_text)
        number = self.numbers.parse(num_text, scale_follows=scale != 1) if num_text else Decimal(1)
        if number is None:
            return None
        start = match.start("num") if num_text else match.start("scale")
        end = mark.end()
        hundredths = self.subunits.match(text, end) if scale == 1 and number == number.to_integral_value() else None
        if hundredths:  # "3 dollars 50 cents"
            number += Decimal(hundredths.group("hundredths")) / 100
            end = hundredths.end()
        return _Reading(start, end, number, scale, self._currency_of(mark), mark.group())

    def _scale_alone_is_one(self, scale: str | None) -> bool:
        """ "mil millones de dólares", Polish "miliard dolarów": one of it; never "miles de millones"."""
        if not scale:
            return False
        words = scale.split()
        return (len(words) > 1 and words[0].lower() not in self.vague) or scale.lower() in self.lone_scales

    def _scale(self, surface: str | None) -> Decimal:
        if not surface:
            return Decimal(1)
        factor = self.scales.get(surface)
        return Decimal(int(factor)) if factor is not None else Decimal(1)

    def _resolve(self, text: str, reading: _Reading) -> list[Amount]:
        qualifier = self._qualifier(text, reading.start)
        low = self.range_low.search(text, max(0, reading.start - 40), reading.start) if self._may_end_range(text, reading.start) else None
        amounts = []
        kind = self._joined(low, reading) if low else None
        scale = self._scale(low.group("low_scale")) if kind and low and low.group("low_scale") else reading.scale
        number = self.numbers.parse(low.group("num"), scale_follows=scale != 1) if kind and low else None
        if number is not None and low is not None:
            low_start = low.start("symbol") if low.group("symbol") else low.start("num")
            low_end = low.end("low_scale") if low.group("low_scale") else low.end("num")
            value = number * scale
            if kind == "range" and value < reading.value:
                amounts.append(self._amount(text, low_start, low_end, value, reading, "at_least"))
                qualifier = "up_to"
            elif kind == "and" and reading.scale != 1 and number < 1000 and reading.value / 10 <= value < reading.value * 10:
                amounts.append(self._amount(text, low_start, low_end, value, reading, self._qualifier(text, low_start)))
        amounts.append(self._amount(text, reading.start, reading.end, reading.value, reading, qualifier))
        return amounts

    def _may_end_range(self, text: str, start: int) -> bool:
        """Whether the text before an amount ends as the low end of a range must: in a dash, or a join
        word, maybe followed by a qualifier ("300-", "entre 2 y ", "z 2 tys. do nawet "): most amounts
        need not pay for the backward search."""
        before = text[max(0, start - 40):start].rstrip()
        if before.endswith(("-", "–", "—")):
            return True
        return any(word.lower().rstrip(".") in self.join_words for word in before.split()[-1 - self.qualifier_words:])

    def _joined(self, low: re.Match, reading: _Reading) -> str | None:
        """ "300-" and "entre 2 y" make a range; "2,43 e" with no lead word two amounts; else nothing.
        Never a low end that is an amount of its own ("U$D 90 millones y MXN$ 15 millones")."""
        symbol = low.group("symbol")
        if symbol and self.symbols.get(_symbol_key(symbol)) != reading.currency and symbol != reading.currency_text:
            return None
        groups = low.re.groupindex
        join = (low.group("join") or "").lower() if "join" in groups else ""
        lead = low.group("lead") if "lead" in groups else None
        if not join:
            return "range"
        if lead:
            return "range" if join in self.range_joins else None
        return "and" if join in self.amount_and and not low.group("low_scale") else None

    def _qualifier(self, text: str, start: int) -> Qualifier | None:
        match = self.qualifier_before.search(text, max(0, start - 30), start)
        # the schema holds the language file's qualifiers to the Qualifier names
        return cast(Qualifier, self.qualifiers.get(match.group("q"))) if match else None

    @staticmethod
    def _amount(text: str, start: int, end: int, value: Decimal, reading: _Reading, qualifier: Qualifier | None) -> Amount:
        return Amount(
            text=text[start:end], start=start, end=end, value=exact(value), currency=reading.currency,
            currency_text=reading.currency_text, qualifier=qualifier, approximate=qualifier is not None,
        )


_NO_CURRENCY = "XXX"  # ISO 4217 "no currency": a bare crown, until the article says whose


class _BareFamily:
    """Whose dollar a bare "$" or "dollars" is, whose crown a bare "крон" (see currencies.yaml)."""

    def __init__(self, family: BareCurrency, contexts: dict[str, str]):
        self.family = family
        self.words = re.compile(_cues_source(family.words) + r"\.?$")
        self.contexts = {phrase: code for phrase, code in contexts.items() if code in family.countries}
        self.countries = {code: re.compile(_cues_source(cues)) for code, cues in family.countries.items()}
        self.default_cues = re.compile(_cues_source(family.default_cues)) if family.default_cues else None

    def is_bare(self, currency_text: str) -> bool:
        return (currency_text == "$" and self.family.default == "USD") or bool(self.words.match(currency_text))

    def decide(self, text: str, written: set[str], first_bare: int) -> str | None:
        named = (written & set(self.countries)) or {code for phrase, code in self.contexts.items() if phrase in text}
        if named:  # "5 million Canadian dollars ... US$ 100 million ... 20 million dollars": whose? the default's
            return named.pop() if len(named) == 1 and self.family.default not in written else self.family.default
        if self.family.default in written:
            return self.family.default
        return self._of_country(text, first_bare) or self.family.default

    def _of_country(self, text: str, first_bare: int) -> str | None:
        """The country the article is about: named often, and before its first bare amount and
        before the default's country ("The Pentagon's $400 million ... Canada, Canadian, Ottawa": USD)."""
        mentions = sorted(((cues.findall(text), code) for code, cues in self.countries.items()),
                          key=lambda found: len(found[0]), reverse=True)
        (found, code), runner_up = mentions[0], (len(mentions[1][0]) if len(mentions) > 1 else 0)
        default = self.default_cues.search(text) if self.default_cues else None
        default_count = len(self.default_cues.findall(text)) if default and self.default_cues else 0
        first = self.countries[code].search(text)
        if first is None:
            return None
        clear = (len(found) >= self.family.min_cues and len(found) >= 2 * default_count and len(found) >= 3 * runner_up
                 and first.start() < first_bare and (default is None or first.start() < default.start()))
        return code if clear else None


def _cues_source(words: tuple[str, ...]) -> str:
    """Case-sensitive whole words; "stem*" ends a stem. Each form is written with its first character
    first: re then skips ahead to those characters (these patterns are scanned over whole articles)."""
    forms = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(_word_start(w[:-1]) + r"\w*" if w.endswith("*") else _word_start(w) + r"(?!\w)"
                            for w in forms) + ")"


def _word_start(form: str) -> str:
    """The form where a word starts: its first character, then the test that no letter or digit stands
    before it ("C(?<!\\wC)anada" is "(?<!\\w)Canada")."""
    if not form:
        return r"(?<!\w)"
    first = re.escape(form[0])
    return rf"{first}(?<!\w{first}){re.escape(form[1:])}"


def _symbol_key(symbol: str) -> str:
    """ "nt$", "NT $" and "NT$" are one symbol."""
    return "".join(symbol.split()).upper()


def _symbol_source(symbols: dict[str, str], spaced: frozenset[str]) -> str:
    """Longest first; a symbol led by letters starts a word ("December$300" is "$300", not "R$").
    The prefixed dollars are one group behind one look-behind: scanned over whole articles."""
    prefixed = [s for s in symbols if s[0].isalpha() and s.endswith("$")]
    groups = [("(?:" + "|".join(re.escape(s[:-1]) for s in sorted(forms, key=len, reverse=True)) + ")" + dollar)
              for forms, dollar in (([s for s in prefixed if s in spaced], r"\s?\$"),
                                    ([s for s in prefixed if s not in spaced], r"\$")) if forms]
    parts = [r"(?<![^\W\d_])(?:" + "|".join(groups) + ")"] if groups else []
    for symbol in sorted(set(symbols) - set(prefixed), key=len, reverse=True):
        parts.append((r"(?<![^\W\d_])" if symbol[0].isalpha() else "") + re.escape(symbol))
    return "|".join(parts)


_LOOKALIKES = {"A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т",
               "X": "Х"}
_TO_LATIN = str.maketrans({cyrillic: latin for latin, cyrillic in _LOOKALIKES.items()})


def _lookalike_source(code: str) -> str:
    """ "СAD" typed with a Cyrillic С is still CAD."""
    return "".join(f"[{ch}{_LOOKALIKES[ch]}]" if ch in _LOOKALIKES else ch for ch in code)


def _latin(code: str) -> str:
    return code.translate(_TO_LATIN)


def _currency_in_play(text: str, at: int, readings: list[_Reading], sentences: list[tuple[int, int]],
                      spoken_of: bool) -> str | None:
    """The one currency of the amounts of the sentence, else paragraph, else article with an amount
    before `at`; beyond the sentence, only when it speaks of aid or follows a sentence with an amount."""
    sentence = next(((lo, hi) for lo, hi in sentences if lo <= at < hi), (at, at))
    for lo, hi in (sentence, _paragraph_around(text, at), (0, len(text))):
        inside = [r for r in readings if lo <= r.start < hi]
        if any(r.start < at for r in inside):
            if (lo, hi) != sentence and not spoken_of:
                return None
            currencies = {r.currency for r in inside}
            return currencies.pop() if len(currencies) == 1 else None
    return None  # no amount before it: nothing to carry


def _amount_in_sentence_before(text: str, at: int, readings: list[_Reading], sentences: list[tuple[int, int]]) -> bool:
    """ "... solo 4,89 miliardi. Seguono, con 2,36 miliardi, ...": a list of amounts goes on, in its paragraph."""
    index = next((i for i, (lo, hi) in enumerate(sentences) if lo <= at < hi), 0)
    if index == 0:
        return False
    lo, hi = sentences[index - 1]
    return "\n" not in text[lo:at] and any(lo <= r.start < hi for r in readings)


def _count_in_sentence(at: int, counts: list[int], sentences: list[tuple[int, int]]) -> bool:
    lo, hi = next(((lo, hi) for lo, hi in sentences if lo <= at < hi), (at, at + 1))
    return any(lo <= count < hi for count in counts)


def _paragraph_around(text: str, at: int) -> tuple[int, int]:
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end


_GLUED_LETTER = re.compile(r"[^\W\d_]")


def _can_lead(mark: str) -> bool:
    """Symbols and codes come before the number ("$725", "USD 400m", "zł"); currency words after it."""
    return not mark.isalpha() or len(mark) <= 3 or mark.isupper()


_SCALED_REACH = 60  # characters before a scale word where its number starts: "one hundred twenty-six million"
_SENTENCE_END = regex.compile(r"\.(?:\s*$|\s+[\"'“«(]?\p{Lu})")  # a capital of any script


def _with_abbreviation_dot(text: str, end: int) -> int:
    """ "млн. лв." and "EUR 500 Mio." keep the dot of a short abbreviation, unless it ends the sentence."""
    if text[end:end + 1] != "." or _SENTENCE_END.match(text, end):
        return end
    word = re.search(r"(\w+)$", text[max(0, end - 6):end])
    return end + 1 if word and len(word.group(1)) <= 4 else end


class AmountComponent:
    def __init__(self, nlp: Language, lang: str):
        data = language(lang)
        symbols = currency_symbols()
        self.reader = AmountReader(lang)
        forms = [*data.currencies, *symbols.symbols, *symbols.codes]
        characters = "".join(sorted({ch for symbol in symbols.symbols for ch in symbol if not ch.isalnum() and ch not in ". "}))
        self.anchors = Anchors(nlp.vocab, data.stemmer, forms, currency=True, characters=characters)
        self.mark_reach = max(map(len, forms))  # a mark holds its anchor word: look no further for it

    def __call__(self, doc: Doc) -> Doc:
        found = state(doc)
        windows = self.anchors.windows(doc, found.text, before=self.mark_reach, after=self.mark_reach)
        found.amounts = self.reader.read(found.text, windows, found.sentences, lambda at: _speaks_of_aid(found, at))
        return doc


def _speaks_of_aid(found, at: int) -> bool:
    return any(cue.kind in ("aid", "kind", "mechanism") for cue in found.sentence_cues(found.sentence_of(at)))


@Language.factory("aidextract_amounts", default_config={"lang": "en"})
def make_amounts(nlp: Language, name: str, lang: str) -> AmountComponent:
    return AmountComponent(nlp, lang)
