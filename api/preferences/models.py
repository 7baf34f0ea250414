"""A person's opt-out preferences and the platform accounts they cover."""

from datetime import date, datetime

from sqlalchemy import Boolean, Column, ForeignKey, Index, String, Text, false
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class Preferences(SQLModel, table=True):
    """One row per account; `version` is the optimistic-concurrency counter behind the ETag."""

    __tablename__ = "preferences"

    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
        )
    )
    region: str | None = Field(default=None, max_length=2)
    # "all", or a JSON list of the content kinds objected to.
    scope: str = Field(default='"all"', sa_column=Column(Text, nullable=False))
    listed: bool = False
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LinkedAccount(SQLModel, table=True):
    """A Facebook or Instagram account a person wants covered, with their objection's state."""

    __tablename__ = "linked_accounts"
    __table_args__ = (Index("ix_linked_accounts_platform_profile", "platform", "profile"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    position: int = 0
    platform: str = Field(max_length=16)
    profile: str | None = Field(default=None, max_length=64)
    objection_state: str = Field(default="not_started", max_length=32)
    submitted_on: date | None = None
    confirmed_on: date | None = None
    rejected_reason: str | None = Field(default=None, max_length=500)
    withdrawn_on: date | None = None
    # In the same Meta Accounts Center as the person's other accounts marked so.
    accounts_center: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
