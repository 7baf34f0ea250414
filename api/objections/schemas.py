"""What a person sends and reads about their objections: steps, letters, the timeline."""

from datetime import UTC, date, datetime, timedelta
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.languages import Language
from api.platforms import Platform
from api.preferences.objections import ObjectionState

LetterFormat = Literal["text", "html"]


class Correction(BaseModel):
    """Why a step is taken back: kept in your history and in the receipt of the correction."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(
        min_length=3,
        max_length=280,
        description="In your words, e.g. \"I pressed 'submitted' by mistake\"",
    )

    @field_validator("reason")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if any(not character.isprintable() for character in value):
            raise ValueError("the reason must be one line of text, without control characters")
        return value


class ObjectionStepIn(BaseModel):
    """One step in the life of an objection to Meta, for one linked account; with `correction`,
    the last step taken back (the objection returns to the state before it, dates included)."""

    model_config = ConfigDict(
        extra="forbid",
    )

    state: ObjectionState
    on: date | None = Field(
        default=None,
        description="For `submitted`: the day you sent the form; for `confirmed`: the day Meta "
        "confirmed; for `withdrawn`: the day you took the objection back. Default: today (UTC).",
    )
    reason: str | None = Field(default=None, max_length=500, description="For `rejected` only")
    profile: str | None = Field(
        default=None,
        max_length=300,
        description="Which linked account, when you linked several on this platform",
    )
    correction: Correction | None = Field(
        default=None,
        description="Take the last step back: `state` must be the state before it (409 "
        "otherwise). Sending it again changes nothing.",
    )

    @field_validator("on")
    @classmethod
    def _not_in_future(cls, value: date | None) -> date | None:
        # A day of slack: the person's calendar may be ahead of UTC.
        if value is not None and value > (datetime.now(UTC) + timedelta(days=1)).date():
            raise ValueError("a date must not be in the future")
        return value

    @model_validator(mode="after")
    def _fields_fit_state(self) -> Self:
        if self.on is not None and self.state not in {"submitted", "confirmed", "withdrawn"}:
            raise ValueError("`on` is only for the states 'submitted', 'confirmed' and 'withdrawn'")
        if self.reason is not None and self.state != "rejected":
            raise ValueError("`reason` is only for the state 'rejected'")
        if self.correction is not None and (self.on is not None or self.reason is not None):
            raise ValueError(
                "a correction restores the objection as it was before the last step, dates "
                "included: send no `on` or `reason` with it"
            )
        return self


class TrainingStartOut(BaseModel):
    on: date
    at_the_latest: bool = Field(description="The record only says training ran by then")
    source: str
    basis: Literal["stated", "inferred", "unclear"]


class TimelineEntry(BaseModel):
    """One dated fact: Meta's (with its public source) or the person's own (their record)."""

    on: date
    what: Literal[
        "training_started",
        "objection_not_started",
        "objection_ready",
        "objection_submitted",
        "objection_confirmed",
        "objection_rejected",
        "objection_needs_resubmission",
        "objection_withdrawn",
        "objection_corrected",
        "objections_disputed_before",
    ]
    text: str
    source: str | None = Field(description="Public source; null for your own record")
    basis: Literal["stated", "inferred", "unclear", "your_record"]
    reason: str | None = Field(
        default=None, description="Meta's reason for a rejection, or yours for a correction"
    )


class AccountTimeline(BaseModel):
    platform: Platform
    profile: str | None
    objection_state: ObjectionState
    entries: list[TimelineEntry] = Field(
        description="Your steps in the order you recorded them, each public fact placed before "
        "the first of them dated after it"
    )
    may_already_be_used: str = Field(description="What may already have been used, and why")
    covered_from: date | None = Field(description="From this day on your objection covers it")
    source: str | None = Field(description="Public source for the statement on coverage")


class ObjectionTimeline(BaseModel):
    lang: Language = Field(
        default="en", description="The language of the sentences (`lang`, else Accept-Language)"
    )
    region: str | None
    objection_right: bool | None = Field(description="null while your region is unknown")
    policy_version: str | None = Field(description="The policy version in force today, if known")
    training_started: TrainingStartOut | None
    accounts: list[AccountTimeline]
