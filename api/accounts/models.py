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
    # OpenID Connect identities a person linked live in their own table (api/oidc/models.py).


class AuthSession(SQLModel, table=True):
    """One sign-in: a refresh-token family. Only hashes of its secrets are kept.

    A refresh presents `<session id>.<secret>`. The current secret rotates; the one before it
    still answers, with the same successor, for a short interval (honest concurrent refreshes),
    and revokes the family after it (a copy exists). Any other secret is simply invalid.
    """

    __tablename__ = "auth_sessions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    secret_hash: str = Field(max_length=64)
    previous_secret_hash: str | None = Field(default=None, max_length=64)
    rotated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Derives each successor secret from the one presented (HMAC), so a repeat of the same
    # refresh within the interval gets the same successor without any secret being stored.
    rotation_key: str | None = Field(default=None, max_length=64)
    generation: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # What the person sees in their list of sign-ins: a coarse device label, the last refresh.
    label: str | None = Field(default=None, max_length=80)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
