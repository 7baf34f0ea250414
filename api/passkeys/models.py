"""Passkeys (WebAuthn credentials) and the one-time challenges of their ceremonies."""

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, LargeBinary, String
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class Passkey(SQLModel, table=True):
    """One credential a person registered. Only its public half is kept."""

    __tablename__ = "passkeys"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    # The authenticator's credential id, base64url without padding (at most 1023 bytes raw).
    credential_id: str = Field(max_length=1400, unique=True)
    public_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # The WebAuthn user handle: random per account, never the account id.
    user_handle: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sign_count: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    transports: str = Field(default="", max_length=200)  # comma-separated
    label: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PasskeyChallenge(SQLModel, table=True):
    """A challenge handed out for one ceremony; consumed by its first answer, refused when old."""

    __tablename__ = "passkey_challenges"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    purpose: str = Field(max_length=16)  # "register" | "sign_in"
    account_id: str | None = Field(
        default=None,
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    challenge: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # Registration only: the user handle the new credential will carry.
    user_handle: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
