"""How an event's hash is made: plain functions, shared by the writer, the audit and receipts."""

import hashlib
import json
from datetime import datetime
from typing import Any


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_digest(payload_json: str) -> str:
    return hashlib.sha256(payload_json.encode()).hexdigest()


def event_digest(
    *, prev_hash: str, seq: int, type: str, created_at: datetime, payload_hash: str
) -> str:
    """The hash that links an event to its predecessor. Its inputs hold nothing personal."""
    material = f"{prev_hash}|{seq}|{type}|{created_at.isoformat()}|{payload_hash}"
    return hashlib.sha256(material.encode()).hexdigest()
