"""The append-only, hash-chained event log: the evidence behind every opt-out."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from api.ledger.chain import SALTED
from api.sqltypes import UTCDateTime, utcnow

GENESIS_HASH = "0" * 64


class LedgerEvent(SQLModel, table=True):
    """One event. Rows are only ever inserted; deletion of an account blanks `payload`, `salt`
    and `account_id` but keeps `payload_hash`, so the chain still verifies and, the salt gone,
    nobody can ever match a guessed payload to it (api/ledger/chain.py has both hash formats)."""

    __tablename__ = "ledger_events"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    account_id: str | None = Field(
        default=None,
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True, index=True
        ),
    )
    type: str = Field(max_length=64)
    payload: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Private, like the payload: with it, a guessed payload could be checked against the hash.
    salt: str | None = Field(default=None, sa_column=Column(String(32), nullable=True))
    payload_hash: str = Field(max_length=64)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Rows from before the salts say 1 (the server default the migration filled them with).
    hash_format: int = Field(
        default=SALTED, sa_column=Column(Integer, nullable=False, server_default="1")
    )


class LedgerHead(SQLModel, table=True):
    """The chain's last position; its row lock serialises appends so the chain never forks."""

    __tablename__ = "ledger_head"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int = 0
    hash: str = Field(default=GENESIS_HASH, max_length=64)


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """An event as `api.ledger.service.append` wrote it: a `LedgerEvent` row's fields without
    the ORM's per-instance bookkeeping, which costs more than inserting the row itself."""

    seq: int
    account_id: str | None
    type: str
    payload: str | None
    salt: str | None
    payload_hash: str
    prev_hash: str
    hash: str
    created_at: datetime
    hash_format: int
