"""The shape of every kind of file in `models/`, as pydantic models.

Each file is validated when it is loaded (and so when `aidextract build-models` builds the
pipelines): an unknown or misspelled key, a wrong type or an unknown cue kind, status or
qualifier fails with the file and the key named, never loads silently as "no months".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from .records import AidKind, Category, Qualifier, Status
from .resources import Invalid

Words = list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Inflection(_Strict):
    min_stem: int = Field(3, ge=1)
    suffixes: Words = []


class Numbers(_Strict):
    decimal: Literal[".", ","] = "."
    group: Words = []
    words: dict[str, int | float] = {}
    vague: Words = []
    ordinal_suffixes: Words = []
    three_digits_group_before_scale: bool = False
    thousand_before_digits: Words = []


class AmountRanges(_Strict):
    leads: Words = []
    joins: Words = []


class RelativeOffset(_Strict):
    days: int | None = None
    weeks: int | None = None
    months: int | None = None
    years: int | None = None


class Dates(_Strict):
    month_first: bool = False
    capitalized: bool = False
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    weekday_next: Words = []
    weekday_last: Words = []
    year_words: Words = []
    year_prepositions: Words = []
    day_suffixes: Words = []
    day_words: dict[str, int] = {}
    day_range_joins: Words = []
    date_connectors: Words = []
    modifiers: Words = []
    ahead_leads: Words = []
    relative: dict[str, RelativeOffset] = {}


class Counting(_Strict):
    fillers: Words = []
    units: Words = []
    adjective_endings: Words = []
    type_links: Words = []
    type_gap_stops: Words = []
    purpose_links: Words = []
    ammunition_for: Words = []
    articles: Words = []
    against_prefixes: Words = []
    calibre_units: Words = []


class Cues(_Strict):
    """Context words, stem-matched, by kind (the kinds `extract/state.Cue.kind` holds, with
    `mechanism` from mechanisms.yaml). A list gives words without a payload; a mapping gives each
    word the status (aid) or kind (kind) it implies, or null."""
    aid: dict[str, Status | None] = {}
    kind: dict[str, AidKind] = {}
    not_package: dict[str, None] | Words = {}
    other: dict[str, None] | Words = {}
    donor: Words = []
    recipient: Words = []
    hostile: Words = []
    pending: Words = []
    cost: Words = []
    raised: Words = []
    origin: Words = []
    coalition: Words = []
    part: Words = []
    since: Words = []
    onset: Words = []
    restatement: Words = []


class LanguageFile(_Strict):
    """models/lang/<xx>.yaml"""
    code: str = Field(pattern=r"^[a-z]{2}$")
    name: str
    inflection: Inflection = Inflection(min_stem=3)
    numbers: Numbers = Numbers()
    scales: dict[str, int | float] = {}
    currencies: dict[str, str] = {}
    currency_connectors: Words = []
    currency_carry_followers: Words = []
    qualifiers: dict[str, Qualifier] = {}
    lone_scales: Words = []
    amount_ranges: AmountRanges = AmountRanges()
    amount_and: Words = []
    party_joins: Words = []
    dates: Dates = Dates()
    counting: Counting = Counting()
    cues: Cues = Cues()
    ordinals: dict[str, int] = {}


class LexiconEntry(_Strict):
    """One entry of models/lexicon/<category>.yaml"""
    name: str
    category: Category
    kind: Literal["system", "generic", "not_item"] = "system"
    match_case: bool = False
    munition: bool = False          # a generic munition ("ракети") that a platform's own ammunition may name
    ammunition: str | None = None   # the entry naming this platform's ammunition ("GMLRS" for HIMARS)
    aliases: dict[str, Words]


class EntityEntry(_Strict):
    """One entry of models/entities/aliases.yaml or countries.yaml"""
    code: str  # an unquoted NO is YAML's false: rejected as not a string
    label: Literal["country", "organization"] | None = None
    aliases: dict[str, Words] = {}
    demonyms: dict[str, Words] = {}
    not_: dict[str, Words] = Field({}, alias="not")


LexiconAliases = dict[str, Words]  # models/lexicon/languages/<xx>.yaml: entry name -> its aliases in xx


class EntityWords(_Strict):
    aliases: Words = []
    demonyms: Words = []
    not_: Words = Field([], alias="not")


EntityAliases = dict[str, EntityWords]  # models/entities/languages/<xx>.yaml: code -> its words in xx


class BareCurrency(_Strict):
    words: Words
    default: str | None = None
    min_cues: int = Field(ge=1)
    countries: dict[str, Words]
    default_cues: Words = []


class CurrenciesFile(_Strict):
    """models/currencies.yaml"""
    symbols: dict[str, str]
    spaced_symbols: Words = []
    lent_scales: dict[str, int | float] = {}
    subunits: Words = []
    codes: Words
    dollar_contexts: dict[str, str] = {}
    bare_currencies: dict[str, BareCurrency] = {}


class PartiesFile(_Strict):
    """models/parties.yaml"""
    usual_recipients: Words
    not_donors: dict[str, Words] = {}
    never_donors: Words = []


class BoilerplateFile(_Strict):
    """models/boilerplate.yaml"""
    lines: Words = []
    starts: Words = []


class IdentificationFile(_Strict):
    """models/identification.yaml"""
    scripts: dict[str, Words]
    letters: dict[str, Words] = {}
    alphabets: dict[str, str] = {}
    legacy_encodings: Words = []


MechanismsFile = dict[str, Words]  # models/mechanisms.yaml: code -> its names in every language


def validated(model: Any, raw: Any, path: Path, where: str = "") -> Any:
    """`raw` (loaded YAML) checked against `model` (a model or a type); errors name the file and the key."""
    try:
        return TypeAdapter(model).validate_python(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in (where, *problem['loc']) if part != '')}: {problem['msg']}"
            for problem in error.errors()[:5]
        )
        raise Invalid(f"{path}: {problems}") from None
