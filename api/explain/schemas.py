"""What the explain endpoint takes and answers. Only facts about an item, never its content."""

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from api.languages import Language
from api.platforms import ExplainablePlatform as Platform
from api.policy.facts import (
    PLATFORM_AUDIENCES,
    AgeAtPosting,
    Audience,
    Author,
    AuthorAge,
    Kind,
    ScopeCategory,
)
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
    created_at: date | None = Field(default=None, description="Not after `as_of`")
    author: Author = Field(description="`self`: the person's own; `other`: shows or names them")
    author_age: AuthorAge = Field(
        default="unknown", description="The age band of the account that posted it, now"
    )
    author_age_at_posting: AgeAtPosting | None = Field(
        default=None,
        description=(
            "The age band on the day it was posted, where it differs from now: `minor` for "
            "something posted before the author turned 18 (`author_age`: `adult`). Null: as now"
        ),
    )

    @field_validator("author_age_at_posting")
    @classmethod
    def _age_at_posting(cls, value: AgeAtPosting | None, info: ValidationInfo) -> Any:
        if value == "adult" and info.data.get("author_age") == "minor":
            raise ValueError("an author who was an adult when posting is not a minor now")
        return value


class ObjectionFacts(BaseModel):
    """An objection to Meta, for what-if questions (default: the signed-in person's own)."""

    model_config = ConfigDict(extra="forbid")

    filed_on: date
    scope: Literal["all"] | Annotated[list[ScopeCategory], Field(min_length=1)] = "all"
    withdrawn_on: date | None = Field(
        default=None, description="The day it was withdrawn, if it was: it covers nothing after"
    )

    @field_validator("withdrawn_on")
    @classmethod
    def _withdrawn_after_filed(cls, value: date | None, info: ValidationInfo) -> date | None:
        filed_on = info.data.get("filed_on")
        if value is not None and filed_on is not None and value < filed_on:
            raise ValueError(f"must not be before filed_on ({filed_on.isoformat()})")
        return value


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


def impossible_facts(request: ExplainRequest, today: date) -> list[dict[str, Any]]:
    """Validation errors, as pydantic words them, for facts that cannot be: an audience the
    item's platform does not have, and an item made after the day it is judged on (without
    `as_of`, today in UTC, give or take the day a time zone is ahead). One plain loop: explain
    is the hottest call, and a validator per item would cost a fifth of its validation."""
    as_of = request.as_of or today + timedelta(days=1)
    said = "as_of" if request.as_of else "today"
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(request.items):
        if item.audience not in PLATFORM_AUDIENCES[item.platform]:
            known = ", ".join(sorted(PLATFORM_AUDIENCES[item.platform]))
            problem = f"{item.platform} has no audience {item.audience!r}; it has: {known}"
            errors.append(_error(index, "audience", problem, item.audience))
        if item.created_at is not None and item.created_at > as_of:
            day = item.created_at.isoformat()
            problem = (
                f"{day} is after {said} ({as_of.isoformat()}): an item cannot be judged on a "
                "day before it existed"
            )
            errors.append(_error(index, "created_at", problem, day))
    return errors


def _error(index: int, field: str, message: str, given: str) -> dict[str, Any]:
    return {"type": "value_error", "loc": ("items", index, field), "msg": message, "input": given}


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
    text: str = Field(
        description=(
            "The flip as a sentence, in the answer's language: what would change and what "
            "Meta's training would then do with the item from now on"
        ),
        examples=[
            "If this were visible to friends only, Meta's training would no longer use it "
            "from now on."
        ],
    )


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
    title: str = Field(description="In the answer's language (`lang`)")
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
