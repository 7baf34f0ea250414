"""What an integrator runs a receiver with: one endpoint per URL, a test delivery, redelivery
of a message that failed for good, and secret rotation with an overlap window."""

import asyncio
import threading
import time
from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, update

from api.config import Settings
from api.db import session_scope
from api.errors import ProblemError
from api.sqltypes import utcnow
from api.webhooks import service
from api.webhooks.delivery import DeliveryWorker
from api.webhooks.models import WebhookEndpoint
from api.webhooks.signing import InvalidSignature, verify
from tests.conftest import Person
from tests.organisations.factories import Org, authorise, make_org, queued
from tests.webhooks.receiver import Receiver


async def _subscribe(
    client: httpx.AsyncClient,
    org: Org,
    url: str,
    events: tuple[str, ...] = ("member.authorised",),
) -> httpx.Response:
    return await client.post(
        "/v1/org/webhooks", headers=org.headers, json={"url": url, "events": list(events)}
    )


async def _endpoint_for(client: httpx.AsyncClient, org: Org, receiver: Receiver) -> str:
    created = await _subscribe(client, org, receiver.url)
    assert created.status_code == 201, created.text
    receiver.secret = created.json()["secret"]
    endpoint_id: str = created.json()["id"]
    return endpoint_id


def _worker(app: FastAPI) -> DeliveryWorker:
    worker: DeliveryWorker = app.state.delivery_worker
    return worker


async def _drain(worker: DeliveryWorker, engine: Engine, seconds: float = 10) -> None:
    """Run the worker until nothing is pending (waiting out backoffs)."""
    deadline = time.monotonic() + seconds
    while any(message["status"] == "pending" for message in queued(engine)):
        assert time.monotonic() < deadline, "messages still pending"
        if not await worker.run_once():
            await asyncio.sleep(0.05)


async def _log(client: httpx.AsyncClient, org: Org, endpoint_id: str) -> list[dict[str, object]]:
    response = await client.get(f"/v1/org/webhooks/{endpoint_id}/deliveries", headers=org.headers)
    assert response.status_code == 200, response.text
    messages: list[dict[str, object]] = response.json()["messages"]
    return messages


def _is_problem(response: httpx.Response, status: int, code: str) -> bool:
    return (
        response.status_code == status
        and response.headers["content-type"] == "application/problem+json"
        and response.json()["type"] == f"urn:ai-optout:problem:{code}"
    )


# One endpoint per URL


