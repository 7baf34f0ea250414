"""A person's grants to groups, and what a group sees of the members who granted it."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from api.platforms import Platform
from api.preferences.objections import ObjectionState


class AuthorisationIn(BaseModel):
    """The group to authorise: it may then read your opt-out status, until you revoke."""

    model_config = ConfigDict(
        extra="forbid",
    )

    organisation_id: str = Field(min_length=1, max_length=32)


class OrganisationRef(BaseModel):
    id: str
    name: str


class AuthorisationOut(BaseModel):
    organisation: OrganisationRef
    authorised_at: datetime


class MemberObjection(BaseModel):
    """Where a member's objection to Meta stands (their own notes are not shared)."""

    state: ObjectionState
    submitted_on: date | None
    confirmed_on: date | None
    # Shared as the other days are: from it on, the objection no longer covers the member.
    withdrawn_on: date | None


class MemberAccount(BaseModel):
    platform: Platform
    profile: str | None
    objection: MemberObjection


class MemberOut(BaseModel):
    """A person who authorised the group. `member_id` means nothing outside this group."""

    member_id: str
    authorised_at: datetime
    accounts: list[MemberAccount]


class Members(BaseModel):
    members: list[MemberOut]
    # Pass as `after` for the next page; null on the last page.
    next_after: str | None
