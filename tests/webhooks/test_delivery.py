"""Delivery: signed, retried with backoff, at least once (receivers dedupe by webhook-id),
never lost across a restart, and never in the way of the API."""

import asyncio
import threading
import time
from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from api.db import make_engine
from api.main import create_app
from api.webhooks.delivery import DeliveryWorker, backoff_seconds
from tests.conftest import Person
from tests.organisations.factories import (
    Org,
    account,
    authorise,
    queued,
    write_preferences,
)
from tests.webhooks.receiver import Receiver


async def _subscribe(client: httpx.AsyncClient, org: Org, receiver: Receiver) -> str:
    created = await client.post(
        "/v1/org/webhooks",
        headers=org.headers,
        json={
            "url": receiver.url,
            "events": ["member.authorised", "member.revoked", "objection.state_changed"],
        },
    )
    assert created.status_code == 201, created.text
    receiver.secret = created.json()["secret"]
    endpoint_id: str = created.json()["id"]
    return endpoint_id


async def _make_events(client: httpx.AsyncClient, org: Org, person: Person) -> None:
    await authorise(client, person, org)
    await write_preferences(client, person, accounts=[account("facebook", "jane.doe", "ready")])
    await write_preferences(
        client,
        person,
        accounts=[account("facebook", "jane.doe", "submitted", submitted_on="2025-05-20")],
    )
    await client.delete(f"/v1/me/authorisations/{org.organisation_id}", headers=person.headers)


async def _drain(worker: DeliveryWorker, engine: Engine, seconds: float = 10) -> None:
    """Run the worker until nothing is pending (waiting out backoffs)."""
    deadline = time.monotonic() + seconds
    while any(message["status"] == "pending" for message in queued(engine)):
        assert time.monotonic() < deadline, "messages still pending"
        if not await worker.run_once():
            await asyncio.sleep(0.05)


def _worker(app: FastAPI) -> DeliveryWorker:
    worker: DeliveryWorker = app.state.delivery_worker
    return worker


async def test_every_event_arrives_once_signed_across_receiver_downtime_and_a_restart(
    client: httpx.AsyncClient,
    app: FastAPI,
    settings: Settings,
    database_url: str,
    engine: Engine,
    org: Org,
    person: Person,
    receiver: Receiver,
) -> None:
    endpoint_id = await _subscribe(client, org, receiver)
    receiver.stop()  # the receiver is down while the events happen
    await _make_events(client, org, person)
    assert await _worker(app).run_once() == 4  # every attempt fails: connection refused

    # The service restarts: a new app, worker and engine on the same database.
    fresh_engine = make_engine(database_url)
    try:
        restarted = create_app(settings, engine=fresh_engine)
        receiver.start()  # back, on the same port
        await _drain(_worker(restarted), fresh_engine)
    finally:
        fresh_engine.dispose()

    sent = {message["id"] for message in queued(engine)}
    assert set(receiver.events) == sent
    assert sorted(receiver.arrivals) == sorted(sent)  # no duplicates either
    assert receiver.bad_signatures == 0
    log = await client.get(f"/v1/org/webhooks/{endpoint_id}/deliveries", headers=org.headers)
    for message in log.json()["messages"]:
        assert message["status"] == "delivered"
        assert message["attempts"][0]["status_code"] is None  # refused while down
        assert message["attempts"][-1]["status_code"] == 204


async def test_a_worker_that_dies_mid_delivery_leaves_its_messages_to_others(
    client: httpx.AsyncClient,
    app: FastAPI,
    engine: Engine,
    org: Org,
    person: Person,
    receiver: Receiver,
) -> None:
    await _subscribe(client, org, receiver)
    await authorise(client, person, org)
    crashed = DeliveryWorker(
        engine, timeout_seconds=0.1, max_attempts=3, retry_base_seconds=0.05, allow_loopback=True
    )
    crashed.lease = timedelta(seconds=0.3)
    assert len(await asyncio.to_thread(crashed._claim)) == 1  # claimed, then never recorded

    survivor = _worker(app)
    assert await survivor.run_once() == 0  # still leased to the dead worker
    await asyncio.sleep(0.35)
    await _drain(survivor, engine)

    assert len(receiver.arrivals) == 1


async def test_a_failing_receiver_is_retried_with_backoff_then_given_up(
    client: httpx.AsyncClient, app: FastAPI, engine: Engine, org: Org, person: Person
) -> None:
    failing = Receiver(status=500).start()
    try:
        endpoint_id = await _subscribe(client, org, failing)
        await authorise(client, person, org)
        await _drain(_worker(app), engine)
    finally:
        failing.stop()

    log = await client.get(f"/v1/org/webhooks/{endpoint_id}/deliveries", headers=org.headers)
    [message] = log.json()["messages"]
    assert message["status"] == "dead"
    assert [attempt["status_code"] for attempt in message["attempts"]] == [500, 500, 500]
    times = [attempt["at"] for attempt in message["attempts"]]
    assert times == sorted(times)


