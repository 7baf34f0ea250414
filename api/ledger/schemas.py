"""How log events are shown to the person they concern."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from api.ledger.models import LedgerEvent
from api.ledger.service import decoded_payload


class HistoryEntry(BaseModel):
    """One accepted change, as recorded in the event log."""

    seq: int
    type: str
    at: datetime
    hash: str
    data: dict[str, Any] | None


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
    )
