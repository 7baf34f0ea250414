"""The stored answers to writes sent with an Idempotency-Key: nothing in a row can be read back
without the key itself (see api/idempotency/sealing.py)."""

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, utcnow


class IdempotencyKey(SQLModel, table=True):
    """One caller's key: claimed while its request runs, then holding the request's answer."""

    __tablename__ = "idempotency_keys"

    # Derived from (caller scope, key) through HKDF: neither can be recovered from it.
    lookup: str = Field(primary_key=True, max_length=64)
    # HMAC of the request (method, path, query, body) under a key derived from the key.
    request_mac: str = Field(max_length=64)
    # The attempt working on the request (random, per attempt); a retry may take the key over
    # once `lease_until` has passed (its attempt died with its process).
    owner: str = Field(max_length=32)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # nonce ‖ AES-GCM ciphertext of the answer; None while the request is in flight.
    answer: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
