"""What the explain endpoint takes and answers. Only facts about an item, never its content."""

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.languages import Language
from api.platforms import ExplainablePlatform as Platform
from api.policy.facts import Audience, Author, AuthorAge, Kind, ScopeCategory
from api.policy.verdict import Basis, FlipFact, SourceKind, VerdictValue
from api.preferences.regions import normalise_region

MAX_ITEMS = 500


class ExplainItem(BaseModel):
    """One post, comment or other item, described by facts a page shows about it."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=128, description="Chosen by the caller; echoed back")
    platform: Platform
    kind: Kind
    audience: Audience = Field(description="For a comment: the audience of what it is under")
    created_at: date | None = None
    author: Author = Field(description="`self`: the person's own; `other`: shows or names them")
    author_age: AuthorAge = "unknown"


class ObjectionFacts(BaseModel):
    """An objection to Meta, for what-if questions (default: the signed-in person's own)."""

    model_config = ConfigDict(extra="forbid")

    filed_on: date
    scope: Literal["all"] | Annotated[list[ScopeCategory], Field(min_length=1)] = "all"


class ExplainRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "region": "DE",
                    "as_of": "2026-01-15",
                    "objection": {"filed_on": "2025-05-20", "scope": "all"},
                    "items": [
                        {
                            "id": "a1",
                            "platform": "facebook",
                            "kind": "post",
                            "audience": "public",
                            "created_at": "2021-05-03",
                            "author": "self",
                            "author_age": "adult",
                        },
                    ],
                }
            ]
        },
    )

    region: str | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="ISO 3166-1 alpha-2; default: the signed-in person's region",
    )
    as_of: date | None = Field(default=None, description="Default: today (UTC)")
    objection: ObjectionFacts | None = Field(
        default=None, description="Default: the signed-in person's recorded objection"
    )
    items: list[ExplainItem] = Field(min_length=1, max_length=MAX_ITEMS)

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        return None if value is None else normalise_region(value)


class ReasonOut(BaseModel):
    code: str
    text: str
    source: str
    source_date: str = Field(description="ISO 8601, at the precision the source gives")
    basis: Basis
    source_kind: SourceKind = Field(
        description=(
            "regulator, court, meta or legislation (the record itself), press (reporting on it) "
            "or secondary (a reprint, blog, aggregator or guide)"
        )
    )


class ActionOut(BaseModel):
    code: str
    text: str
    url: str | None


class FlipOut(BaseModel):
    fact: FlipFact
    to: str
    verdict: VerdictValue


class ConditionOut(BaseModel):
    """The verdict holds unless a fact the page cannot show takes one value."""

    fact: Literal["author_age"] = Field(description="The fact the item's page does not show")
    unless: Literal["minor"] = Field(description="The value that would change the verdict")
    verdict: VerdictValue = Field(description="The verdict if the fact takes that value")


class ItemResult(BaseModel):
    id: str
    verdict: VerdictValue = Field(
        description="With a `condition`, the verdict for an adult author (the usual case)"
    )
    may_already_be_used: bool | None
    reasons: list[ReasonOut]
    actions: list[ActionOut]
    flip: list[FlipOut]
    policy_id: str
    condition: ConditionOut | None = Field(
        default=None,
        description=(
            "Set when only the author's age, which no page shows, would change a firm verdict: "
            "`verdict` holds for an adult author, and this gives the verdict for an under-18 "
            "one (the first reason says so in words). Null otherwise; `uncertain` is kept for "
            "where the public record itself is silent or contested."
        ),
        examples=[{"fact": "author_age", "unless": "minor", "verdict": "excluded"}],
    )


class PolicyRef(BaseModel):
    id: str
    title: str
    effective_from: date
    effective_until: date | None


class ExplainResponse(BaseModel):
    policy: PolicyRef
    as_of: date
    region: str | None
    lang: Language = Field(
        default="en",
        description="The language of every `text` (also in `Content-Language`): the `lang` "
        "parameter's, else the best of `Accept-Language`, else English",
    )
    results: list[ItemResult]
