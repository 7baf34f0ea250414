"""A group's campaigns and the people who joined them (counted, never shown to the group)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class Campaign(SQLModel, table=True):
    """A campaign; people join it with its code."""

    __tablename__ = "campaigns"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    organisation_id: str = Field(
        sa_column=Column(
            String(32),
            ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    name: str = Field(max_length=200)
    # 130 random bits: unguessable, so knowing it is the permission to join.
    join_code: str = Field(max_length=32, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CampaignMember(SQLModel, table=True):
    """One person in one campaign."""

    __tablename__ = "campaign_members"

    campaign_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
        )
    )
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
    joined_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
