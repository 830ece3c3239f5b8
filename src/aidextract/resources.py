"""Typed, cached access to the extraction knowledge in `models/`.

The engine never holds language data in code: every word it knows comes through here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml


def models_dir() -> Path:
    """`models/` shipped inside the wheel, or the repository's own in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "models", here.parent.parent / "models"):
        if (candidate / "lang").is_dir():
            return candidate
    raise FileNotFoundError("aidextract: the models/ directory is missing from the installation")


# The supported languages are the language files: adding models/lang/<xx>.yaml adds a language.
LANGUAGES: tuple[str, ...] = tuple(sorted(path.stem for path in (models_dir() / "lang").glob("*.yaml")))

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster where present


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """YAML keeps the last of two equal keys without a word: a word listed twice, with two
    meanings, would silently lose one. Here it is an error, with the line."""

    def construct_mapping(self, node, deep=False):
        keys = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in keys:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


class Invalid(ValueError):
    """A models/ file that is not well-formed, or does not have the shape its kind needs."""


def load_yaml(path: Path, schema: str | None = None, many: bool = False) -> Any:
    """A models/ file, checked against its schema when one is named: a model of `schemas.py`
    (imported only then: pydantic is not needed to start the command line), or a list of them."""
    with path.open(encoding="utf-8") as handle:
        try:
            raw = yaml.load(handle, Loader=_Loader)
        except yaml.YAMLError as error:
            raise Invalid(f"{path}: {error}") from None
    if schema is not None:
        from . import schemas

        model: Any = getattr(schemas, schema)
        schemas.validated(list[model] if many else model, raw, path)
    return raw


def normalize_word(word: str) -> str:
    """Case- and spelling-insensitive form of a word: lower case, one apostrophe, ё -> е."""
    return word.lower().replace("’", "'").replace("ʼ", "'").replace("ё", "е")


@dataclass(frozen=True)
class Stemmer:
    """Strips the longest listed ending, keeping at least `min_stem` characters."""

    suffixes: tuple[str, ...]
    min_stem: int = 3
    _cache: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        norm = normalize_word(word)
        if norm.endswith(".") and ((len(norm) > 2 and any(ch.isdigit() for ch in norm)) or (len(norm) == 2 and norm[0].isalpha())):
            norm = norm[:-1]  # a sentence's full stop kept on "M113." or on the "T." of "IRIS-T." by the tokenizer
        stem = norm
        if norm.isalpha():
            for suffix in self.suffixes:
                if norm.endswith(suffix) and len(norm) - len(suffix) >= self.min_stem:
                    stem = norm[: -len(suffix)]
                    break
        if len(self._cache) < 500_000:
            self._cache[word] = stem
        return stem


@dataclass(frozen=True)
class LanguageData:
    """One `models/lang/<xx>.yaml`, with every key present."""

    code: str
    name: str
    stemmer: Stemmer
    decimal: str
    group: tuple[str, ...]
    number_words: dict[str, Decimal]
    vague_counts: tuple[str, ...]
    scales: dict[str, float]
    currencies: dict[str, str]
    currency_connectors: tuple[str, ...]
    qualifiers: dict[str, str]
    months: dict[str, int]
    weekdays: dict[str, int]
    weekday_next: tuple[str, ...]
    weekday_last: tuple[str, ...]
    year_words: tuple[str, ...]
    year_prepositions: tuple[str, ...]
    day_suffixes: tuple[str, ...]
    date_connectors: tuple[str, ...]
    date_modifiers: tuple[str, ...]
    date_ahead_leads: tuple[str, ...]
    day_words: dict[str, int]
    day_range_joins: tuple[str, ...]
    capitalized_months: bool
    month_first: bool
    relative_dates: dict[str, dict[str, int]]
    count_fillers: tuple[str, ...]
    count_units: tuple[str, ...]
    count_adjective_endings: tuple[str, ...]
    type_links: tuple[str, ...]
    type_gap_stops: tuple[str, ...]
    purpose_links: tuple[str, ...]
    ammunition_for: tuple[str, ...]
    against_prefixes: tuple[str, ...]  # "anti-" in "anti-missiles": the name after it is a modifier, no item
    count_articles: tuple[str, ...]
    calibre_units: tuple[str, ...]
    cues: dict[str, dict[str, str | None]]
    ordinals: dict[str, int]
    ordinal_suffixes: tuple[str, ...]
    three_digits_group_before_scale: bool = False  # es: "14,300 millones" is 14 300 millones
    thousand_before_digits: tuple[str, ...] = ()    # es: "mil 700 millones" is 1 700 millones
    carry_followers: tuple[str, ...] = ()           # words after a currency-less "25 milliards" (see amounts)
    lone_scales: tuple[str, ...] = ()               # pl: "miliard dolarów" alone is one billion
    range_leads: tuple[str, ...] = ()               # "entre" 2 "y" 4 millones: a range in words
    range_joins: tuple[str, ...] = ()
    amount_and: tuple[str, ...] = ()                # "2,43 e 2,36 miliardi": two amounts
    party_joins: tuple[str, ...] = ()               # "Germany and the Netherlands": two donors


