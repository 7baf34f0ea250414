"""OpenID Connect: the identities people linked, and the sign-in attempts under way."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class OidcIdentity(SQLModel, table=True):
    """A provider's account linked to a person: its issuer and subject, never a name, an e-mail
    address or a token."""

    __tablename__ = "oidc_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    # The operator's name for the provider when it was linked, for the person's list.
    provider: str = Field(max_length=32)
    issuer: str = Field(max_length=255)
    subject: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The last sign-in through this identity; None until the first one.
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OidcFlow(SQLModel, table=True):
    """One authorisation under way: single use, gone when finished or after a few minutes.

    The state is kept hashed (it travels in URLs) and so is the nonce (only compared); the PKCE
    verifier must be sent to the provider as it is, and is useless without the provider's code.
    """

    __tablename__ = "oidc_flows"

    state_hash: str = Field(primary_key=True, max_length=64)
    provider: str = Field(max_length=32)
    purpose: str = Field(max_length=16)
    # The account a link attaches to; None for a sign-in.
    account_id: str | None = Field(
        default=None,
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=True, index=True
        ),
    )
    redirect_uri: str = Field(max_length=500)
    code_verifier: str = Field(max_length=128)
    nonce_hash: str = Field(max_length=64)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
