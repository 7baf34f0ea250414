"""`policy.changed`: a policy version took effect. Announced to every endpoint subscribed to it,
at start-up and then daily; each version once per endpoint.

The outbox is the record of what was announced: a message's id is derived from the endpoint and
the version, and each is inserted only where no row has it yet (INSERT … ON CONFLICT DO NOTHING),
so a second check, or a second replica racing the first, adds nothing twice and never fails.
"""

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col, select

from api.db import session_scope
from api.policy import load_catalog
from api.policy.version import PolicyVersion
from api.sqltypes import utcnow
from api.webhooks.models import WebhookEndpoint, WebhookMessage
from api.webhooks.outbox import envelope, message_row

POLICY_CHANGED = "policy.changed"
# A version is announced while it is this recent: a service started long after a change (or
# for the first time) does not announce the whole history.
RECENT = timedelta(days=7)
CHECK_EVERY = timedelta(days=1)
log = logging.getLogger(__name__)


def policy_changed(version: PolicyVersion) -> dict[str, Any]:
    """The event's data, in English: an endpoint records no language, and one body is shared by
    every endpoint told of a version. A receiver wanting another language reads the version at
    GET /v1/policies/{policy_id}?lang=… (the same texts, translated)."""
    return {
        "policy_id": version.id,
        "title": version.title,
        "effective_from": version.effective_from.isoformat(),
        "regions": list(version.regions),
        "changes": [{"text": c.text, "source": c.source} for c in version.changes],
    }


def message_id(endpoint_id: str, version_id: str) -> str:
    digest = hashlib.sha256(f"{POLICY_CHANGED} {endpoint_id} {version_id}".encode()).hexdigest()
    return "msg_" + digest[:32]


def announce(
    connection: Connection, versions: Iterable[PolicyVersion], *, today: date, at: datetime
) -> int:
    """Queue `policy.changed` for each version that took effect in the last week (up to
    `today`) to each subscribed endpoint not yet told of it; how many messages were queued."""
    due = [v for v in versions if today - RECENT < v.effective_from <= today]
    if not due:
        return 0
    endpoints = [
        endpoint_id
        for endpoint_id, events in connection.execute(
            select(WebhookEndpoint.id, WebhookEndpoint.events)
        ).all()
        if POLICY_CHANGED in events.split()
    ]
    wanted = {
        message_id(endpoint_id, v.id): (endpoint_id, v) for endpoint_id in endpoints for v in due
    }
    if not wanted:
        return 0
    # One body per version, shared by every endpoint told of it.
    bodies = {v.id: envelope(POLICY_CHANGED, policy_changed(v), at) for v in due}
    rows = [
        message_row(id, endpoint_id, POLICY_CHANGED, bodies[version.id], at)
        for id, (endpoint_id, version) in wanted.items()
    ]
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    # A message another check queued first (even one not yet committed: the insert waits for
    # it) is skipped, and the rest are still queued.
    queued = connection.execute(
        insert(WebhookMessage)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(col(WebhookMessage.id)),
        rows,
    )
    return len(queued.all())


def announce_now(engine: Engine, versions: Iterable[PolicyVersion]) -> int:
    """One check in its own transaction, a writer's from its start (SQLite queues it behind
    another replica's instead of failing when it reaches its insert)."""
    now = utcnow()
    with session_scope(engine, write=True) as session:
        return announce(session.connection(), versions, today=now.date(), at=now)


@asynccontextmanager
async def announcing(
    engine: Engine, versions: Iterable[PolicyVersion] | None = None
) -> AsyncIterator[None]:
    """Lifespan: check at start-up and then daily while the app serves (the shipped catalogue's
    versions by default)."""
    pinned = tuple(load_catalog().versions if versions is None else versions)

    async def loop() -> None:
        while True:
            check = asyncio.ensure_future(asyncio.to_thread(announce_now, engine, pinned))
            try:
                await asyncio.shield(check)
            except asyncio.CancelledError:
                # A check in its thread cannot be stopped: it ends before the engine goes.
                with contextlib.suppress(Exception):
                    await check
                raise
            except Exception:  # a failed check must not end the checks for good
                log.exception("announcing policy changes failed; retrying tomorrow")
            await asyncio.sleep(CHECK_EVERY.total_seconds())

    task = asyncio.create_task(loop(), name="policy-changes")
    try:
        yield
    finally:
        task.cancel()
        # Waited for, so no check runs against the engine once it is disposed.
        with contextlib.suppress(asyncio.CancelledError):
            await task
