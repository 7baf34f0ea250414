"""Campaigns as their group sees them (with counts, never names) and as a member sees them."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.authorisations.schemas import OrganisationRef


class CampaignIn(BaseModel):
    """A new campaign."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)


class CampaignOut(BaseModel):
    """A campaign, its join code (hand it out) and how many joined (never who)."""

    id: str
    name: str
    join_code: str
    created_at: datetime
    closed_at: datetime | None
    members: int


class JoinIn(BaseModel):
    """The code a group handed out."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64)


class MembershipOut(BaseModel):
    """A campaign you joined. Joining tells the group only that someone joined."""

    campaign_id: str
    name: str
    organisation: OrganisationRef
    joined_at: datetime