async def test_the_same_url_twice_is_refused_naming_the_endpoint_that_has_it(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    first = await _subscribe(client, org, "https://hooks.example.org/in")
    # The same receiver written another way: the host's case, the default port.
    again = await _subscribe(client, org, "https://HOOKS.example.org:443/in", ("member.revoked",))
    other_path = await _subscribe(client, org, "https://hooks.example.org/in/")
    other_group = await _subscribe(client, make_org(engine, name="Other"), first.json()["url"])

    assert first.status_code == 201
    assert _is_problem(again, 409, "duplicate-webhook-url"), again.text
    assert first.json()["id"] in again.json()["detail"]
    assert again.json()["detail"].startswith("`url`")
    assert first.json()["secret"] not in again.text
    assert other_path.status_code == 201  # another path is another receiver
    assert other_group.status_code == 201  # URLs are unique within a group only
    listed = await client.get("/v1/org/webhooks", headers=org.headers)
    assert [endpoint["url"] for endpoint in listed.json()] == [
        "https://hooks.example.org/in",
        "https://hooks.example.org/in/",
    ]


def test_subscribing_the_same_url_at_once_makes_one_endpoint(engine: Engine, org: Org) -> None:
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def subscribe() -> None:
        start.wait()
        try:
            with session_scope(engine) as session:
                service.subscribe(
                    session,
                    organisation_id=org.organisation_id,
                    url="https://hooks.example.org/race",
                    events=["member.authorised"],
                    allow_loopback=False,
                )
            outcomes.append("created")
        except ProblemError as refused:
            outcomes.append(refused.code)

    threads = [threading.Thread(target=subscribe) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created", *["duplicate-webhook-url"] * 3]
    with session_scope(engine, write=False) as session:
        assert len(service.endpoints_of(session, organisation_id=org.organisation_id)) == 1


# Test delivery


async def test_a_test_delivery_is_sent_at_once_signed_and_logged(
    client: httpx.AsyncClient, app: FastAPI, engine: Engine, org: Org, receiver: Receiver
) -> None:
    endpoint_id = await _endpoint_for(client, org, receiver)  # not subscribed to webhook.test
    worker = _worker(app)
    worker.poll_seconds = 60  # only the nudge can make it deliver within the test
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(stop))
    try:
        await asyncio.sleep(0.1)  # the worker polled once and now sleeps
        sent = await client.post(f"/v1/org/webhooks/{endpoint_id}/test", headers=org.headers)
        for _ in range(250):  # up to 5 s
            if receiver.arrivals:
                break
            await asyncio.sleep(0.02)
    finally:
        stop.set()
        await running

    assert sent.status_code == 202, sent.text
    assert sent.json()["type"] == "webhook.test"
    assert sent.json()["status"] == "pending" and sent.json()["attempts"] == []
    assert receiver.arrivals == [sent.json()["id"]]  # its signature verified
    assert receiver.bad_signatures == 0
    body = receiver.events[sent.json()["id"]]
    assert b'"type":"webhook.test"' in body and endpoint_id.encode() in body
    [logged] = await _log(client, org, endpoint_id)
    assert logged["id"] == sent.json()["id"] and logged["status"] == "delivered"


async def test_asking_again_while_a_test_is_pending_sends_that_one_now(
    client: httpx.AsyncClient, app: FastAPI, engine: Engine, org: Org, receiver: Receiver
) -> None:
    endpoint_id = await _endpoint_for(client, org, receiver)
    receiver.stop()  # the integrator's receiver is not up yet
    first = await client.post(f"/v1/org/webhooks/{endpoint_id}/test", headers=org.headers)
    assert await _worker(app).run_once() == 1  # refused: retried later, with backoff
    [waiting] = await _log(client, org, endpoint_id)
    assert waiting["status"] == "pending"

    receiver.start()  # fixed; test again
    second = await client.post(f"/v1/org/webhooks/{endpoint_id}/test", headers=org.headers)
    assert await _worker(app).run_once() == 1  # due now, not after the backoff

    assert second.status_code == 202
    assert second.json()["id"] == first.json()["id"]
    assert [attempt["error"] for attempt in second.json()["attempts"]] == ["no answer"]
    assert len(queued(engine, "webhook.test")) == 1
    assert receiver.arrivals == [first.json()["id"]]


async def test_a_test_delivery_is_for_the_endpoints_group_only(
    client: httpx.AsyncClient, engine: Engine, org: Org, receiver: Receiver
) -> None:
    endpoint_id = await _endpoint_for(client, org, receiver)
    other = make_org(engine, name="Other")

    theirs = await client.post(f"/v1/org/webhooks/{endpoint_id}/test", headers=other.headers)
    unknown = await client.post("/v1/org/webhooks/nosuchendpoint/test", headers=org.headers)

    assert _is_problem(theirs, 404, "not-found")
    assert _is_problem(unknown, 404, "not-found")
    assert queued(engine) == []


# Redelivery


async def test_a_dead_message_is_redelivered_with_fresh_attempts(
    client: httpx.AsyncClient,
    app: FastAPI,
    engine: Engine,
    org: Org,
    person: Person,
    receiver: Receiver,
) -> None:
    receiver.status = 500
    endpoint_id = await _endpoint_for(client, org, receiver)
    await authorise(client, person, org)
    await _drain(_worker(app), engine)  # three attempts (the tests' maximum), then dead
    [dead] = await _log(client, org, endpoint_id)
    assert dead["status"] == "dead"

    receiver.status = 204  # the receiver is fixed
    again = await client.post(
        f"/v1/org/webhooks/{endpoint_id}/deliveries/{dead['id']}/redeliver", headers=org.headers
    )
    assert again.status_code == 202, again.text
    assert again.json()["status"] == "pending" and again.json()["next_attempt_at"] is not None
    await _drain(_worker(app), engine)

    [message] = await _log(client, org, endpoint_id)
    assert message["status"] == "delivered"
    attempts = message["attempts"]
    assert isinstance(attempts, list)
    assert [(a["attempt"], a["status_code"]) for a in attempts] == [
        (1, 500),
        (2, 500),
        (3, 500),
        (1, 204),
    ]
    assert receiver.arrivals == [dead["id"]] * 4  # the same webhook-id: receivers dedupe
    assert receiver.bad_signatures == 0


async def test_redelivery_can_run_out_of_attempts_again(
    client: httpx.AsyncClient, app: FastAPI, engine: Engine, org: Org, person: Person
) -> None:
    failing = Receiver(status=503).start()
    try:
        endpoint_id = await _endpoint_for(client, org, failing)
        await authorise(client, person, org)
        await _drain(_worker(app), engine)
        [dead] = await _log(client, org, endpoint_id)
        path = f"/v1/org/webhooks/{endpoint_id}/deliveries/{dead['id']}/redeliver"
        assert (await client.post(path, headers=org.headers)).status_code == 202
        await _drain(_worker(app), engine)
    finally:
        failing.stop()

    [message] = await _log(client, org, endpoint_id)
    assert message["status"] == "dead"
    assert isinstance(message["attempts"], list) and len(message["attempts"]) == 6


async def test_only_a_dead_message_of_ones_own_endpoint_is_redelivered(
    client: httpx.AsyncClient,
    app: FastAPI,
    engine: Engine,
    org: Org,
    person: Person,
    receiver: Receiver,
) -> None:
    endpoint_id = await _endpoint_for(client, org, receiver)
    # Another endpoint of the group, for other events: nothing is ever sent to it.
    sibling = await _subscribe(client, org, "https://hooks.example.org/other", ("campaign.joined",))
    assert sibling.status_code == 201
    await authorise(client, person, org)
    [pending] = queued(engine, "member.authorised")
    base = f"/v1/org/webhooks/{endpoint_id}/deliveries"

    while_pending = await client.post(f"{base}/{pending['id']}/redeliver", headers=org.headers)
    await _drain(_worker(app), engine, seconds=15)
    delivered = await client.post(f"{base}/{pending['id']}/redeliver", headers=org.headers)
    unknown = await client.post(f"{base}/msg_nosuchmessage/redeliver", headers=org.headers)
    via_sibling = await client.post(
        f"/v1/org/webhooks/{sibling.json()['id']}/deliveries/{pending['id']}/redeliver",
        headers=org.headers,
    )
    other = make_org(engine, name="Other")
    by_other_group = await client.post(f"{base}/{pending['id']}/redeliver", headers=other.headers)

    assert _is_problem(while_pending, 409, "not-redeliverable")
    assert "pending" in while_pending.json()["detail"]
    assert _is_problem(delivered, 409, "not-redeliverable")
    assert "delivered" in delivered.json()["detail"]
    assert _is_problem(unknown, 404, "not-found")
    assert _is_problem(via_sibling, 404, "not-found")
    assert _is_problem(by_other_group, 404, "not-found")
    assert receiver.arrivals == [pending["id"]]


# Secret rotation


def _signatures(headers: dict[str, str]) -> list[str]:
    return headers["webhook-signature"].split()


def _verifies(secret: str, headers: dict[str, str], body: bytes) -> bool:
    try:
        verify(secret, headers, body)
    except InvalidSignature:
        return False
    return True


async def _deliver_one(
    client: httpx.AsyncClient, app: FastAPI, org: Org, endpoint_id: str, receiver: Receiver
) -> tuple[dict[str, str], bytes]:
    """Send a test delivery and return its headers and body as the receiver got them."""
    sent = await client.post(f"/v1/org/webhooks/{endpoint_id}/test", headers=org.headers)
    assert sent.status_code == 202, sent.text
    assert await _worker(app).run_once() == 1
    headers = receiver.headers[-1]
    assert headers["webhook-id"] == sent.json()["id"]
    return headers, receiver.events.get(sent.json()["id"], b"")


async def test_during_the_overlap_both_secrets_sign_and_afterwards_only_the_new_one(
    client: httpx.AsyncClient,
    app: FastAPI,
    engine: Engine,
    org: Org,
    receiver: Receiver,
) -> None:
    endpoint_id = await _endpoint_for(client, org, receiver)
    old = receiver.secret  # the receiver still holds the old secret

    rotated = await client.post(f"/v1/org/webhooks/{endpoint_id}/secret", headers=org.headers)

    assert rotated.status_code == 200, rotated.text
    assert rotated.headers["cache-control"] == "no-store"
    new = rotated.json()["secret"]
    assert new.startswith("whsec_") and new != old
    [listed] = (await client.get("/v1/org/webhooks", headers=org.headers)).json()
    assert listed["previous_secret_until"] == rotated.json()["previous_secret_until"]
    assert new not in str(listed)
    with session_scope(engine, write=False) as session:
        row = session.get(WebhookEndpoint, endpoint_id)
        assert row is not None and row.previous_secret_until is not None
        overlap = row.previous_secret_until - utcnow()
    assert timedelta(hours=23, minutes=59) < overlap <= timedelta(hours=24)

    # During the overlap: two signatures, one per secret; a receiver with either accepts.
    headers, body = await _deliver_one(client, app, org, endpoint_id, receiver)
    assert body, "the receiver holding the old secret refused the delivery"
    first, second = _signatures(headers)
    assert _verifies(new, {**headers, "webhook-signature": first}, body)
    assert _verifies(old, {**headers, "webhook-signature": second}, body)
    assert not _verifies(old, {**headers, "webhook-signature": first}, body)

    # A day later the overlap is over: only the new secret signs.
    with Session(engine) as session:
        session.exec(
            update(WebhookEndpoint)
            .where(col(WebhookEndpoint.id) == endpoint_id)
            .values(previous_secret_until=utcnow() - timedelta(seconds=1))
        )
        session.commit()
    receiver.secret = new
    headers, body = await _deliver_one(client, app, org, endpoint_id, receiver)
    assert body, "the receiver holding the new secret refused the delivery"
    assert len(_signatures(headers)) == 1
    assert not _verifies(old, headers, body)
    [listed] = (await client.get("/v1/org/webhooks", headers=org.headers)).json()
    assert listed["previous_secret_until"] is None


async def test_rotating_again_retires_the_oldest_secret_at_once(
    client: httpx.AsyncClient, app: FastAPI, org: Org, receiver: Receiver
) -> None:
    endpoint_id = await _endpoint_for(client, org, receiver)
    first = receiver.secret
    path = f"/v1/org/webhooks/{endpoint_id}/secret"
    second = (await client.post(path, headers=org.headers)).json()["secret"]
    third = (await client.post(path, headers=org.headers)).json()["secret"]
    receiver.secret = third

    headers, body = await _deliver_one(client, app, org, endpoint_id, receiver)

    assert len(_signatures(headers)) == 2
    assert _verifies(third, headers, body) and _verifies(second, headers, body)
    assert not _verifies(first, headers, body)


async def test_with_no_overlap_the_old_secret_stops_signing_at_once(
    client: httpx.AsyncClient, app: FastAPI, settings: Settings, org: Org, receiver: Receiver
) -> None:
    settings.webhook_secret_overlap_hours = 0
    endpoint_id = await _endpoint_for(client, org, receiver)
    old = receiver.secret

    rotated = await client.post(f"/v1/org/webhooks/{endpoint_id}/secret", headers=org.headers)
    receiver.secret = rotated.json()["secret"]
    headers, body = await _deliver_one(client, app, org, endpoint_id, receiver)

    assert rotated.json()["previous_secret_until"] is None
    assert body and len(_signatures(headers)) == 1
    assert not _verifies(old, headers, body)


async def test_another_group_cannot_rotate_an_endpoints_secret(
    client: httpx.AsyncClient, app: FastAPI, engine: Engine, org: Org, receiver: Receiver
) -> None:
    endpoint_id = await _endpoint_for(client, org, receiver)
    other = make_org(engine, name="Other")

    refused = await client.post(f"/v1/org/webhooks/{endpoint_id}/secret", headers=other.headers)
    headers, body = await _deliver_one(client, app, org, endpoint_id, receiver)

    assert _is_problem(refused, 404, "not-found")
    assert "secret" not in refused.json()
    assert body and len(_signatures(headers)) == 1  # signed as before, with the one secret