def _as_mapping(value: Any) -> dict:
    if value is None:
        return {}
    if isinstance(value, list):  # a plain list of words: no payload
        return {str(word): None for word in value}
    return {str(key): val for key, val in value.items()}


def _words(value: Any) -> tuple[str, ...]:
    return tuple(str(word) for word in (value or []))


@functools.cache
def language(code: str) -> LanguageData:
    path = models_dir() / "lang" / f"{code}.yaml"
    if not path.exists():
        raise KeyError(f"unsupported language: {code!r}")
    raw = load_yaml(path, "LanguageFile")
    numbers = raw.get("numbers") or {}
    dates = raw.get("dates") or {}
    counting = raw.get("counting") or {}
    inflection = raw.get("inflection") or {}
    suffixes = sorted({normalize_word(s) for s in inflection.get("suffixes") or []}, key=len, reverse=True)
    cues = {kind: _as_mapping(table) for kind, table in (raw.get("cues") or {}).items()}
    return LanguageData(
        code=code,
        name=raw.get("name", code),
        stemmer=Stemmer(tuple(suffixes), int(inflection.get("min_stem", 3))),
        decimal=str(numbers.get("decimal", ".")),
        group=_words(numbers.get("group")),
        number_words={normalize_word(k): Decimal(str(v)) for k, v in _as_mapping(numbers.get("words")).items()},
        vague_counts=_words(numbers.get("vague")),
        three_digits_group_before_scale=bool(numbers.get("three_digits_group_before_scale", False)),
        thousand_before_digits=_words(numbers.get("thousand_before_digits")),
        carry_followers=_words(raw.get("currency_carry_followers")),
        lone_scales=_words(raw.get("lone_scales")),
        range_leads=_words((raw.get("amount_ranges") or {}).get("leads")),
        range_joins=_words((raw.get("amount_ranges") or {}).get("joins")),
        amount_and=_words(raw.get("amount_and")),
        party_joins=_words(raw.get("party_joins")),
        scales={k: float(v) for k, v in _as_mapping(raw.get("scales")).items()},
        currencies={k: str(v).upper() for k, v in _as_mapping(raw.get("currencies")).items()},
        currency_connectors=_words(raw.get("currency_connectors")),
        qualifiers={k: str(v) for k, v in _as_mapping(raw.get("qualifiers")).items()},
        months={k: int(v) for k, v in _as_mapping(dates.get("months")).items()},
        weekdays={k: int(v) for k, v in _as_mapping(dates.get("weekdays")).items()},
        weekday_next=_words(dates.get("weekday_next")),
        weekday_last=_words(dates.get("weekday_last")),
        year_words=_words(dates.get("year_words")),
        year_prepositions=_words(dates.get("year_prepositions")),
        day_suffixes=_words(dates.get("day_suffixes")),
        date_connectors=_words(dates.get("date_connectors")),
        date_modifiers=_words(dates.get("modifiers")),
        date_ahead_leads=_words(dates.get("ahead_leads")),
        day_words={k: int(v) for k, v in _as_mapping(dates.get("day_words")).items()},
        day_range_joins=_words(dates.get("day_range_joins")),
        capitalized_months=bool(dates.get("capitalized", False)),
        month_first=bool(dates.get("month_first", False)),
        relative_dates={k: dict(v) for k, v in _as_mapping(dates.get("relative")).items()},
        count_fillers=_words(counting.get("fillers")),
        count_units=_words(counting.get("units")),
        count_adjective_endings=_words(counting.get("adjective_endings")),
        type_links=_words(counting.get("type_links")),
        type_gap_stops=_words(counting.get("type_gap_stops")),
        purpose_links=_words(counting.get("purpose_links")),
        ammunition_for=_words(counting.get("ammunition_for")),
        against_prefixes=_words(counting.get("against_prefixes")),
        count_articles=_words(counting.get("articles")),
        calibre_units=_words(counting.get("calibre_units")),
        cues=cues,
        ordinals={normalize_word(k): int(v) for k, v in _as_mapping(raw.get("ordinals")).items()},
        ordinal_suffixes=_words(numbers.get("ordinal_suffixes")),
    )


