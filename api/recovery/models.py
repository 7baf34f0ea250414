"""Recovery codes and link codes: only the hash of each code is kept."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class RecoveryCode(SQLModel, table=True):
    """One of the ten one-time codes of a person's current set; spent once `used_at` is set."""

    __tablename__ = "recovery_codes"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    # SHA-256 of the normalised code: 80 random bits, so it is looked up by its hash.
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LinkCode(SQLModel, table=True):
    """A short-lived, single-use code that signs a second device into the same account."""

    __tablename__ = "link_codes"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
