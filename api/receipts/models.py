"""Receipts: the signed statements a person holds about their recorded opt-outs."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlmodel import Field, SQLModel

from api.sqltypes import UTCDateTime, new_id, utcnow


class Receipt(SQLModel, table=True):
    """One issued receipt (a compact JWS) for the log event it attests; removed with the account,
    while copies the person holds keep verifying against the published keys."""

    __tablename__ = "receipts"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    account_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    # At most one receipt per event; events are never deleted, so no ON DELETE here.
    event_seq: int = Field(
        sa_column=Column(Integer, ForeignKey("ledger_events.seq"), nullable=False, unique=True)
    )
    jws: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
