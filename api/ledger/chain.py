"""How an event's hash is made: plain functions, shared by the writer, the audit and receipts.

Two formats, recorded per event (`hash_format`), so nothing published is ever rewritten:

* 1, `PLAIN` (events before the salts): `payload_hash = sha256(payload)` and
  `hash = sha256(prev_hash|seq|type|created_at|payload_hash)`. Its proof has to show the type,
  the time and an unsalted payload hash, which anyone can match against a guessed payload.
* 2, `SALTED` (every new event): `payload_hash = sha256(salt|payload)` with a random salt kept
  private, `leaf = sha256(type|created_at|payload_hash)` and `hash = sha256(prev_hash|seq|leaf)`.
  A public proof needs only `seq`, `prev_hash`, `leaf` and `hash`; the person who holds the
  event also gets its type, time, salt and payload and recomputes the leaf themselves.
"""

import hashlib
import json
import secrets
from datetime import datetime
from typing import Any

PLAIN = 1
SALTED = 2
FORMATS = (PLAIN, SALTED)
# 128 random bits: no guessed payload can be matched without the salt.
SALT_BYTES = 16


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def _sha256(material: str) -> str:
    return hashlib.sha256(material.encode()).hexdigest()


def payload_digest(payload_json: str, salt: str | None = None) -> str:
    """Format 1 hashes the payload alone (salt None); format 2 hashes `salt|payload`."""
    return _sha256(payload_json if salt is None else f"{salt}|{payload_json}")


def event_digest(
    *, prev_hash: str, seq: int, type: str, created_at: datetime, payload_hash: str
) -> str:
    """Format 1's link: the type and time are hash inputs, so a proof must show them."""
    material = f"{prev_hash}|{seq}|{type}|{created_at.isoformat()}|{payload_hash}"
    return _sha256(material)


def leaf_digest(*, type: str, created_at: datetime, payload_hash: str) -> str:
    """Format 2's commitment to what happened; opaque without the salt behind `payload_hash`."""
    return _sha256(f"{type}|{created_at.isoformat()}|{payload_hash}")


def linked_digest(*, prev_hash: str, seq: int, leaf: str) -> str:
    """Format 2's link: position and predecessor only, so a proof shows nothing else."""
    return _sha256(f"{prev_hash}|{seq}|{leaf}")


def chain_digest(
    *,
    hash_format: int,
    prev_hash: str,
    seq: int,
    type: str,
    created_at: datetime,
    payload_hash: str,
) -> str:
    """The hash an event of either format must carry, recomputed from its stored fields."""
    if hash_format == PLAIN:
        return event_digest(
            prev_hash=prev_hash,
            seq=seq,
            type=type,
            created_at=created_at,
            payload_hash=payload_hash,
        )
    if hash_format == SALTED:
        leaf = leaf_digest(type=type, created_at=created_at, payload_hash=payload_hash)
        return linked_digest(prev_hash=prev_hash, seq=seq, leaf=leaf)
    raise ValueError(f"unknown hash format {hash_format}")
