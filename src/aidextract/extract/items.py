"""aidextract_items: weapon systems, munitions and equipment, with their counts and role.

Names come from the lexicon (models/lexicon/*.yaml), matched on stems in the article's
language, in English and in language-independent designations; the longest name wins, and a
generic type followed by its model ("20 Schützenpanzer vom Typ Marder") is the model.
A count is read just before the name, across fillers ("four additional HIMARS"), adjectives
("22 gepanzerte ..."), a calibre ("8,400 155mm rounds") or a count noun ("28 million rounds of
..."); a calibre, an amount, a date or a bare recent year is never a count, and vague counts
("hundreds of") give quantity null, approximate.
The role is read from the nearest context cue in the sentence: aid (supplied, pledged,
delivered, requested, paused: the cue gives the status) or other (launched, struck, produced,
a hostile word next to the name or before the list it opens); the platform that given ammunition
serves, or that is serviced, trained on or named for comparison, is other, but a munition for a
platform whose ammunition the lexicon knows is that ammunition ("ракети для HIMARS": GMLRS).
Names inside a phrase that names no item ("weapons and ammunition") or glued after an against-prefix
("anti-missiles") are dropped; "155 mm and 105 mm artillery ammunition" is two items; a counted
generic type restating a named system in another sentence ("Estos cuatro tanques") is no second item.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple, cast

from spacy.language import Language
from spacy.tokens import Doc

from ..numbers import exact, grammar
from ..records import Category, Item, Role, Span, Status
from ..resources import NEVER, FormTable, first_characters, identification, language, lexicon, starting_with, words_pattern
from .phrases import Match, PhraseComponent, longest_first
from .state import Cue, Extraction, state

_WINDOW = 80
_NAMED_CALIBRE = re.compile(r"\d{2,3}mm(?= )")  # a calibre-named lexicon entry: "155mm artillery round"
_LIST_MARK = re.compile(r"^\s*(?:[-–—•·*▪●◦]|\d{1,2}[.)])\s*")
_QUOTES = re.compile("[" + re.escape("\"'«»„“”‘’‚‹›") + "]")  # a regex: str.translate was 10x slower
_DIGIT = re.compile(r"\d")  # as the patterns read a digit
_NEAR = 400  # characters: two names further apart are never one item, a list or a munition and its platform


def _near_gap(text: str, end: int, start: int) -> str | None:
    """The text between two names without its quote marks, if they are near enough to be read together."""
    return _QUOTES.sub("", text[end:start]) if start - end <= _NEAR else None


class Entry(NamedTuple):
    name: str
    category: Category
    match_case: bool
    generic: bool
    not_item: bool  # a phrase around a name that names no item: "weapons and ammunition"
    munition: bool  # a generic munition ("missiles", "боеприпаси") that may be for a platform
    ammunition: int | None  # a platform's ammunition: the index of the entry "<munition> for <platform>" names


class CountReader:
    def __init__(self, lang: str):
        data = language(lang)
        self.numbers = grammar(lang)
        self.scales = FormTable(data.scales, lead=False)
        self.qualifiers = FormTable(data.qualifiers)
        fillers = words_pattern(data.count_fillers)
        units = words_pattern(data.count_units)
        connectors = words_pattern(data.currency_connectors)
        self.adjective_endings = tuple(e.lower() for e in data.count_adjective_endings)
        adjective = _adjective_pattern(self.adjective_endings)
        links = words_pattern(data.type_links)
        gap = rf"(?:\s+(?:{fillers}|{units}(?:\s+{connectors})?|{links}|{calibre_pattern(data.calibre_units)}|{adjective}))*"
        vague = words_pattern(data.vague_counts)
        starts = first_characters(data.qualifiers) + self.numbers.starts
        self.count = re.compile(  # qualifiers and numbers start words: (?<!\w) and their first characters spare the rest
            r"(?<!\w)" + starting_with(starts, rf"(?:(?P<q>{self.qualifiers.source})\s+)?(?P<num>{self.numbers.source})"
                                       rf"(?:\s*(?P<scale>{self.scales.source})\.?)?{gap}\s*$"),
            re.IGNORECASE,
        )
        self.vague = re.compile(rf"(?P<vague>{vague})(?:\s+{connectors})?(?:\s+{vague}(?:\s+{connectors})?)?{gap}\s*$",
                                re.IGNORECASE)
        articles = words_pattern(data.count_articles)
        self.article = re.compile(rf"(?P<article>{articles})(?:\s+{units}(?:\s+{connectors})?)?\s*$", re.IGNORECASE)
        # a comma stands in these matches only before a digit ("8,400", "1,5", "7,62 mm"), unless a word of
        # their lists has one: then no count, vague count or article starts before another comma
        self.commas_bound = not any("," in form for form in [
            *data.qualifiers, *data.number_words, *data.thousand_before_digits, *data.scales, *data.count_fillers,
            *data.count_units, *data.currency_connectors, *data.type_links, *data.calibre_units, *data.vague_counts,
            *data.count_articles, *data.count_adjective_endings])
        # what the last word before a counted name can be: most names have none of these before them,
        # and need not pay for the two backward searches
        self.last_words, self.last_stems, self.last_marks = _last_words(
            [*data.number_words, *data.scales, *data.count_fillers, *data.count_units, *data.currency_connectors,
             *data.vague_counts, *data.type_links, *data.count_articles, *data.calibre_units])

    def read(self, text: str, start: int, taken: list[tuple[int, int]]) -> tuple[int | None, bool, Span | None]:
        """(quantity, approximate, where) for a name starting at `start`."""
        lo = max(0, start - _WINDOW)
        if not self._may_end_count(text[lo:start]):
            return None, False, None
        lo = self._after_comma(text, lo, start)
        match = self.count.search(text, lo, start)
        if match and not _overlaps(match.start("num"), match.end("num"), taken):
            scale = self.scales.get(match.group("scale")) if match.group("scale") else 1
            number = self.numbers.parse(match.group("num"), scale_follows=bool(match.group("scale")))
            if _looks_like_year(match.group("num"), match.group("scale")):
                number = None
            elif number is not None:
                number *= Decimal(int(scale))  # "1,2 Millionen Schuss" is a whole count
            if number is not None and number == number.to_integral_value() and number > 0:
                value = exact(number)
                end = match.end("scale") if match.group("scale") else match.end("num")
                where = Span(text=text[match.start("num"):end], start=match.start("num"), end=end)
                return int(value), match.group("q") is not None, where
        vague = self.vague.search(text, lo, start)
        if vague:
            return None, True, None
        article = self.article.search(text, lo, start)
        if article:  # "una batería de misiles Aspide", "einen Warthog": the article is the numeral one
            return 1, False, Span(text=article.group("article"), start=article.start("article"), end=article.end("article"))
        return None, False, None

    def _after_comma(self, text: str, lo: int, start: int) -> int:
        """Where a count ending at `start` can start at the earliest: after the last comma of [lo, start)
        that no digit follows (a comma that no count holds, see `commas_bound`), else at `lo`."""
        if not self.commas_bound:
            return lo
        comma = text.rfind(",", lo, start)
        while comma >= 0 and _DIGIT.match(text, comma + 1, start):
            comma = text.rfind(",", lo, comma)
        return comma + 1 if comma >= 0 else lo

    def _may_end_count(self, before: str) -> bool:
        """Whether the text before a name ends in a word a count can end with: a number, scale,
        filler, unit, connector or vague count (the patterns above cannot match otherwise)."""
        before = before.rstrip()
        before = before[:-1] if before.endswith(".") else before  # "Mio.", "шт."
        if not before:
            return False
        if before[-1] in self.last_marks:
            return True
        word = _last_word(before)
        if not word:
            return False
        if word.islower() and word.endswith(self.adjective_endings):  # "300 przenośnych ...", "22 gepanzerte ..."
            return True
        word = word.lower()
        return word in self.last_words or word.startswith(self.last_stems) or any(c.isdigit() for c in word)


def _after_hyphen(text: str, start: int) -> bool:
    """Whether a hyphen ends the text before `start` (what a pattern ending in `-$` needs there)."""
    return text[start - 1:start] == "-" or text[start - 2:start] == "-\n"


def _last_runs(text: str, runs: int) -> int:
    """Where the last `runs` runs of non-space characters of the text start, or just before them: a match
    ending the text that spans no more runs starts there or later."""
    parts = text.rsplit(None, runs)
    return len(parts[0]) if len(parts) > runs else 0


def _last_word(text: str) -> str:
    """The letters and digits ending the text (what `\\w+$` finds, without trying every position)."""
    start = len(text)
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:]


class TypeGap:
    """What may stand between a generic type and the named system it introduces: a type link
    ("des Typs", "типа", "de tipo"), a bracketed abbreviation ("(РСЗО)") or a few lower-case words
    ("de transporte de pessoal"), but no list word or preposition ("und", "для", "for")."""

    _PIECE = re.compile(r"\([^()\d]{1,40}\)|[^\s()]+")
    _MAX_PIECES = 5

    def __init__(self, lang: str):
        data = language(lang)
        self.link = re.compile(words_pattern(data.type_links), re.IGNORECASE)
        self.stops = frozenset(w.lower() for w in data.type_gap_stops)

    def links(self, gap: str) -> bool:
        if len(gap) > 80 or not gap[:1].isspace() or not gap[-1:].isspace():
            return False
        pieces = self._PIECE.findall(self.link.sub(" ", gap))
        return len(pieces) <= self._MAX_PIECES and all(self._joins(piece) for piece in pieces)

    def _joins(self, piece: str) -> bool:
        if piece.startswith("("):
            return True
        word = piece.replace("-", "").replace("'", "").replace("’", "")
        return word.isalpha() and piece.islower() and piece not in self.stops


def _cue_within(cues: list[Cue], start: int, end: int) -> bool:
    """Whether a context word ("sent", "launched") stands in [start, end): then two names are two items."""
    i = bisect.bisect_left(cues, start, key=lambda c: c.start)
    while i < len(cues) and cues[i].start < end:
        if cues[i].kind in ("aid", "other"):
            return True
        i += 1
    return False


def _adjective_pattern(endings: tuple[str, ...]) -> str:
    """A lower-case word with one of the language's adjective endings ("gepanzerte", "przenośnych"):
    an adjective a count may stand before ("22 gepanzerte MRAP-Fahrzeuge")."""
    if not endings:
        return NEVER
    ending = "|".join(re.escape(e) for e in sorted(endings, key=len, reverse=True))
    return rf"(?-i:(?!{capital()})[^\W\d_]{{2,}}(?:{ending}))(?!\w)"


@functools.cache
def capital() -> str:
    """A class of the capitals of every language's alphabet (identification.yaml): `re` has no \\p{Lu}."""
    letters = {letter.upper() for letter in identification().alphabet}
    return "[" + re.escape("".join(sorted(c for c in letters if len(c) == 1 and not c.islower()))) + "]"


