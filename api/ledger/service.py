"""Appending to the event log, reading one person's events, and checking the whole chain."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select, update

from api.ledger.chain import (
    FORMATS,
    PLAIN,
    SALTED,
    canonical_json,
    chain_digest,
    leaf_digest,
    linked_digest,
    new_salt,
    payload_digest,
)
from api.ledger.models import GENESIS_HASH, LedgerEvent, LedgerHead, LoggedEvent
from api.raw_query import FixedStatement
from api.sqltypes import utcnow

_EVENTS = LedgerEvent.__table__  # type: ignore[attr-defined]  # SQLModel sets it on tables
_HEAD = LedgerHead.__table__  # type: ignore[attr-defined]
# Every change appends: fixed statements, not the ORM or Core's per-statement work.
_HEAD_FOR_UPDATE = FixedStatement(
    core_select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1).with_for_update()
)
_MOVE_HEAD = FixedStatement(
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)
_FIRST_HEAD = FixedStatement(insert(_HEAD), columns=["id", "seq", "hash"])
_EVENT_COLUMNS = [column.name for column in _EVENTS.columns]
_ADD_EVENT = FixedStatement(insert(_EVENTS), columns=_EVENT_COLUMNS)


def append(
    session: Session, *, type: str, payload: dict[str, Any], account_id: str | None
) -> LoggedEvent:
    """Add an event at the chain's head. Call inside the transaction of the change it records.

    Fixed statements on the session's connection (no unit-of-work flush): every write of a
    person's change appends here, and the ORM's flush cost more than the statements.
    """
    connection = session.connection()
    heads = _HEAD_FOR_UPDATE.rows(connection)
    seq, prev_hash = heads[0] if heads else (0, GENESIS_HASH)
    payload_json = canonical_json(payload)
    created_at = utcnow()
    salt = new_salt()
    digest = payload_digest(payload_json, salt)
    leaf = leaf_digest(type=type, created_at=created_at, payload_hash=digest)
    event = LoggedEvent(
        seq=seq + 1,
        account_id=account_id,
        type=type,
        payload=payload_json,
        salt=salt,
        payload_hash=digest,
        prev_hash=prev_hash,
        hash=linked_digest(prev_hash=prev_hash, seq=seq + 1, leaf=leaf),
        created_at=created_at,
        hash_format=SALTED,
    )
    _ADD_EVENT.rows(connection, **{name: getattr(event, name) for name in _EVENT_COLUMNS})
    if heads:
        _MOVE_HEAD.rows(connection, new_seq=event.seq, new_hash=event.hash)
    else:
        _FIRST_HEAD.rows(connection, id=1, seq=event.seq, hash=event.hash)
    return event


def events_of(
    session: Session, account_id: str, *, limit: int = 100, before: int | None = None
) -> list[LedgerEvent]:
    """One person's events, newest first."""
    query = select(LedgerEvent).where(LedgerEvent.account_id == account_id)
    if before is not None:
        query = query.where(LedgerEvent.seq < before)
    return list(session.exec(query.order_by(col(LedgerEvent.seq).desc()).limit(limit)))


def forget_account(session: Session, account_id: str) -> int:
    """Blank the personal fields of a person's events; their hashes keep the chain whole.

    The salt goes with the payload: without it a salted `payload_hash` can never be matched
    to a guessed payload again. Format-1 events keep their unsalted hash (docs/evidence.md)."""
    result = session.exec(
        update(LedgerEvent)
        .where(col(LedgerEvent.account_id) == account_id)
        .values(payload=None, salt=None, account_id=None)
    )
    return int(result.rowcount or 0)


def head(session: Session) -> LedgerHead:
    return session.get(LedgerHead, 1) or LedgerHead()


@dataclass(frozen=True)
class ChainFault:
    seq: int
    problem: str


def audit(session: Session, *, batch: int = 5000) -> list[ChainFault]:
    """Walk the chain from genesis; report every broken link, altered payload or gap, in
    whichever hash format each event was written."""
    faults: list[ChainFault] = []
    prev_hash, expected_seq = GENESIS_HASH, 1
    for event in _all_events(session, batch):
        if event.seq != expected_seq:
            faults.append(ChainFault(expected_seq, f"missing events before {event.seq}"))
        if event.prev_hash != prev_hash:
            faults.append(ChainFault(event.seq, "does not link to the event before it"))
        if event.hash_format not in FORMATS:
            faults.append(ChainFault(event.seq, f"unknown hash format {event.hash_format}"))
        else:
            faults += _contents_faults(event)
        prev_hash, expected_seq = event.hash, event.seq + 1
    last = head(session)
    if last.seq != expected_seq - 1 or last.hash != prev_hash:
        faults.append(ChainFault(last.seq, "chain head does not match the last event"))
    return faults


def _contents_faults(event: LedgerEvent) -> list[ChainFault]:
    faults: list[ChainFault] = []
    if event.payload is not None:
        if event.hash_format == SALTED and event.salt is None:
            faults.append(ChainFault(event.seq, "salt missing for a kept payload"))
        else:
            salt = event.salt if event.hash_format == SALTED else None
            if payload_digest(event.payload, salt) != event.payload_hash:
                faults.append(ChainFault(event.seq, "payload altered"))
    recomputed = chain_digest(
        hash_format=event.hash_format,
        prev_hash=event.prev_hash,
        seq=event.seq,
        type=event.type,
        created_at=event.created_at,
        payload_hash=event.payload_hash,
    )
    if recomputed != event.hash:
        faults.append(ChainFault(event.seq, "hash does not match its contents"))
    return faults


def _all_events(session: Session, batch: int) -> Iterator[LedgerEvent]:
    after = 0
    while True:
        rows = list(
            session.exec(
                select(LedgerEvent)
                .where(LedgerEvent.seq > after)
                .order_by(col(LedgerEvent.seq))
                .limit(batch)
            )
        )
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].seq


def decoded_payload(event: LedgerEvent) -> dict[str, Any] | None:
    return None if event.payload is None else dict(json.loads(event.payload))


def leaf_of(event: LedgerEvent) -> str | None:
    """A format-2 event's leaf (what its public proof shows instead of type, time and payload
    hash); None for format 1, whose hash commits to those fields directly."""
    if event.hash_format == PLAIN:
        return None
    return leaf_digest(
        type=event.type, created_at=event.created_at, payload_hash=event.payload_hash
    )