@dataclass(frozen=True)
class LexiconEntry:
    name: str
    category: str
    kind: str
    match_case: bool
    aliases: dict[str, tuple[str, ...]]  # language code or "any" -> phrases
    munition: bool = False        # a generic munition ("missile", "ammunition") that may be for a platform
    ammunition: str | None = None  # a platform's ammunition: the entry that "<munition> for <platform>" names


@functools.cache
def lexicon() -> tuple[LexiconEntry, ...]:
    """The entries of lexicon/<category>.yaml, with the aliases of lexicon/languages/<xx>.yaml."""
    raws = [raw for path in sorted((models_dir() / "lexicon").glob("*.yaml"))
            for raw in load_yaml(path, "LexiconEntry", many=True) or []]
    by_name = {str(raw["name"]): raw for raw in raws}
    for lang, path in _language_files("lexicon"):
        for name, names in (load_yaml(path, "LexiconAliases") or {}).items():
            if name not in by_name:
                raise Invalid(f"{path}: no lexicon entry is named {name!r}")
            by_name[name].setdefault("aliases", {})[lang] = names
    return tuple(
        LexiconEntry(
            name=str(raw["name"]),
            category=str(raw["category"]),
            kind=str(raw.get("kind", "system")),
            match_case=bool(raw.get("match_case", False)),
            aliases={lang: _words(names) for lang, names in (raw.get("aliases") or {}).items()},
            munition=bool(raw.get("munition", False)),
            ammunition=str(raw["ammunition"]) if raw.get("ammunition") else None,
        )
        for raw in raws
    )


def _language_files(kind: str) -> list[tuple[str, Path]]:
    """models/<kind>/languages/<xx>.yaml: a language's words for shared entries, in its own file
    (so that adding a language adds files and edits none)."""
    return [(path.stem, path) for path in sorted((models_dir() / kind / "languages").glob("*.yaml"))]


@dataclass(frozen=True)
class EntityEntry:
    code: str
    label: str
    aliases: dict[str, tuple[str, ...]]
    demonyms: dict[str, tuple[str, ...]]
    excluded: dict[str, tuple[str, ...]]  # surface forms that are not this entity ("Йордан", a name)


@functools.cache
def entities() -> tuple[EntityEntry, ...]:
    """Hand-written aliases merged with the country names generated from CLDR."""
    by_code: dict[str, EntityEntry] = {}
    files = [(models_dir() / "entities" / name, load_yaml(models_dir() / "entities" / name, "EntityEntry", many=True))
             for name in ("countries.yaml", "aliases.yaml") if (models_dir() / "entities" / name).exists()]
    for lang, path in _language_files("entities"):  # {code: {aliases: [...], demonyms: [...]}}
        files.append((path, [{"code": code, **{key: {lang: words} for key, words in found.items()}}
                             for code, found in (load_yaml(path, "EntityAliases") or {}).items()]))
    for path, raws in files:
        for raw in raws or []:
            code = raw["code"]
            if not isinstance(code, str):  # an unquoted NO is YAML's false
                raise ValueError(f"{path}: entity code {code!r} must be a quoted string")
            old = by_code.get(code)
            aliases = {lang: _words(v) for lang, v in (raw.get("aliases") or {}).items()}
            demonyms = {lang: _words(v) for lang, v in (raw.get("demonyms") or {}).items()}
            excluded = {lang: _words(v) for lang, v in (raw.get("not") or {}).items()}
            if old:
                excluded = {lang: old.excluded.get(lang, ()) + excluded.get(lang, ()) for lang in {*old.excluded, *excluded}}
                aliases = {lang: old.aliases.get(lang, ()) + aliases.get(lang, ()) for lang in {*old.aliases, *aliases}}
                demonyms = {lang: old.demonyms.get(lang, ()) + demonyms.get(lang, ()) for lang in {*old.demonyms, *demonyms}}
            label = str(raw.get("label") or (old.label if old else "country"))
            by_code[code] = EntityEntry(code, label, aliases, demonyms, excluded)
    return tuple(by_code.values())


