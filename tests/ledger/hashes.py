"""How an outside verifier recomputes the log's hashes, written out independently of api/ledger:
a test that used the service's own functions could not catch them drifting from the docs."""

import hashlib
from typing import Any


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def link_hash(link: dict[str, Any]) -> str:
    """A public link's hash from its own fields, by its format (docs/evidence.md)."""
    if link["format"] == 1:
        return sha256(
            f"{link['prev_hash']}|{link['seq']}|{link['type']}|{link['created_at']}|"
            f"{link['payload_hash']}"
        )
    assert link["format"] == 2, link
    return sha256(f"{link['prev_hash']}|{link['seq']}|{link['leaf']}")


def own_leaf(event: dict[str, Any]) -> str:
    """A format-2 event's leaf from what its holder sees: type, time and salted payload."""
    assert sha256(f"{event['salt']}|{event['payload']}") == event["payload_hash"]
    return sha256(f"{event['type']}|{event['created_at']}|{event['payload_hash']}")


def verify_own(event: dict[str, Any]) -> None:
    """An own event (history, receipt, evidence pack) recomputes from payload to hash."""
    if event["format"] == 1:
        assert event["payload"] is None or sha256(event["payload"]) == event["payload_hash"]
        assert link_hash(event) == event["hash"]
        return
    leaf = own_leaf(event)
    assert leaf == event["leaf"]
    assert sha256(f"{event['prev_hash']}|{event['seq']}|{leaf}") == event["hash"]


def verify_chain(links: list[dict[str, Any]], *, head_hash: str) -> None:
    """Every link recomputes, links to the one before, and the last is the head."""
    previous: str | None = None
    for link in links:
        assert link_hash(link) == link["hash"], link
        assert previous in (None, link["prev_hash"]), link
        previous = link["hash"]
    assert previous == head_hash