def calibre_units(units: tuple[str, ...]) -> str:
    """The language's calibre units as one alternative: "mm|мм"."""
    return "|".join(map(re.escape, units)) or NEVER


def calibre_pattern(units: tuple[str, ...]) -> str:
    """A calibre in the language's units: "155 mm", "155-мм", "35mm"."""
    return rf"\d{{2,3}}(?:[.,]\d)?\s*[-‑]?\s*(?:{calibre_units(units)})\.?"


_YEARS = range(1990, 2041)


def _looks_like_year(number: str, scale: str | None) -> bool:
    """"2025 Flugabwehrsysteme" (in 2025) is a year, not a count: four bare digits of a recent or coming
    year, not a round thousand ("2000 drones")."""
    return scale is None and number.isdigit() and len(number) == 4 and int(number) in _YEARS and int(number) % 100 != 0


def _last_words(forms: list[str]) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """(last words of the forms, last words of `stem*` forms, final characters of forms that end in
    punctuation): enough to tell that a text cannot end in one of the forms."""
    words: set[str] = set()
    stems: set[str] = set()
    marks: set[str] = set()
    for form in forms:
        star = form.endswith("*")
        form = form[:-1] if star else form
        pieces = re.findall(r"\w+", form.lower())
        if pieces:
            (stems if star else words).add(pieces[-1])
        if form and not form[-1].isalnum() and form[-1] != "." and not star:
            marks.add(form[-1])
    return frozenset(words), tuple(sorted(stems)), frozenset(marks)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of `spans` (sorted by start)."""
    i = bisect.bisect_left(spans, (end,))
    for s, e in spans[max(0, i - 4):i]:  # noqa: SIM110  (a loop, not any() over a generator: called for every name and cue)
        if start < e and s < end:
            return True
    return False


RoleAndStatus = tuple[Role | None, Status | None]


def role_of(cues: list[Cue], start: int, end: int | None = None, ahead: bool = True) -> RoleAndStatus:
    """(role, status) from the nearest aid/other cue, looking back first, then (if `ahead`) ahead;
    an `other` cue right after the name ("ATACMS strikes", "drone attacks") makes it other at once, and so
    does a `hostile` word right next to it ("Russian missiles", "drones iraniens")."""
    return RoleCues(cues).role(start, end, ahead)


class RoleCues:
    """The cues of a sentence that tell an item's role (`role_of`), sorted out once for all its items."""

    def __init__(self, cues: list[Cue]):
        self.relevant = [c for c in cues if c.kind in ("aid", "other")]  # in order of start, as the cues
        self.starts = [c.start for c in self.relevant]
        self.other_starts = {c.start for c in self.relevant if c.kind == "other"}
        self.hostile_starts = {c.start for c in cues if c.kind == "hostile"}
        self.hostile_ends = {c.end for c in cues if c.kind == "hostile"}

    def role(self, start: int, end: int | None = None, ahead: bool = True) -> RoleAndStatus:
        if end is not None and self._next_to(start, end):
            return "other", None
        split = bisect.bisect_left(self.starts, start)
        before = [c for c in self.relevant[:split] if c.end <= start]  # not a cue running into the name
        after = self.relevant[split:]
        nearest = before[-1] if before else after[0] if after and ahead else None
        if nearest is None:
            return None, None
        if nearest.kind == "other":
            return "other", None
        # the schema holds the language file's aid cues to the Status names
        statuses = [cast(Status, c.value) for c in reversed(before) if c.kind == "aid" and c.value]
        statuses += [cast(Status, c.value) for c in after if c.kind == "aid" and c.value]
        for strong in ("paused", "requested"):  # "halted deliveries of ..." is paused, not delivered
            if strong in statuses:
                return "aid", cast(Status, strong)
        return "aid", statuses[0] if statuses else None

    def _next_to(self, start: int, end: int) -> bool:
        """An `other` cue at most two characters after the name, or a `hostile` word as near either side of it."""
        others, hostile_starts, hostile_ends = self.other_starts, self.hostile_starts, self.hostile_ends
        return (end in others or end + 1 in others or end + 2 in others) \
            or ((end in hostile_starts or end + 1 in hostile_starts or end + 2 in hostile_starts)
                or (start in hostile_ends or start - 1 in hostile_ends or start - 2 in hostile_ends))


