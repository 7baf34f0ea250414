"""Keeping a replica's check index in step while the app runs (its lifespan).

Loads the index before the app serves, then catches up whenever PostgreSQL announces a change
(LISTEN/NOTIFY, sent on commit by the feed's writers) and at least every
`checks_poll_seconds` by reading the feed's version; every `checks_resync_seconds` it reloads
whole, as a safety net, and prunes feed rows older than a day.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import psycopg
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.checks import feed
from api.checks.index import CheckIndex
from api.config import Settings
from api.db import session_scope
from api.sqltypes import utcnow

log = logging.getLogger(__name__)
FEED_RETENTION = timedelta(days=1)


@asynccontextmanager
async def keeping_in_step(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    index: CheckIndex = app.state.check_index
    engine: Engine = app.state.engine
    if not settings.checks_use_index:
        yield
        return
    await asyncio.to_thread(index.reload)
    stop, nudge = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(_follow(index, engine, settings, stop, nudge))]
    if engine.dialect.name == "postgresql":
        tasks.append(asyncio.create_task(_listen(engine, stop, nudge)))
    try:
        yield
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _follow(
    index: CheckIndex, engine: Engine, settings: Settings, stop: asyncio.Event, nudge: asyncio.Event
) -> None:
    loop = asyncio.get_running_loop()
    next_resync = loop.time() + settings.checks_resync_seconds
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(nudge.wait(), timeout=settings.checks_poll_seconds)
        nudge.clear()
        try:
            if loop.time() >= next_resync:
                next_resync = loop.time() + settings.checks_resync_seconds
                await asyncio.to_thread(index.reload)
                await asyncio.to_thread(_prune, engine)
            else:
                await asyncio.to_thread(index.catch_up)
        except Exception:  # the database may be away for a moment; try again next round
            log.exception("check index: catching up failed")


async def _listen(engine: Engine, stop: asyncio.Event, nudge: asyncio.Event) -> None:
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    while not stop.is_set():
        try:
            async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                await conn.execute(f"LISTEN {feed.CHANNEL}")
                nudge.set()  # whatever happened while we were not listening
                async for _notice in conn.notifies():
                    nudge.set()
        except (psycopg.Error, OSError) as error:
            log.warning("check index: LISTEN connection lost (%s); polling meanwhile", error)
            await asyncio.sleep(5)


def _prune(engine: Engine) -> None:
    with session_scope(engine) as session:
        feed.prune(session, before=utcnow() - FEED_RETENTION)