async def test_the_log_shows_a_status_or_no_answer_even_for_rows_that_kept_error_text(
    client: httpx.AsyncClient, app: FastAPI, engine: Engine, org: Org, person: Person
) -> None:
    from sqlmodel import Session, col, update

    from api.webhooks.models import WebhookAttempt

    failing = Receiver(status=500).start()
    try:
        endpoint_id = await _subscribe(client, org, failing)
        await authorise(client, person, org)
        await _drain(_worker(app), engine)
    finally:
        failing.stop()
    # Rows as deliveries used to write them: the client's error text, the receiver's words.
    with Session(engine) as session:
        session.exec(
            update(WebhookAttempt)
            .where(col(WebhookAttempt.attempt) == 1)
            .values(status_code=None, error="ConnectError: [Errno 111] Connection refused")
        )
        session.exec(
            update(WebhookAttempt)
            .where(col(WebhookAttempt.attempt) == 2)
            .values(error="internal: db host 10.0.0.7 down")
        )
        session.commit()

    log = await client.get(f"/v1/org/webhooks/{endpoint_id}/deliveries", headers=org.headers)

    [message] = log.json()["messages"]
    shown = [(attempt["status_code"], attempt["error"]) for attempt in message["attempts"]]
    assert shown == [(None, "no answer"), (500, "HTTP 500"), (500, "HTTP 500")]


async def test_a_slow_receiver_never_holds_up_the_api(
    client: httpx.AsyncClient, engine: Engine, org: Org, person: Person
) -> None:
    slow = Receiver(delay=5.0).start()
    worker = DeliveryWorker(
        engine, timeout_seconds=2.0, max_attempts=3, retry_base_seconds=1, allow_loopback=True
    )
    try:
        endpoint_id = await _subscribe(client, org, slow)
        await authorise(client, person, org)
        delivering = asyncio.create_task(worker.run_once())
        await asyncio.sleep(0.2)  # the delivery is now waiting on the receiver

        started = time.monotonic()
        for _ in range(5):
            response = await client.get("/v1/org/webhooks", headers=org.headers)
            assert response.status_code == 200
        await write_preferences(client, person, accounts=[account("facebook", "x.slow", "ready")])
        api_time = time.monotonic() - started
        assert not delivering.done()

        await delivering
    finally:
        slow.stop()

    assert api_time < 1.0  # while the delivery waits out its whole 2 s timeout
    log = await client.get(f"/v1/org/webhooks/{endpoint_id}/deliveries", headers=org.headers)
    first = log.json()["messages"][-1]["attempts"][0]
    assert first["status_code"] is None and first["error"] == "no answer"
    assert first["duration_ms"] >= 1900


def test_concurrent_workers_never_claim_the_same_message(
    engine: Engine, settings: Settings
) -> None:
    from sqlmodel import Session

    from api.organisations.service import create_organisation
    from api.sqltypes import utcnow
    from api.webhooks.outbox import enqueue
    from api.webhooks.service import subscribe

    with Session(engine) as session:
        organisation = create_organisation(session, name="Busy")
        subscribe(
            session,
            organisation_id=organisation.id,
            url="https://hooks.example.org/in",
            events=["member.authorised"],
            allow_loopback=False,
        )
        for number in range(30):
            enqueue(
                session.connection(),
                organisation_id=organisation.id,
                type="member.authorised",
                data={"n": number},
                at=utcnow(),
            )
        session.commit()
    workers = [
        DeliveryWorker(
            engine,
            timeout_seconds=1,
            max_attempts=3,
            retry_base_seconds=1,
            allow_loopback=False,
            batch=10,
        )
        for _ in range(3)
    ]
    start = threading.Barrier(3)
    claims: list[set[str]] = [set() for _ in workers]

    def claim(index: int) -> None:
        start.wait()
        claims[index] = {claimed.message_id for claimed in workers[index]._claim()}

    threads = [threading.Thread(target=claim, args=(index,)) for index in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(len(claimed) for claimed in claims) == len(set().union(*claims)) == 30


def test_backoff_grows_exponentially_with_jitter() -> None:
    for attempts in range(1, 8):
        ceiling = 10 * 2 ** (attempts - 1)
        delays = [backoff_seconds(attempts, 10) for _ in range(50)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(set(delays)) > 1
    assert backoff_seconds(40, 10) <= 6 * 3600


async def test_a_silent_a_refusing_and_a_forbidden_receiver_look_the_same_in_the_log(
    client: httpx.AsyncClient, engine: Engine, org: Org, person: Person
) -> None:
    """No port-scanner oracle: the log tells a group only whether and what a receiver answered."""
    silent = Receiver(delay=5.0).start()
    down = Receiver().start()
    down.stop()  # its port now refuses connections
    endpoints = [await _subscribe(client, org, receiver) for receiver in (silent, down)]
    created = await client.post(
        "/v1/org/webhooks",
        headers=org.headers,
        # A name that resolves to a private address: refused before any connection.
        json={"url": f"http://intranet.test:{down.port}/hook", "events": ["member.authorised"]},
    )
    endpoints.append(created.json()["id"])

    async def resolver(host: str, port: int) -> list[str]:
        assert host == "intranet.test"
        return ["10.0.0.1"]

    worker = DeliveryWorker(
        engine,
        timeout_seconds=1.0,
        max_attempts=3,
        retry_base_seconds=1,
        allow_loopback=True,
        resolver=resolver,
    )
    try:
        await authorise(client, person, org)
        assert await worker.run_once() == 3
    finally:
        silent.stop()

    seen = []
    for endpoint_id in endpoints:
        log = await client.get(f"/v1/org/webhooks/{endpoint_id}/deliveries", headers=org.headers)
        first = log.json()["messages"][-1]["attempts"][0]
        seen.append((first["status_code"], first["error"], first["duration_ms"]))
    assert seen == [(None, "no answer", 1000)] * 3
