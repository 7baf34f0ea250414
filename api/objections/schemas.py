"""What a person sends and reads about their objections: steps, letters, the timeline."""

from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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
        json_schema_extra={
            # One objection's life, in order: each example follows from the one before.
            "examples": [
                {"state": "submitted", "on": "2025-05-20"},
                {"state": "not_started", "correction": {"reason": "I pressed it too early"}},
                {"state": "submitted", "on": "2025-05-21", "profile": "jane.doe"},
                {"state": "rejected", "reason": "Meta found overriding grounds"},
                {"state": "submitted", "on": "2025-06-02"},
                {"state": "confirmed", "on": "2025-06-04"},
            ]
        },
    )

    state: ObjectionState
    on: date | None = Field(
        default=None,
        description="For `submitted`: the day you sent the form; for `confirmed`: the day Meta "
        "confirmed. Default: today (UTC).",
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
        if self.on is not None and self.state not in {"submitted", "confirmed"}:
            raise ValueError("`on` is only for the states 'submitted' and 'confirmed'")
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


_TRAINING_SOURCE = (
    "https://digitalpolicyalert.org/event/30335-hamburg-commissioner-for-data-protection-and-"
    "freedom-of-information-decided-against-initiating-lawsuit-against-meta-regarding-training-"
    "of-ai-models-with-user-data"
)


def _yours(on: str, what: str, text: str, reason: str | None = None) -> dict[str, Any]:
    return {
        "on": on,
        "what": what,
        "text": text,
        "source": None,
        "basis": "your_record",
        "reason": reason,
    }


# An objection rejected, sent again, confirmed too early and corrected, as the service answers.
_TIMELINE_EXAMPLE: dict[str, Any] = {
    "region": "DE",
    "objection_right": True,
    "policy_version": "meta-eu-2025-05-27",
    "training_started": {
        "on": "2025-05-27",
        "at_the_latest": False,
        "source": _TRAINING_SOURCE,
        "basis": "stated",
    },
    "accounts": [
        {
            "platform": "facebook",
            "profile": "jane.doe",
            "objection_state": "submitted",
            "entries": [
                {
                    "on": "2025-05-27",
                    "what": "training_started",
                    "text": "Meta began training its AI on public Facebook and Instagram "
                    "content here.",
                    "source": _TRAINING_SOURCE,
                    "basis": "stated",
                    "reason": None,
                },
                _yours("2025-06-01", "objection_submitted", "You objected."),
                _yours(
                    "2025-06-08",
                    "objection_rejected",
                    "Meta rejected your objection. Its reason: Meta found overriding grounds",
                    "Meta found overriding grounds",
                ),
                _yours("2025-06-10", "objection_submitted", "You objected."),
                _yours("2025-06-12", "objection_confirmed", "Meta confirmed your objection."),
                _yours(
                    "2025-06-13",
                    "objection_corrected",
                    "You took back the step to 'confirmed': the objection is 'submitted' "
                    "again. Your reason: That mail was not a confirmation",
                    "That mail was not a confirmation",
                ),
            ],
            "may_already_be_used": "What you made public between 2025-05-27 and 2025-06-10 "
            "may already have been used; from 2025-06-10 on, Meta says it does not use it for "
            "future development. Nothing is removed from models already trained.",
            "covered_from": "2025-06-10",
            "source": "https://discuss.grapheneos.org/d/16220-meta-ai-data-training-using-your-"
            "public-information",
        }
    ],
}


class ObjectionTimeline(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_TIMELINE_EXAMPLE]})

    region: str | None
    objection_right: bool | None = Field(description="null while your region is unknown")
    policy_version: str | None = Field(description="The policy version in force today, if known")
    training_started: TrainingStartOut | None
    accounts: list[AccountTimeline]