@dataclass(frozen=True)
class BareCurrency:
    """A family of currencies written without saying whose ("dollars", "крон"): see currencies.yaml."""

    words: tuple[str, ...]
    default: str | None
    min_cues: int
    countries: dict[str, tuple[str, ...]]
    default_cues: tuple[str, ...]


@dataclass(frozen=True)
class CurrencySymbols:
    symbols: dict[str, str]          # "$" -> USD, "A$" -> AUD, ...
    codes: frozenset[str]            # ISO codes written as such: USD, EUR, ...
    dollar_contexts: dict[str, str]  # phrases that make a bare "$" another dollar
    spaced_symbols: frozenset[str] = frozenset()  # "hk $ 10 billion": may be written with a space
    bare: tuple[BareCurrency, ...] = ()           # "dollars", "крон": whose, decided by the article
    subunits: tuple[str, ...] = ()                # "cents": hundredths after a whole amount
    lent_scales: dict[str, float] = field(default_factory=dict)  # "billion" read in every language


@functools.cache
def currency_symbols() -> CurrencySymbols:
    raw = load_yaml(models_dir() / "currencies.yaml", "CurrenciesFile")
    return CurrencySymbols(
        symbols={str(k): str(v) for k, v in raw["symbols"].items()},
        codes=frozenset(str(c) for c in raw["codes"]),
        dollar_contexts={str(k): str(v) for k, v in raw["dollar_contexts"].items()},
        spaced_symbols=frozenset(_words(raw.get("spaced_symbols"))),
        subunits=_words(raw.get("subunits")),
        lent_scales={str(k): float(v) for k, v in (raw.get("lent_scales") or {}).items()},
        bare=tuple(BareCurrency(
            words=_words(family["words"]), default=family.get("default"), min_cues=int(family["min_cues"]),
            countries={str(k): _words(v) for k, v in family["countries"].items()},
            default_cues=_words(family.get("default_cues")),
        ) for family in (raw.get("bare_currencies") or {}).values()),
    )


@dataclass(frozen=True)
class Identification:
    """models/identification.yaml"""
    scripts: dict[str, tuple[str, ...]]   # Unicode script name -> the languages written in it
    letters: dict[str, frozenset[str]]    # language -> letters only it writes among its script's
    alphabet: frozenset[str]              # every letter the languages write
    legacy_encodings: tuple[str, ...]


@functools.cache
def identification() -> Identification:
    raw = load_yaml(models_dir() / "identification.yaml", "IdentificationFile")
    return Identification(
        scripts={name: tuple(codes) for name, codes in raw["scripts"].items()},
        letters={code: frozenset(chars) for code, chars in (raw.get("letters") or {}).items()},
        alphabet=frozenset("".join(raw.get("alphabets", {}).values())),
        legacy_encodings=tuple(raw.get("legacy_encodings", ())),
    )


@functools.cache
def script_letters() -> dict[str, Any]:
    """A pattern for the letters of each script of identification.yaml (\\p{Script=Cyrillic})."""
    import regex

    return {name: regex.compile(rf"\p{{Script={name}}}") for name in identification().scripts}


@functools.cache
def usual_recipients() -> frozenset[str]:
    return frozenset(load_yaml(models_dir() / "parties.yaml", "PartiesFile")["usual_recipients"])


@functools.cache
def _not_donors() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    raw = load_yaml(models_dir() / "parties.yaml", "PartiesFile")
    never = frozenset(map(str, raw.get("never_donors") or ()))
    return never, {str(recipient): never | frozenset(map(str, codes)) for recipient, codes in (raw.get("not_donors") or {}).items()}


def not_donors(recipient: str | None) -> frozenset[str]:
    """The parties never taken as a recipient's donor: alliances, and the recipient's adversaries."""
    never, by_recipient = _not_donors()
    return by_recipient.get(recipient or "", never)


