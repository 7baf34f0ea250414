"""What people and verifiers send and read about receipts and the event log's chain."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.ledger.schemas import OwnEventProof

# What a receipt says happened to the opt-out (see api/receipts/claims.py).
Action = Literal["recorded", "withdrawn", "changed"]


class ReceiptRef(BaseModel):
    """A receipt just issued: keep `jws`; anyone can verify it with the published keys."""

    id: str
    jws: str = Field(description="The receipt: a compact JWS (typ optout-receipt+jws, Ed25519)")
    event_hash: str = Field(description="Hash of the log event the receipt attests")
    position: int = Field(description="The event's position (seq) in the log")


class ReceiptOut(ReceiptRef):
    """One of the person's receipts, with its event complete so they can recompute its hash."""

    action: Action
    created_at: datetime
    event: OwnEventProof


class ReceiptList(BaseModel):
    receipts: list[ReceiptOut]
    # Pass as `before` to read the next, older page; null on the last page.
    next_before: int | None


class VerifyRequest(BaseModel):
    """A receipt to check. Any string is accepted: a damaged one gets `valid: false`, not 422."""

    model_config = ConfigDict(extra="forbid")

    receipt: str


class VerifyResult(BaseModel):
    """The verdict on a receipt."""

    valid: bool
    reason: str | None = Field(description="Why it is not valid; null when it is")
    claims: dict[str, Any] | None = Field(description="What the receipt states, once signed")
    kid: str | None = Field(description="The key the receipt names")
    log: Literal["matches", "mismatch", "not_found", "not_checked"] = Field(
        description="Its event against the log: same hash, a different one, no such position, "
        "or not checked (the receipt is not valid)"
    )


class ChainHead(BaseModel):
    """The log's last position and hash; any later proof must end here or beyond."""

    seq: int
    hash: str


class PlainLink(BaseModel):
    """An event hashed in format 1 (written before salted hashes): its hash commits to its type,
    time and unsalted payload hash, so the proof must show them. Recompute
    sha256(f"{prev_hash}|{seq}|{type}|{created_at}|{payload_hash}")."""

    format: Literal[1] = 1
    seq: int
    type: str
    created_at: str = Field(description="Exactly as hashed (Python's isoformat of UTC)")
    payload_hash: str
    prev_hash: str
    hash: str


class SaltedLink(BaseModel):
    """An event hashed in format 2: only its place in the chain. Recompute
    sha256(f"{prev_hash}|{seq}|{leaf}"); the leaf (sha256 of type, time and a salted payload
    hash) can be opened only by the person who holds the event."""

    format: Literal[2] = 2
    seq: int
    prev_hash: str
    leaf: str
    hash: str


# One event's public chain fields; `format` says how to recompute its hash.
ChainLink = Annotated[PlainLink | SaltedLink, Field(discriminator="format")]


class ChainProof(BaseModel):
    """Events from `start` toward the head, one page at a time."""

    start: int
    head: ChainHead
    events: list[ChainLink]
    # The seq to pass as the next page's start; null once `events` reaches the head.
    next: int | None
