"""Advocacy groups and dataset builders, and the API keys they call with."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class Organisation(SQLModel, table=True):
    """A group the operator admitted; it acts only through its API keys."""

    __tablename__ = "organisations"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ApiKey(SQLModel, table=True):
    """One key: looked up by its id, the secret kept only as a SHA-256 hash."""

    __tablename__ = "api_keys"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    organisation_id: str = Field(
        sa_column=Column(
            String(32),
            ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    name: str = Field(default="", max_length=100)
    secret_hash: str = Field(max_length=64)
    # Space-separated, e.g. "stats:read members:read".
    scopes: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
