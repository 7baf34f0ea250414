"""The life of a key: claimed by one attempt, answered in the same transaction as the request's
writes, replayed to every retry, pruned once expired. No web framework here.

An attempt holds its key for a lease: a retry while it runs is told "in flight"; a retry after
the lease passed (the attempt died with its process, and its writes with its transaction) takes
the key over and does the work itself. An attempt that outlived its lease finds its key taken
when it answers, and its writes are rolled back: the work is done once either way.
"""

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from api.db import session_scope
from api.errors import Conflict, ProblemError
from api.idempotency.models import IdempotencyKey
from api.idempotency.sealing import HEADER, Answer, Ticket


class KeyInFlight(Conflict):
    code, title = "idempotency-key-in-flight", "A request with this Idempotency-Key is in flight"


class KeyReused(ProblemError):
    status, code, title = (
        422,
        "idempotency-key-reused",
        "This Idempotency-Key was sent with another request",
    )


@dataclass(frozen=True, slots=True)
class Claim:
    """What to do with a request: `run` it (as `owner`) or `replay` the stored answer."""

    outcome: Literal["run", "replay"]
    owner: str = ""
    answer: Answer | None = None


def claim(
    engine: Engine, ticket: Ticket, *, now: datetime, ttl: timedelta, lease: timedelta
) -> Claim:
    """Claim the key for one attempt, in its own short transaction (committed before the request
    runs, so concurrent retries see it). Raises KeyReused or KeyInFlight."""
    try:
        return _claim(engine, ticket, now=now, ttl=ttl, lease=lease)
    except IntegrityError:  # another attempt inserted the same key at the same moment
        return _claim(engine, ticket, now=now, ttl=ttl, lease=lease)


def _claim(
    engine: Engine, ticket: Ticket, *, now: datetime, ttl: timedelta, lease: timedelta
) -> Claim:
    owner = secrets.token_hex(16)
    with session_scope(engine) as session:
        row = session.get(IdempotencyKey, ticket.lookup, with_for_update=True)
        if row is None:
            session.add(
                IdempotencyKey(
                    lookup=ticket.lookup,
                    request_mac=ticket.request_mac,
                    owner=owner,
                    lease_until=now + lease,
                    created_at=now,
                    expires_at=now + ttl,
                )
            )
            return Claim("run", owner)
        if row.expires_at > now:
            if not ticket.matches(row.request_mac):
                raise KeyReused(
                    f"This {HEADER} was first sent with another method, path or body: "
                    "use a new key for a new request."
                )
            if row.answer is not None:
                return Claim("replay", answer=ticket.open(row.answer))
            if row.lease_until is not None and row.lease_until > now:
                # Usually a twin sent at the same moment, done in milliseconds: retry soon. An
                # attempt that died with its process holds the key until its lease runs out.
                most = max(1, math.ceil((row.lease_until - now).total_seconds()))
                raise KeyInFlight(
                    f"A request with this {HEADER} is still being processed: retry in a moment "
                    f"(its key is free again within {most} s at most).",
                    headers={"Retry-After": "1"},
                )
        # Expired, or its attempt died: this attempt starts over with the key.
        row.request_mac = ticket.request_mac
        row.owner = owner
        row.lease_until = now + lease
        row.answer = None
        row.created_at = now
        row.expires_at = now + ttl
        return Claim("run", owner)


def record(session: Session, ticket: Ticket, *, owner: str, answer: Answer) -> bool:
    """Store `answer` in `session` (the request's own transaction, or a fresh one), if `owner`
    still holds the key. False when the key was taken over: the caller must roll back."""
    result = session.execute(
        update(IdempotencyKey)
        .where(
            col(IdempotencyKey.lookup) == ticket.lookup,
            col(IdempotencyKey.owner) == owner,
            col(IdempotencyKey.answer).is_(None),
        )
        .values(answer=ticket.seal(answer), lease_until=None)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def release(engine: Engine, ticket: Ticket, *, owner: str) -> None:
    """Let go of a key whose attempt has no answer worth keeping (a 5xx, a 429, a 401…): the
    next retry runs the request afresh."""
    with session_scope(engine) as session:
        session.execute(
            delete(IdempotencyKey).where(
                col(IdempotencyKey.lookup) == ticket.lookup,
                col(IdempotencyKey.owner) == owner,
                col(IdempotencyKey.answer).is_(None),
            )
        )


def prune(engine: Engine, *, now: datetime) -> int:
    """Delete every expired key; the number deleted."""
    with session_scope(engine) as session:
        result = session.execute(
            delete(IdempotencyKey).where(col(IdempotencyKey.expires_at) <= now)
        )
        return int(getattr(result, "rowcount", 0))
