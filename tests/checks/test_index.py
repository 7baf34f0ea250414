"""The index stays in step with the database: in this process at once, in other replicas via the
change feed (PostgreSQL NOTIFY, or polling its version), with a full reload as the safety net."""

import asyncio
import time
from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from api.checks import feed
from api.checks.index import CheckIndex
from api.checks.models import CheckChange
from api.config import Settings
from api.db import make_engine, session_scope
from api.main import create_app
from api.sqltypes import utcnow
from tests.conftest import Person
from tests.organisations.factories import account, write_preferences
from tests.support.profiles import prove, prove_in


def _feed_rows(engine: Engine) -> int:
    with session_scope(engine, write=False) as session:
        return int(session.exec(select(func.count()).select_from(CheckChange)).one())


async def _list(client: httpx.AsyncClient, person: Person, profile: str, listed: bool) -> None:
    await write_preferences(client, person, accounts=[account("facebook", profile)], listed=listed)


async def test_another_replica_catches_up_from_the_feed(
    client: httpx.AsyncClient, engine: Engine, database_url: str, person: Person
) -> None:
    other_engine = make_engine(database_url)
    try:
        replica = CheckIndex(other_engine)
        replica.reload()
        await _list(client, person, "jane.doe", listed=True)
        prove(engine, person.account_id)
        assert "jane.doe" not in replica.keys("facebook")  # nothing told it yet

        applied = replica.catch_up()

        assert applied == 2  # the listing, then its proof
        assert "jane.doe" in replica.keys("facebook")
        assert replica.version == feed_version(engine)
    finally:
        other_engine.dispose()


def feed_version(engine: Engine) -> int:
    with session_scope(engine, write=False) as session:
        return feed.latest_seq(session)


async def test_a_running_replica_hears_of_changes_within_seconds(
    client: httpx.AsyncClient,
    engine: Engine,
    settings: Settings,
    database_url: str,
    person: Person,
) -> None:
    # On PostgreSQL the replica polls only hourly: NOTIFY alone must bring the change.
    postgres = database_url.startswith("postgresql")
    replica_settings = settings.model_copy(
        update={"checks_poll_seconds": 3600 if postgres else 0.1, "webhook_worker": False}
    )
    replica_engine = make_engine(database_url)
    replica: FastAPI = create_app(replica_settings, engine=replica_engine)
    index: CheckIndex = replica.state.check_index
    async with replica.router.lifespan_context(replica):
        assert index.loaded
        await asyncio.sleep(0.2)  # LISTEN is in place
        await _list(client, person, "jane.doe", listed=True)
        prove(engine, person.account_id)
        deadline = time.monotonic() + 5
        while "jane.doe" not in index.keys("facebook"):
            assert time.monotonic() < deadline, "the replica never heard of the change"
            await asyncio.sleep(0.05)


async def test_only_changes_to_a_listing_go_to_the_feed(
    client: httpx.AsyncClient, engine: Engine, person: Person
) -> None:
    await _list(client, person, "jane.doe", listed=False)
    assert _feed_rows(engine) == 0
    await _list(client, person, "jane.doe", listed=True)
    await write_preferences(
        client, person, accounts=[account("facebook", "jane.doe", "ready")], listed=True
    )
    assert _feed_rows(engine) == 1  # the objection step changed nothing listed


async def test_a_full_reload_agrees_with_the_followed_index(
    client: httpx.AsyncClient, app: FastAPI, engine: Engine, person: Person, other_person: Person
) -> None:
    followed: CheckIndex = app.state.check_index
    followed.reload()
    await _list(client, person, "jane.doe", listed=True)
    prove_in(app, person.account_id)
    await _list(client, other_person, "bob.smith", listed=True)
    prove_in(app, other_person.account_id)
    await _list(client, person, "jane.doe", listed=False)

    fresh = CheckIndex(engine)
    fresh.reload()

    assert fresh.keys("facebook") == followed.keys("facebook") == {"bob.smith"}


async def test_pruning_the_feed_keeps_its_newest_row(
    client: httpx.AsyncClient, engine: Engine, person: Person
) -> None:
    for listed in (True, False, True):
        await _list(client, person, "jane.doe", listed=listed)
    newest = feed_version(engine)

    with session_scope(engine) as session:
        removed = feed.prune(session, before=utcnow() + timedelta(days=1))

    assert removed == 2
    assert feed_version(engine) == newest
    with session_scope(engine, write=False) as session:
        assert session.exec(select(col(CheckChange.seq))).all() == [newest]
