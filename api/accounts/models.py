"""Accounts and their sign-in sessions (refresh-token families)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class Account(SQLModel, table=True):
    """A person: anonymous by default, holding no e-mail or name."""

    __tablename__ = "accounts"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Set once the person links an OpenID Connect identity: "<issuer>|<subject>", hashed.
    oidc_subject_hash: str | None = Field(default=None, max_length=64, unique=True)


class AuthSession(SQLModel, table=True):
    """One refresh-token family. Only the hash of its current secret is kept.

    A refresh presents `<session id>.<secret>`; a secret that is not the current one is a
    replayed (stolen) token, so the whole family is revoked.
    """

    __tablename__ = "auth_sessions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    secret_hash: str = Field(max_length=64)
    generation: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