class ItemComponent(PhraseComponent):
    def __init__(self, nlp: Language, lang: str):
        super().__init__(nlp, lang)
        self.counts = CountReader(lang)
        self.type_gap = TypeGap(lang)
        data = language(lang)
        links = data.purpose_links
        self.purpose = re.compile(rf"[\s,]*(?:{words_pattern(links)})\s*", re.IGNORECASE) if links else None
        lower_word = rf"(?-i:(?!{capital()})[^\W\d_]+)"  # "боеприпаси за артилерийски ракетни системи ..."
        self.ammunition_for = re.compile(rf"(?:{words_pattern(data.ammunition_for)})(?:\s+{lower_word}){{0,2}}\s*$",
                                         re.IGNORECASE)
        # its words and the two words after them: the last runs of non-space characters it can match
        self.ammunition_for_runs = max((len(form.split()) for form in data.ammunition_for), default=0) + 2
        # a prefix glued by a hyphen right before a name: "défense anti-missiles" names no missile
        self.against = re.compile(rf"(?:{words_pattern(data.against_prefixes)})-$", re.IGNORECASE)
        self.list_and = re.compile(rf"\s*(?:,|,?\s+(?:{words_pattern(data.amount_and)}))\s+", re.IGNORECASE)
        # a calibre joined to a calibre-named item: "155 mm and 105 mm artillery ammunition" is two items
        calibre = calibre_pattern(data.calibre_units)
        self.calibre_start = re.compile(calibre)
        self.calibre_and = re.compile(rf"(?P<calibre>(?P<mm>\d{{2,3}})\s*[-‑]?\s*(?:{calibre_units(data.calibre_units)})\.?)"
                                      rf"\s*,?\s+(?:{words_pattern(data.amount_and)})\s+$", re.IGNORECASE)
        # between a munition and the platform it is for: "ракети для", "снарядів для 35 мм зенітної самохідної установки"
        self.munition_for = re.compile(rf"[\s,]*(?:{words_pattern(links)})(?:\s+{calibre})?(?:\s+{lower_word}){{0,3}}\s*",
                                       re.IGNORECASE) if links else None

    def compile(self) -> tuple[dict[str, list[str]], dict]:
        table, entries = {}, []
        index_of = {entry.name: index for index, entry in enumerate(lexicon())}
        for index, entry in enumerate(lexicon()):
            # designations and names written alike everywhere, and this language's own aliases
            table[str(index)] = [*entry.aliases.get("any", ()), *entry.aliases.get(self.lang, ())]
            entries.append([entry.name, entry.category, entry.match_case, entry.kind == "generic",
                            entry.kind == "not_item", entry.munition,
                            index_of[entry.ammunition] if entry.ammunition else None])
        return table, {"entries": entries}

    def loaded(self) -> None:
        self.entries = [Entry(*entry) for entry in self.meta["entries"]]
        self.by_name = {entry.name: entry for entry in self.entries}

    def __call__(self, doc: Doc) -> Doc:
        found = state(doc)
        text = found.text
        candidates = []
        phrases = self.phrases
        for match in phrases(doc):
            entry = self.entries[int(match.key)]
            surface = text[match.start:match.end]
            if entry.match_case and " " not in surface and surface[:1].isalpha() and not surface[:1].isupper():
                continue  # "Patriot" the system, not "a patriot"
            if entry.generic and _after_hyphen(text, match.start) and self.against.search(text, max(0, match.start - 12), match.start):
                continue  # "anti-missiles", "anti-droni": a modifier, not a missile or a drone
            candidates.append(match)
        taken = sorted([(a.start, a.end) for a in found.amounts] + [(d.start, d.end) for d in found.dates])
        items: list[Item] = []
        sentence_roles: dict[int, RoleAndStatus] = {}  # inherited roles by line
        matches = self._with_types(text, self._without_phrases(candidates), found.cues)
        sentence_cues = _SentenceCues(found, [(m.start, m.end) for m in matches])
        for match in matches:
            entry = self.entries[int(match.key)]
            start, end = match.start, match.end
            if text[end - 1] == "." and end - start > 1:  # "IRIS-T." at a sentence's end: the stop is not the name's
                end -= 1
            quantity, approximate, where = self.counts.read(text, start, taken)
            index = found.sentence_index(start)
            role, status = self._role(found, index, start, end, sentence_roles, sentence_cues(index))
            if role is None:
                role, status = _announced_role(found, start, items)
            items.append(Item(
                text=text[start:end], start=start, end=end, name=entry.name, category=entry.category,
                quantity=quantity, approximate=approximate, quantity_span=where,
                role=role or "other", status=status if role == "aid" else None,
            ))
        items = self._hostile_lists(text, items, found.cues)
        items = self._with_calibres(text, self._served_platforms(text, items))
        found.items = _without_restatements(items, self.by_name, found.sentence_index)
        return doc

    def _hostile_lists(self, text: str, items: list[Item], cues: list[Cue]) -> list[Item]:
        """A hostile word before a list is the whole list's: "російські снаряди та ракети", "Russian drones and missiles"."""
        out: list[Item] = []
        hostile = False
        hostile_ends = {c.end for c in cues if c.kind == "hostile"}
        for item in items:
            previous = out[-1] if out else None
            if previous is not None and hostile and item.role == "aid" and self.list_and.fullmatch(text[previous.end:item.start]):
                item = item.model_copy(update={"role": "other", "status": None})
            else:  # a hostile word ending at most two characters before the item
                hostile = item.role == "other" and not hostile_ends.isdisjoint(range(item.start - 2, item.start + 1))
            out.append(item)
        return out

    def _with_calibres(self, text: str, items: list[Item]) -> list[Item]:
        """"155 mm and 105 mm artillery ammunition": the calibre before the list word names the same item
        in that calibre (the lexicon's calibre-named entries: "155mm artillery round", "105mm artillery round")."""
        out: list[Item] = []
        for item in items:
            twin = self._calibre_twin(text, item)
            if twin is not None:
                out.append(twin)
            out.append(item)
        return out

    def _calibre_twin(self, text: str, item: Item) -> Item | None:
        named = _NAMED_CALIBRE.match(item.name)
        if named is None or not self.calibre_start.match(text, item.start):
            return None
        joined = self.calibre_and.search(text, max(0, item.start - 30), item.start)
        if joined is None:
            return None
        entry = self.by_name.get(joined.group("mm") + "mm" + item.name[named.end():])
        if entry is None or entry.name == item.name:
            return None
        return item.model_copy(update={
            "text": joined.group("calibre"), "start": joined.start("calibre"), "end": joined.end("calibre"),
            "name": entry.name, "category": entry.category, "quantity": None, "approximate": False,
            "quantity_span": None})

    def _without_phrases(self, candidates: list[Match]) -> list[Match]:
        """The names, longest first, less those inside a phrase that names no item ("weapons and
        ammunition"), unless a name runs across the phrase's edge ("small arms and ammunition")."""
        names = longest_first([m for m in candidates if not self.entries[int(m.key)].not_item])
        dropped: set[Match] = set()
        for phrase in (m for m in candidates if self.entries[int(m.key)].not_item):
            touching = [m for m in names if m.start < phrase.end and phrase.start < m.end]
            if all(phrase.start <= m.start and m.end <= phrase.end for m in touching):
                dropped.update(touching)
        return [m for m in names if m not in dropped]

    def _served_platforms(self, text: str, items: list[Item]) -> list[Item]:
        """The platform that given ammunition or equipment is for is not itself given:
        "снарядів для 155-мм гаубиць", "missiles for the F-16s and Su-27s", "amunicja do armat";
        but a munition for a platform whose ammunition the lexicon knows is that ammunition:
        "ракети для HIMARS" is GMLRS, and so is "HIMARS" in a list after it ("... for HIMARS and M270")."""
        if self.purpose is None:
            return items
        out: list[Item] = []
        served = False
        for item in items:
            previous = out[-1] if out else None
            how = self._served(text, previous, item, served) if item.role == "aid" else None
            served = how is not None
            ammunition = self._ammunition(item) if served else None
            if ammunition is None:
                out.append(item.model_copy(update={"role": "other", "status": None}) if served else item)
            elif how != "list" and previous is not None and self._munition_for(text, previous, item):
                out[-1] = _merged(text, previous, item, ammunition)
            elif how == "list":
                out.append(item.model_copy(update={"name": ammunition.name, "category": ammunition.category}))
            else:  # "spare parts for HIMARS": the parts are no item, the platform is not given
                out.append(item.model_copy(update={"role": "other", "status": None}))
        return out

    def _ammunition(self, item: Item) -> Entry | None:
        entry = self.by_name.get(item.name)
        return self.entries[entry.ammunition] if entry is not None and entry.ammunition is not None else None

    def _munition_for(self, text: str, previous: Item | None, item: Item) -> bool:
        """Whether `previous` is a given munition right before the platform it is for ("ракети для «Хаймарсів»")."""
        if previous is None or previous.role != "aid" or self.munition_for is None:
            return False
        entry = self.by_name.get(previous.name)
        if entry is None or not entry.munition:
            return False
        gap = _near_gap(text, previous.end, item.start)
        return gap is not None and self.munition_for.fullmatch(gap) is not None

    def _served(self, text: str, previous: Item | None, item: Item, previous_served: bool) -> str | None:
        """How the item is a platform that something given is for: "for" (after "ammunition for"),
        "purpose" (right after a given item and a purpose link), "list" (in a list after such a platform)."""
        before = _QUOTES.sub(" ", text[max(0, item.start - 60):item.start])  # "l'addestramento"
        # "Munition für den Gepard", "боеприпаси за ХАЙМАРС"; tried only where that many words end the text
        if self.ammunition_for.search(before, _last_runs(before, self.ammunition_for_runs)):
            return "for"
        if previous is None:
            return None
        gap = _near_gap(text, previous.end, item.start)
        if gap is None:
            return None
        if previous.role == "aid" and self.purpose is not None and self.purpose.fullmatch(gap):  # "<item> for <item>"
            return "purpose"
        if previous_served and item.category == previous.category and self._joins_list(gap):  # "... і Су-27"
            return "list"
        if self._munition_for(text, previous, item):  # "снарядів для 35 мм зенітної самохідної установки Gepard"
            return "purpose"
        return None

    def _joins_list(self, gap: str) -> bool:
        """Whether a gap between two names only joins them in a list: ", ", " and ", " і "."""
        words = gap.replace(",", " ").split()
        return len(gap) <= 8 and len(words) <= 1 and all(w.lower() in self.type_gap.stops for w in words)

    def _with_types(self, text: str, matches: list[Match], cues: list[Cue]) -> list[Match]:
        """A generic type right next to a named system names that system: "MaxxPro MRAP vehicles",
        "ракети GMLRS", "танків Leopard" are one item, the system, spanning both; so is a generic type
        followed by its model across a type link or a few words ("20 Schützenpanzer vom Typ Marder",
        "14 viaturas blindadas de transporte de pessoal M113"), whose count is then the system's."""
        merged: list[Match] = []
        for match in matches:
            previous = merged[-1] if merged else None
            generic = (self.entries[int(previous.key)].generic, self.entries[int(match.key)].generic) if previous else None
            if previous and generic != (False, False) and 0 <= match.start - previous.end <= _NEAR:  # two systems stay two
                gap = text[previous.end:match.start]
                if generic == (True, True) and match.key == previous.key and gap.strip() == "(" \
                        and text[match.end:match.end + 1] == ")":
                    continue  # "бронетранспортерів (БТР)": the abbreviation restates the type
                gap = _QUOTES.sub("", gap)  # 'гаубиць "Цезар"', "systèmes « Caesar »"
                adjacent = len(gap) <= 3 and gap.replace(" ", "") in ("", "-")  # "MRAP vehicles", "HF-1-Stoßdrohnen"
                if generic == (False, True) and adjacent:
                    merged[-1] = Match(previous.key, previous.start, match.end)
                    continue
                if generic == (True, False) and (adjacent or (self.type_gap.links(gap)
                                                             and not _cue_within(cues, previous.end, match.start))):
                    merged[-1] = Match(match.key, previous.start, match.end)
                    continue
                if generic == (True, False) and gap.strip() == "(" and text[match.end:match.end + 1] == ")":
                    merged[-1] = Match(match.key, previous.start, match.end + 1)  # "military vehicles (HMMWV)"
                    continue
                if generic == (True, True) and gap == "-":
                    merged[-1] = Match(previous.key, previous.start, match.end)  # "MRAP-gepanzerte Fahrzeuge"
                    continue
            merged.append(match)
        return merged

    @staticmethod
    def _role(found: Extraction, index: int, start: int, end: int, memo: dict, cues: RoleCues) -> RoleAndStatus:
        """The item's role from the cues of its sentence (of that index); a cue-less list line inherits from
        the lines before."""
        role, status = cues.role(start, end, ahead=False)
        if role is None and index >= 0:  # a list line: the line before decides first
            role, status = _inherited_role(found, index, memo)
        if role is None:
            role, status = cues.role(start, end)
        return role, status


