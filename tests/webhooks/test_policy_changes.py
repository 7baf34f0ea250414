"""`policy.changed`: a version taking effect is queued once for each endpoint subscribed to it."""

import asyncio
import json
import threading
import time
from dataclasses import replace
from datetime import UTC, date, datetime

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from api.db import session_scope
from api.policy import load_catalog
from api.policy.translations import translate
from api.webhooks import policy_changes
from api.webhooks.models import WebhookMessage
from api.webhooks.policy_changes import POLICY_CHANGED, announce, announce_now, announcing
from tests.organisations.factories import Org

AT = datetime(2025, 12, 18, 6, 0, tzinfo=UTC)


async def _subscribe(client: httpx.AsyncClient, org: Org, url: str, events: list[str]) -> str:
    answer = await client.post(
        "/v1/org/webhooks", headers=org.headers, json={"url": url, "events": events}
    )
    assert answer.status_code == 201, answer.text
    endpoint_id: str = answer.json()["id"]
    return endpoint_id


def _announce(engine: Engine, today: date) -> int:
    with engine.begin() as connection:
        return announce(connection, load_catalog().versions, today=today, at=AT)


def _queued(engine: Engine) -> list[WebhookMessage]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(WebhookMessage).where(col(WebhookMessage.type) == POLICY_CHANGED)
        ).all()
    return [WebhookMessage.model_validate(row._mapping) for row in rows]


async def test_a_recent_version_is_announced_once_to_subscribers_only(
    client: httpx.AsyncClient, org: Org, engine: Engine
) -> None:
    subscribed = await _subscribe(client, org, "https://a.example.org/in", ["policy.changed"])
    await _subscribe(client, org, "https://b.example.org/in", ["campaign.joined"])

    first = _announce(engine, date(2025, 12, 18))
    again = _announce(engine, date(2025, 12, 19))

    queued = _queued(engine)
    assert first == 3 and again == 0
    assert {m.endpoint_id for m in queued} == {subscribed}
    bodies = [json.loads(m.body) for m in queued]
    assert {b["data"]["policy_id"] for b in bodies} == {
        "meta-au-2025-12-16",
        "meta-br-2025-12-16",
        "meta-world-2025-12-16",
    }
    assert all(b["type"] == POLICY_CHANGED and b["data"]["changes"] for b in bodies)


async def test_old_versions_are_not_announced_on_a_first_start(
    client: httpx.AsyncClient, org: Org, engine: Engine
) -> None:
    await _subscribe(client, org, "https://a.example.org/in", ["policy.changed"])

    assert _announce(engine, date(2026, 12, 5)) == 0
    assert _announce(engine, date(2025, 12, 15)) == 0
    assert _queued(engine) == []


async def test_the_background_check_announces_at_start_up_and_a_racing_replica_adds_nothing(
    client: httpx.AsyncClient, org: Org, engine: Engine
) -> None:
    await _subscribe(client, org, "https://a.example.org/in", ["policy.changed"])
    taking_effect = replace(
        load_catalog().get("meta-eu-2025-05-27"), effective_from=datetime.now(UTC).date()
    )

    async with announcing(engine, [taking_effect]):
        for _ in range(100):
            if _queued(engine):
                break
            await asyncio.sleep(0.05)
    replica = announce_now(engine, [taking_effect])

    assert [json.loads(m.body)["data"]["policy_id"] for m in _queued(engine)] == [
        "meta-eu-2025-05-27"
    ]
    assert replica == 0


async def test_two_replicas_announcing_at_once_queue_each_message_once_and_never_fail(
    client: httpx.AsyncClient, org: Org, engine: Engine
) -> None:
    """The first replica has queued a version and not committed yet when the second, with one
    version more (a rolling release), checks: the second waits for it, skips what it queued
    and still queues the rest."""
    await _subscribe(client, org, "https://a.example.org/in", ["policy.changed"])
    today = datetime.now(UTC).date()
    eu, world = (
        replace(load_catalog().get(id), effective_from=today)
        for id in ("meta-eu-2025-05-27", "meta-world-2025-12-16")
    )
    queued_first: list[int] = []
    first = threading.Event()

    def first_replica() -> None:
        with session_scope(engine) as session:
            queued_first.append(announce(session.connection(), [eu], today=today, at=AT))
            first.set()
            time.sleep(0.5)  # still uncommitted while the second replica checks

    thread = threading.Thread(target=first_replica)
    thread.start()
    assert first.wait(10)
    second = announce_now(engine, [eu, world])
    thread.join()

    ids = sorted(json.loads(m.body)["data"]["policy_id"] for m in _queued(engine))
    assert (queued_first, second) == ([1], 1)
    assert ids == ["meta-eu-2025-05-27", "meta-world-2025-12-16"]


async def test_leaving_the_lifespan_waits_for_a_check_in_its_thread(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine is disposed right after: no check may still be running against it."""
    started, finished = threading.Event(), threading.Event()

    def slow_check(*_: object) -> int:
        started.set()
        time.sleep(0.3)
        finished.set()
        return 0

    monkeypatch.setattr(policy_changes, "announce_now", slow_check)
    async with announcing(engine, []):
        await asyncio.to_thread(started.wait, 5)

    assert finished.is_set()


def test_the_event_is_english_and_names_where_its_translations_are() -> None:
    """An endpoint records no language, so the one body every endpoint gets is the data's
    English; the same texts are translated at GET /v1/policies/{policy_id}?lang=…"""
    version = load_catalog().get("meta-world-2025-12-16")

    data = policy_changes.policy_changed(version)

    assert data["title"] == version.title
    assert [change["text"] for change in data["changes"]] == [c.text for c in version.changes]
    assert translate(version.title, "de") != version.title
