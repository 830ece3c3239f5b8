"""The record contract: one `ArticleRecord` per article, validated by pydantic.

Every extracted value carries `text`, `start` and `end`: Python string offsets into the decoded
article text, so that `article[start:end] == text` always holds. The JSON Schema printed by
`aidextract schema` is generated from these models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1"] = "1"

Category = Literal[
    "air_defense", "artillery", "artillery_ammunition", "rocket_artillery", "anti_armor",
    "small_arms", "mines", "aircraft", "drones", "armored_vehicles", "vehicles", "naval",
    "missiles", "other",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
Qualifier = Literal["more_than", "at_least", "up_to", "about", "less_than"]
QUALIFIERS: tuple[str, ...] = Qualifier.__args__  # type: ignore[attr-defined]
Role = Literal["aid", "other"]
Status = Literal["pledged", "delivered", "requested", "paused"]
Granularity = Literal["day", "week", "month", "year"]
AidKind = Literal["military", "humanitarian", "financial"]
EntityLabel = Literal["country", "organization", "demonym"]
ReferenceSource = Literal["input", "text"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Where a value came from: `article[start:end] == text`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Amount(Span):
    value: float | int = Field(description="Exact amount in units of the currency.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
    currency_text: str = Field(description="The currency as written: '$', 'долара', 'EUR'.")
    qualifier: Qualifier | None = None
    approximate: bool = Field(False, description="True when a qualifier makes the value a bound or an estimate.")


class Item(Span):
    name: str = Field(description="Canonical English name from the lexicon.")
    category: Category
    quantity: int | None = Field(None, description="The count the text gives for this mention.")
    approximate: bool = Field(False, description="The count is vague ('hundreds of') or qualified ('over').")
    quantity_span: Span | None = Field(None, description="Where the count was read.")
    role: Role = Field(description="'aid' when supplied/pledged/delivered/requested/paused; 'other' otherwise.")
    status: Status | None = None


class Date(Span):
    value: str | None = Field(description="ISO 8601: 2024-11-13, 2024-11, 2024, 2024-W45; null if unresolvable.")
    granularity: Granularity
    relative: bool = False


class Entity(Span):
    label: EntityLabel
    code: str = Field(description="ISO 3166-1 alpha-2, or EU / NATO.")


class Package(Span):
    """An aid package; `text/start/end` is the evidence sentence."""

    donor: str | None
    recipient: str | None
    value: float | int | None = None
    currency: str | None = None
    amount: int | None = Field(None, description="Index into `amounts` of the value.")
    kind: AidKind | None = None
    date: str | None = Field(None, description="Announcement date (ISO) when the sentence states one.")
    sequence: int | None = Field(None, description="'the 69th tranche' -> 69.")
    mechanism: str | None = Field(None, description="PDA, USAI, FMF, EPF, ...")
    items: list[int] = Field(default_factory=list, description="Indexes into `items`.")


class ArticleRecord(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    id: str
    source: str
    language: str | None = Field(description="ISO 639-1 code, detected or given; null for an empty input.")
    encoding: str | None = None
    reference_date: str | None = Field(None, description="The anchor of year-less and relative dates.")
    reference_date_source: ReferenceSource | None = None
    title: str | None = None
    amounts: list[Amount] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    dates: list[Date] = Field(default_factory=list)
    relative_dates: list[Date] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    packages: list[Package] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    text: str | None = Field(None, description="The decoded article text, with --include-text.")


def json_schema() -> dict:
    return ArticleRecord.model_json_schema()