class _SentenceCues:
    """The cues of the sentence of an index (`found.sentence_index`), less those inside a name ("Multiple
    Launch Rocket System"), for reading roles: sorted out once per sentence."""

    def __init__(self, found: Extraction, names: list[tuple[int, int]]):
        self.found = found
        self.names = names
        self.by_sentence: dict[int, RoleCues] = {}

    def __call__(self, index: int) -> RoleCues:
        cues = self.by_sentence.get(index)
        if cues is None:
            sentence = self.found.sentences[index] if index >= 0 else (0, 10**12)  # as found.sentence_of
            cues = self.by_sentence[index] = RoleCues(
                [c for c in self.found.sentence_cues(sentence) if not _overlaps(c.start, c.end, self.names)])
        return cues


def _merged(text: str, munition: Item, platform: Item, ammunition: Entry) -> Item:
    """A munition and the platform it is for, as one item: the platform's ammunition, counted as the munition."""
    return munition.model_copy(update={"text": text[munition.start:platform.end], "end": platform.end,
                                       "name": ammunition.name, "category": ammunition.category})


def _without_restatements(items: list[Item], by_name: dict[str, Entry],
                          sentence_of: Callable[[int], int]) -> list[Item]:
    """A counted generic type given, in another sentence, with the count and a word of a named system of its
    category restates it: "cuatro tanques Leopard 2A4 ... Estos cuatro tanques", "14 бронетранспортерів (БТР)
    M113 ... 14 БТР" (but "14 Challenger 2 tanks ... 14 armoured ambulances" are two items)."""
    named = [i for i in items if i.role == "aid" and i.quantity and not by_name[i.name].generic]

    def restates(item: Item) -> bool:
        return any(n.category == item.category and n.quantity == item.quantity
                   and sentence_of(n.start) != sentence_of(item.start) and _shares_word(n.text, item.text)
                   for n in named)

    return [i for i in items if not (i.role == "aid" and i.quantity and by_name[i.name].generic and restates(i))]


