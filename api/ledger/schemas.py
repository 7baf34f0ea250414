"""How log events are shown to the person they concern."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.ledger.models import LedgerEvent
from api.ledger.service import decoded_payload, leaf_of


class OwnEventProof(BaseModel):
    """Everything one of the person's own events' hash is made of, so they recompute it.

    Format 2: payload_hash = sha256(f"{salt}|{payload}"),
    leaf = sha256(f"{type}|{created_at}|{payload_hash}"),
    hash = sha256(f"{prev_hash}|{seq}|{leaf}").
    Format 1: payload_hash = sha256(payload),
    hash = sha256(f"{prev_hash}|{seq}|{type}|{created_at}|{payload_hash}")."""

    format: int
    seq: int
    type: str
    created_at: str = Field(description="Exactly as hashed (Python's isoformat of UTC)")
    payload: str | None = Field(description="The exact text hashed; null once forgotten")
    salt: str | None = Field(description="Private to you; null in format 1 and once forgotten")
    payload_hash: str
    leaf: str | None = Field(description="What the public proof shows; null in format 1")
    prev_hash: str
    hash: str


class HistoryEntry(BaseModel):
    """One accepted change, as recorded in the event log."""

    seq: int
    type: str
    at: datetime
    hash: str
    data: dict[str, Any] | None
    proof: OwnEventProof


class History(BaseModel):
    entries: list[HistoryEntry]
    # Pass as `before` to read the next, older page; null on the last page.
    next_before: int | None


def history_entry(event: LedgerEvent) -> HistoryEntry:
    return HistoryEntry(
        seq=event.seq,
        type=event.type,
        at=event.created_at,
        hash=event.hash,
        data=decoded_payload(event),
        proof=own_proof(event),
    )


def own_proof(event: LedgerEvent) -> OwnEventProof:
    """The event complete, salt included: for the person it belongs to, never in public."""
    return OwnEventProof(
        format=event.hash_format,
        seq=event.seq,
        type=event.type,
        created_at=event.created_at.isoformat(),
        payload=event.payload,
        salt=event.salt,
        payload_hash=event.payload_hash,
        leaf=leaf_of(event),
        prev_hash=event.prev_hash,
        hash=event.hash,
    )
