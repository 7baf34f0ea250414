"""What a person sends and reads at /v1/me/preferences."""

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from api.platforms import Platform
from api.preferences.objections import ObjectionState
from api.preferences.profiles import normalise_profile
from api.preferences.regions import normalise_region

ScopeItem = Literal[
    "posts", "comments", "photos_videos", "stories_reels", "profile_info", "ai_chats"
]
Scope = Literal["all"] | Annotated[list[ScopeItem], Field(min_length=1, max_length=6)]


def _not_in_future(value: date | None) -> date | None:
    # A day of slack: the person's calendar may be ahead of UTC.
    if value is not None and value > (datetime.now(UTC) + timedelta(days=1)).date():
        raise ValueError("a date must not be in the future")
    return value


# The states reached by sending the objection: each keeps the day it was sent.
_SENT = frozenset({"submitted", "confirmed", "rejected", "withdrawn"})


class Objection(BaseModel):
    """Where the person's objection to Meta stands for one account."""

    model_config = ConfigDict(extra="forbid")

    state: ObjectionState = "not_started"
    submitted_on: date | None = None
    confirmed_on: date | None = None
    rejected_reason: str | None = Field(default=None, max_length=500)
    withdrawn_on: date | None = Field(
        default=None,
        description="For `withdrawn`: the day you took the objection back; from then on it "
        "covers nothing",
    )

    _past = field_validator("submitted_on", "confirmed_on", "withdrawn_on")(_not_in_future)

    @model_validator(mode="after")
    def _dates_fit_state(self) -> Self:
        if self.state in _SENT and self.submitted_on is None:
            raise ValueError(f"state {self.state!r} needs submitted_on")
        if self.state == "confirmed" and self.confirmed_on is None:
            raise ValueError("state 'confirmed' needs confirmed_on")
        if self.state == "withdrawn" and self.withdrawn_on is None:
            raise ValueError("state 'withdrawn' needs withdrawn_on")
        if self.confirmed_on and self.submitted_on and self.confirmed_on < self.submitted_on:
            raise ValueError("confirmed_on must not be before submitted_on")
        if self.withdrawn_on and self.submitted_on and self.withdrawn_on < self.submitted_on:
            raise ValueError("withdrawn_on must not be before submitted_on")
        if self.confirmed_on is not None and self.state != "confirmed":
            raise ValueError("confirmed_on is only for state 'confirmed'")
        if self.withdrawn_on is not None and self.state != "withdrawn":
            raise ValueError("withdrawn_on is only for state 'withdrawn'")
        if self.rejected_reason is not None and self.state != "rejected":
            raise ValueError("rejected_reason is only for state 'rejected'")
        return self


# An objection's fields, in order: what a change compares and what the log keeps of a step.
OBJECTION_FIELDS: tuple[str, ...] = tuple(Objection.model_fields)


class LinkedAccountIn(BaseModel):
    """A platform account to cover: a handle, numeric id or profile URL (optional)."""

    model_config = ConfigDict(extra="forbid")

    platform: Platform
    profile: str | None = Field(default=None, max_length=300)
    objection: Objection = Objection()
    accounts_center: bool = Field(
        default=False,
        description="In the same Meta Accounts Center as your other accounts marked so: one "
        "objection covers them all. Left out, an account keeps what it has.",
    )

    @field_validator("profile")
    @classmethod
    def _normalise(cls, value: str | None, info: ValidationInfo) -> str | None:
        platform = info.data.get("platform")
        if value is None or platform is None:
            return value
        return normalise_profile(platform, value)


class LinkedAccountOut(BaseModel):
    platform: Platform
    profile: str | None
    profile_url: str | None
    objection: Objection
    accounts_center: bool = Field(
        description="In the same Meta Accounts Center as your other accounts marked so"
    )


class PreferencesIn(BaseModel):
    """The whole of a person's preferences; a PUT replaces them, so every field is required
    (a missing one would silently reset, e.g. withdraw every account). PATCH changes a part."""

    model_config = ConfigDict(
        extra="forbid",
    )

    region: str | None = Field(description="ISO 3166-1 alpha-2 country code; null when not said")
    accounts: list[LinkedAccountIn] = Field(
        max_length=10,
        description="Every account the opt-out covers; `[]` withdraws it from all of them",
    )
    scope: Scope
    listed: bool = Field(description="May dataset builders see this opt-out in bulk checks?")

    @field_validator("region")
    @classmethod
    def _region(cls, value: str | None) -> str | None:
        return None if value is None else normalise_region(value)

    @field_validator("scope")
    @classmethod
    def _unique_scope(cls, value: Any) -> Any:
        if isinstance(value, list) and len(set(value)) != len(value):
            raise ValueError("scope items must not repeat")
        return value

    @model_validator(mode="after")
    def _unique_accounts(self) -> Self:
        keys = [(account.platform, account.profile) for account in self.accounts]
        if len(set(keys)) != len(keys):
            raise ValueError("the same platform account is listed twice")
        return self


class PreferencesOut(BaseModel):
    region: str | None
    accounts: list[LinkedAccountOut]
    scope: Scope
    listed: bool
    version: int
    updated_at: datetime
