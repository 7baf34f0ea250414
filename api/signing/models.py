"""The service's signing keys (Ed25519), shared by every replica through the database."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, utcnow


class SigningKey(SQLModel, table=True):
    """One key pair. The newest unretired key signs; every key keeps verifying."""

    __tablename__ = "signing_keys"

    kid: str = Field(primary_key=True, max_length=64)
    private_jwk: str  # JSON; never leaves the service
    public_jwk: str  # JSON; published at /.well-known/jwks.json
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    retired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
