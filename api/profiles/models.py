"""Proofs of profile ownership: only the hash of each one-time code is kept."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow

PENDING = "pending"
VERIFIED = "verified"
LAPSED = "lapsed"

# One account at most may hold a verified proof of a profile; pending and lapsed ones may repeat.
_ONE_OWNER = sa.text("state = 'verified'")


class ProfileProof(SQLModel, table=True):
    """A person's proof that one listed profile is theirs: a one-time code they put in its
    public bio or a public post, which the service found there (`verified`), has not looked
    for yet (`pending`), or no longer finds (`lapsed`)."""

    __tablename__ = "profile_proofs"
    __table_args__ = (
        sa.Index(
            "ix_profile_proofs_verified_profile",
            "platform",
            "profile",
            unique=True,
            sqlite_where=_ONE_OWNER,
            postgresql_where=_ONE_OWNER,
        ),
        # One proof per (account, profile): asking again replaces its code.
        sa.Index(
            "ix_profile_proofs_account_profile", "account_id", "platform", "profile", unique=True
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    platform: str = Field(max_length=16)
    # Canonical, as preferences store it (`normalise_profile`): a handle or `id:<digits>`.
    profile: str = Field(max_length=64)
    # SHA-256 of the code; the code itself is shown once and never stored.
    code_hash: str = Field(max_length=64)
    state: str = Field(default=PENDING, max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # When the page was last looked at (the periodic re-check reads the oldest first).
    checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # A pending code's expiry; None once verified.
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