@functools.cache
def mechanisms() -> dict[str, str]:
    """Phrase (any language) -> mechanism code (PDA, USAI, FMF, EPF...)."""
    raw = load_yaml(models_dir() / "mechanisms.yaml", "MechanismsFile")
    return {str(phrase): str(code) for code, phrases in raw.items() for phrase in phrases}


NEVER = r"(?!x)x"  # a pattern that matches nothing: an empty word list


_UNITS = {" ": r"\s+", "'": "['’ʼ]", "’": "['’ʼ]", "ʼ": "['’ʼ]", "-": "[-‐‑]"}
_END = ""  # trie key marking the end of a form


def words_pattern(words, *, boundary: bool = True, lead: bool = True) -> str:
    """A regex matching any of the surface forms, longest first; `stem*` allows up to 4 more letters.

    The forms are merged into a trie ("ma(?:rch|y)") so that a failed match costs one character
    test per position, not one per form: these patterns are scanned over whole articles."""
    trie: dict = {}
    for word in set(words):
        stem, star = _form(word)
        if not stem:
            continue
        node = trie
        for ch in stem:
            node = node.setdefault(_UNITS.get(ch, ch), {})
        if star:
            ending = r"\w{0,4}"
        elif boundary and stem[-1:].isalnum():
            ending = r"(?!\w)"
        else:
            ending = ""
        node.setdefault(_END, set()).add(ending)
    if not trie:
        return NEVER
    prefix = r"(?<!\w)" if boundary and lead else ""
    if _endings(trie) == {r"(?!\w)"}:  # one boundary test after the trie, not one per form: compiles 2x faster
        return prefix + _trie_regex(trie, bare_end=True) + r"(?!\w)"
    return prefix + _trie_regex(trie)


def _form(word: str) -> tuple[str, bool]:
    """(the form as matched: lower case, single spaces; whether it is a `stem*`)."""
    star = word.endswith("*") and len(word) > 1
    return " ".join((word[:-1] if star else word).lower().split()), star


def first_characters(words) -> str:
    """The characters that the matches of `words_pattern(words)` can start with, escaped for a
    class: a lookahead of them rejects most positions in one test."""
    characters: set[str] = set()
    for word in words:
        first = _form(word)[0][:1]
        unit = _UNITS.get(first, first)
        characters.update(unit[1:-1] if unit.startswith("[") else unit)
    return re.escape("".join(sorted(characters)))


def starting_with(characters: str, source: str) -> str:
    """`source`, tried only where one of the characters (of `first_characters`) stands: a
    one-character test rejects the other positions."""
    return f"(?=[{characters}])(?:{source})" if characters else source


def _endings(node: dict) -> set[str]:
    found = set(node.get(_END, ()))
    for unit, child in node.items():
        if unit != _END:
            found |= _endings(child)
    return found


def _trie_regex(node: dict, bare_end: bool = False) -> str:
    branches = []
    for unit, child in sorted(((u, c) for u, c in node.items() if u != _END), key=lambda uc: uc[0]):
        key = unit if unit.startswith(("\\s", "[")) else re.escape(unit)
        branches.append(key + _trie_regex(child, bare_end))
    endings = {""} if bare_end and _END in node else node.get(_END, set())
    branches += sorted(endings, key=len, reverse=True)  # "\w{0,4}" (a stem) before the bare end
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


class FormTable:
    """Surface forms (`stem*` allowed) with payloads: one regex to find them, one lookup to resolve."""

    def __init__(self, table: dict[str, Any], *, boundary: bool = True, lead: bool = True):
        self.exact = {self._key(k): v for k, v in table.items() if not k.endswith("*")}
        self.prefixes = sorted(
            ((self._key(k[:-1]), v) for k, v in table.items() if k.endswith("*")),
            key=lambda kv: len(kv[0]), reverse=True,
        )
        self.source = words_pattern(table, boundary=boundary, lead=lead)

    @staticmethod
    def _key(surface: str) -> str:
        return normalize_word(" ".join(surface.split())).rstrip(".")

    def is_exact(self, surface: str) -> bool:
        """Whether the surface form is listed as such (not only matched by a `stem*`)."""
        return self._key(surface) in self.exact

    def get(self, surface: str, default: Any = None) -> Any:
        key = self._key(surface)
        if key in self.exact:
            return self.exact[key]
        for prefix, payload in self.prefixes:
            if key.startswith(prefix):
                return payload
        return default
