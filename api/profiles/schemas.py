"""What a person reads and gets at /v1/me/profiles."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.platforms import Platform

ProofState = Literal["pending", "verified", "lapsed"]


class ProofOut(BaseModel):
    """Where the proof of one profile stands. Only a `verified` profile is named to dataset
    builders (bulk checks) and to the groups you authorised."""

    platform: Platform
    profile: str
    state: ProofState
    created_at: datetime
    verified_at: datetime | None
    checked_at: datetime | None = Field(description="When the page was last looked at")
    expires_at: datetime | None = Field(description="Until when a pending code can be checked")


class ProfileOut(BaseModel):
    """One profile named in your preferences, and its proof if you asked for one."""

    platform: Platform
    profile: str
    proof: ProofOut | None
    shared: bool = Field(
        description="Whether dataset builders and your groups may see this profile: it is "
        "proved, and your preferences list you"
    )


class CodeOut(BaseModel):
    """A one-time code: shown this once, only its hash is kept."""

    platform: Platform
    profile: str
    code: str
    expires_at: datetime
    page_url: str = Field(description="The public page where the code is looked for")
    instructions: str