def _shares_word(a: str, b: str) -> bool:
    """Whether two names share a word, read on its first five letters ("tanques"/"tanque", "БТР")."""
    heads = {w[:5] for w in re.findall(r"[^\W\d_]{3,}", a.lower())}
    return any(w[:5] in heads for w in re.findall(r"[^\W\d_]{3,}", b.lower()))


def _announced_role(found: Extraction, start: int, items: list[Item]) -> RoleAndStatus:
    """A cue-less sentence right after one that announces (pledges) aid but names nothing lists what it announced:
    "Berlin announced further weapons. Among them four IRIS-T systems ..." """
    index = found.sentence_index(start)
    if index <= 0 or any(c.kind in ("aid", "other") for c in found.sentence_cues(found.sentences[index])):
        return None, None
    p_start, p_end = found.sentences[index - 1]
    if any(p_start <= item.start < p_end for item in _items_before(items, found.sentences[index][0])):
        return None, None  # the sentence before names items of its own
    cues = found.sentence_cues(found.sentences[index - 1])
    if not any(c.kind == "aid" for c in cues):
        return None, None
    role, status = role_of(cues, p_end)
    if status not in (None, "pledged"):  # "... was delivered. It consists of a radar, ...": a description, not a list
        return None, None
    return role, status


def _items_before(items: list[Item], start: int, last: int = 1) -> list[Item]:
    """The `last` items (in text order) that start before `start`."""
    i = len(items)
    while i and items[i - 1].start >= start:
        i -= 1
    return items[max(0, i - last):i]


def _inherited_role(found: Extraction, index: int, memo: dict) -> RoleAndStatus:
    """A list line ("- 30 Patriot missiles") or a line after "...includes:" takes the role of the line before."""
    if index == 0:
        return None, None
    if index in memo:
        return memo[index]
    start, end = found.sentences[index]
    p_start, p_end = found.sentences[index - 1]
    result: RoleAndStatus = (None, None)
    if _LIST_MARK.match(found.text[start:end]) or found.text[p_start:p_end].endswith(":"):
        result = role_of(found.sentence_cues(found.sentences[index - 1]), p_end)
        if result[0] is None:
            result = _inherited_role(found, index - 1, memo)
    memo[index] = result
    return result


@Language.factory("aidextract_items", default_config={"lang": "en"})
def make_items(nlp: Language, name: str, lang: str) -> ItemComponent:
    return ItemComponent(nlp, lang)
