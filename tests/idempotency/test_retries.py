"""Idempotency-Key on writes, in process, on both databases: a retry gets the first answer and
the write happens once; another request under the same key is refused; keys are the caller's
own, expire, and a stored row reveals nothing without the key."""

import contextvars
import sqlite3
import uuid
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from api.config import Settings
from api.db import HANDOVER, session_scope
from api.idempotency import middleware, service
from api.idempotency.middleware import IdempotencyMiddleware
from api.idempotency.models import IdempotencyKey
from api.idempotency.sealing import Answer, Ticket, fingerprint
from api.sqltypes import utcnow
from tests.conftest import Person
from tests.organisations.factories import make_org
from tests.receipts.factories import FACEBOOK
from tests.support.preferences import whole

HOUR = timedelta(hours=1)


def new_key() -> str:
    return str(uuid.uuid4())


def count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


async def test_a_retried_account_creation_gets_the_first_answer_and_makes_one_account(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    key = new_key()
    first = await client.post("/v1/accounts", headers={"Idempotency-Key": f'"{key}"'})
    again = await client.post("/v1/accounts", headers={"Idempotency-Key": f'"{key}"'})
    bare = await client.post("/v1/accounts", headers={"Idempotency-Key": key})  # unquoted too

    assert first.status_code == again.status_code == bare.status_code == 201
    assert "idempotent-replayed" not in first.headers
    assert again.headers["idempotent-replayed"] == bare.headers["idempotent-replayed"] == "true"
    assert again.json() == bare.json() == first.json()
    assert again.headers["content-type"] == first.headers["content-type"]
    assert count(engine, "accounts") == 1


async def test_without_a_key_a_retry_makes_a_second_account(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    await client.post("/v1/accounts")
    await client.post("/v1/accounts")
    assert count(engine, "accounts") == 2


async def test_a_retried_preferences_write_is_replayed_not_refused_and_makes_one_receipt(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    current = await client.get("/v1/me/preferences", headers=person.headers)
    headers = {
        **person.headers,
        "If-Match": current.headers["etag"],
        "Idempotency-Key": new_key(),
    }
    body = whole(region="DE", accounts=[FACEBOOK])
    first = await client.put("/v1/me/preferences", json=body, headers=headers)
    # Without the key the retry would get 412 (the ETag moved on), and no way to know why.
    again = await client.put("/v1/me/preferences", json=body, headers=headers)

    assert first.status_code == again.status_code == 200, again.text
    assert again.json() == first.json()
    assert again.headers["etag"] == first.headers["etag"]
    assert first.json()["receipt"] is not None
    assert count(engine, "receipts") == 1


async def test_the_same_key_with_another_body_is_422_and_changes_nothing(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    current = await client.get("/v1/me/preferences", headers=person.headers)
    headers = {**person.headers, "If-Match": current.headers["etag"], "Idempotency-Key": new_key()}
    first = await client.put("/v1/me/preferences", json=whole(region="DE"), headers=headers)
    other = await client.put("/v1/me/preferences", json=whole(region="FR"), headers=headers)

    assert first.status_code == 200
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"] == "urn:ai-optout:problem:idempotency-key-reused"
    assert "Idempotency-Key" in other.json()["detail"]
    now = await client.get("/v1/me/preferences", headers=person.headers)
    assert now.json()["region"] == "DE"


async def test_a_malformed_key_is_422_naming_the_header_and_does_nothing(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    for headers in (
        {"Idempotency-Key": "short"},
        {"Idempotency-Key": "has a space in it, sixteen+"},
        [("Idempotency-Key", new_key()), ("Idempotency-Key", new_key())],
    ):
        response = await client.post("/v1/accounts", headers=headers)
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "urn:ai-optout:problem:invalid-idempotency-key"
        assert "Idempotency-Key" in response.json()["detail"]
    assert count(engine, "accounts") == 0


async def test_a_key_is_the_callers_own(
    client: httpx.AsyncClient, person: Person, other_person: Person, engine: Engine
) -> None:
    key = new_key()
    anonymous = await client.post("/v1/accounts", headers={"Idempotency-Key": key})
    # Same key, same request, another caller: a request of its own, not the first's answer.
    signed_in = await client.post(
        "/v1/accounts", headers={**person.headers, "Idempotency-Key": key}
    )
    other = await client.post(
        "/v1/accounts", headers={**other_person.headers, "Idempotency-Key": key}
    )
    assert anonymous.status_code == signed_in.status_code == other.status_code == 201
    assert "idempotent-replayed" not in signed_in.headers
    assert "idempotent-replayed" not in other.headers
    tokens = {r.json()["refresh_token"] for r in (anonymous, signed_in, other)}
    assert len(tokens) == 3
    assert count(engine, "accounts") == 2 + 3


async def test_a_refreshed_access_token_keeps_the_same_key(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    current = await client.get("/v1/me/preferences", headers=person.headers)
    key = new_key()
    body = whole(region="DE", accounts=[FACEBOOK])
    first = await client.put(
        "/v1/me/preferences",
        json=body,
        headers={**person.headers, "If-Match": current.headers["etag"], "Idempotency-Key": key},
    )
    refreshed = await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})
    token = refreshed.json()["access_token"]
    again = await client.put(
        "/v1/me/preferences",
        json=body,
        headers={
            "Authorization": f"Bearer {token}",
            "If-Match": current.headers["etag"],
            "Idempotency-Key": key,
        },
    )
    assert first.status_code == again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert count(engine, "receipts") == 1


async def test_a_stored_row_reveals_neither_the_key_nor_the_answer(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    key = new_key()
    created = await client.post("/v1/accounts", headers={"Idempotency-Key": key})
    secrets = [created.json()["refresh_token"], created.json()["access_token"], key]
    with session_scope(engine, write=False) as session:
        rows = list(session.exec(select(IdempotencyKey)))
        assert len(rows) == 1
        stored = repr(rows[0].model_dump()).encode() + (rows[0].answer or b"")
    for secret in secrets:
        assert secret.encode() not in stored
        assert secret.split(".")[-1][:24].encode() not in stored
    assert rows[0].answer is not None and rows[0].lease_until is None


async def test_while_the_first_attempt_runs_a_retry_gets_409_then_after_its_lease_runs(
    client: httpx.AsyncClient, engine: Engine, settings: Settings
) -> None:
    key = new_key()
    ticket = Ticket.of(
        scope="anonymous", key=key, request=fingerprint("POST", "/v1/accounts", b"", b"")
    )
    now = utcnow()
    lease = timedelta(seconds=settings.idempotency_lease_seconds)
    # An attempt in flight (in this process or another), as the claim leaves it.
    service.claim(engine, ticket, now=now, ttl=HOUR, lease=lease)

    busy = await client.post("/v1/accounts", headers={"Idempotency-Key": key})
    assert busy.status_code == 409
    assert busy.json()["type"] == "urn:ai-optout:problem:idempotency-key-in-flight"
    assert busy.headers["retry-after"] == "1"
    assert count(engine, "accounts") == 0

    # Its process died: once the lease has passed, a retry takes the key over and runs.
    with session_scope(engine) as session:
        row = session.get(IdempotencyKey, ticket.lookup)
        assert row is not None
        row.lease_until = now - lease
    taken = await client.post("/v1/accounts", headers={"Idempotency-Key": key})
    assert taken.status_code == 201
    assert count(engine, "accounts") == 1


def test_an_attempt_that_outlived_its_lease_cannot_record_its_answer(engine: Engine) -> None:
    ticket = Ticket.of(scope="anonymous", key=new_key(), request=b"request")
    now, lease = utcnow(), timedelta(seconds=5)
    slow = service.claim(engine, ticket, now=now - 2 * lease, ttl=HOUR, lease=lease)
    retry = service.claim(engine, ticket, now=now, ttl=HOUR, lease=lease)
    assert slow.outcome == retry.outcome == "run" and slow.owner != retry.owner
    answer = Answer(status=201, headers=[(b"content-type", b"application/json")], body=b"{}")
    with session_scope(engine) as session:
        assert not service.record(session, ticket, owner=slow.owner, answer=answer)
        assert service.record(session, ticket, owner=retry.owner, answer=answer)
    replay = service.claim(engine, ticket, now=now, ttl=HOUR, lease=lease)
    assert replay.outcome == "replay" and replay.answer == answer


async def test_keys_expire_and_are_pruned(client: httpx.AsyncClient, engine: Engine) -> None:
    key = new_key()
    ticket = Ticket.of(
        scope="anonymous", key=key, request=fingerprint("POST", "/v1/accounts", b"", b"")
    )
    long_ago = utcnow() - timedelta(days=2)
    claimed = service.claim(engine, ticket, now=long_ago, ttl=HOUR, lease=HOUR)
    answer = Answer(status=201, headers=[], body=b'{"old": true}')
    with session_scope(engine) as session:
        assert service.record(session, ticket, owner=claimed.owner, answer=answer)

    # Expired: the key is free again, and the request runs afresh.
    fresh = await client.post("/v1/accounts", headers={"Idempotency-Key": key})
    assert fresh.status_code == 201 and "old" not in fresh.json()
    assert count(engine, "accounts") == 1

    stale = Ticket.of(scope="anonymous", key=new_key(), request=b"x")
    service.claim(engine, stale, now=long_ago, ttl=HOUR, lease=HOUR)
    assert count(engine, "idempotency_keys") == 2
    assert service.prune(engine, now=utcnow()) == 1
    assert count(engine, "idempotency_keys") == 1


async def test_an_answer_not_worth_keeping_frees_the_key(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    key = new_key()
    body = whole(region="DE")
    refused = await client.put(
        "/v1/me/preferences",
        json=body,
        headers={"Authorization": "Bearer not-a-token", "If-Match": '"x"', "Idempotency-Key": key},
    )
    assert refused.status_code == 401
    assert count(engine, "idempotency_keys") == 0


def test_the_openapi_document_names_the_header_on_every_write(app: FastAPI) -> None:
    document = app.openapi()
    writes = [
        operation
        for path, operations in document["paths"].items()
        if path.startswith("/v1/")
        for method, operation in operations.items()
        if method in {"post", "put", "patch", "delete"}
    ]
    assert writes
    for operation in writes:
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert "Idempotency-Key" in names
        assert {"409", "422"} <= set(operation["responses"])


async def test_a_route_without_a_write_unit_is_replayed_without_its_rate_limit_fields(
    app: FastAPI, engine: Engine
) -> None:
    calls: list[int] = []
    inner = FastAPI()

    @inner.post("/v1/count")
    def count_call() -> JSONResponse:
        calls.append(1)
        headers = {"RateLimit": f'"door";r={10 - len(calls)};t=60', "Location": "/v1/here"}
        return JSONResponse({"calls": len(calls)}, status_code=201, headers=headers)

    layered = IdempotencyMiddleware(
        inner, engine=engine, tokens=app.state.access_tokens, ttl_seconds=60, lease_seconds=5
    )
    transport = httpx.ASGITransport(app=layered)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        headers = {"Idempotency-Key": new_key()}
        first = await http.post("/v1/count", headers=headers)
        again = await http.post("/v1/count", headers=headers)
    assert len(calls) == 1
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() == {"calls": 1}
    assert again.headers["location"] == "/v1/here"
    # The rate-limit fields describe each answer's moment: not replayed from the first.
    assert "ratelimit" in first.headers and "ratelimit" not in again.headers


async def test_an_attempt_whose_key_was_taken_over_rolls_its_write_back_and_answers_409(
    app: FastAPI, engine: Engine
) -> None:
    inner = FastAPI()

    def take_over() -> None:  # what a retry does once this attempt's lease has run out
        HANDOVER.set(None)  # a unit of its own, not this request's
        with session_scope(engine) as session:
            session.execute(update(IdempotencyKey).values(owner="a-retry"))

    @inner.post("/v1/write")
    def write() -> JSONResponse:
        contextvars.copy_context().run(take_over)
        with session_scope(engine) as session:  # the request's own write
            marker = IdempotencyKey(lookup="written", request_mac="", owner="", expires_at=utcnow())
            session.add(marker)
        return JSONResponse({"written": True}, status_code=201)

    layered = IdempotencyMiddleware(
        inner, engine=engine, tokens=app.state.access_tokens, ttl_seconds=60, lease_seconds=5
    )
    transport = httpx.ASGITransport(app=layered)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/v1/write", headers={"Idempotency-Key": new_key()})
    assert response.status_code == 409
    assert response.json()["type"] == "urn:ai-optout:problem:idempotency-key-in-flight"
    with session_scope(engine, write=False) as session:
        assert session.get(IdempotencyKey, "written") is None
        rows = list(session.exec(select(IdempotencyKey)))
    assert [(row.owner, row.answer) for row in rows] == [("a-retry", None)]


async def test_a_keyed_write_the_disk_refuses_is_503_and_its_retry_does_it_once(
    client: httpx.AsyncClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(session: Session) -> None:
        session.close()  # what a failed COMMIT leaves: nothing
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise OperationalError("COMMIT", None, full)

    key = new_key()
    with monkeypatch.context() as patched:
        patched.setattr(middleware, "finish_unit", disk_full)
        refused = await client.post("/v1/accounts", headers={"Idempotency-Key": key})
    assert refused.status_code == 503
    assert refused.json()["type"] == "urn:ai-optout:problem:storage-unavailable"
    assert "Idempotency-Key" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) >= 1
    assert count(engine, "accounts") == 0
    assert count(engine, "idempotency_keys") == 0  # let go: the retry runs afresh

    retried = await client.post("/v1/accounts", headers={"Idempotency-Key": key})
    assert retried.status_code == 201
    assert count(engine, "accounts") == 1


async def test_an_organisations_retry_is_its_own_whatever_the_spelling_of_its_key(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    org, other = make_org(engine), make_org(engine, name="Other Group")
    key, body = new_key(), {"name": "Object now"}
    first = await client.post(
        "/v1/org/campaigns", json=body, headers={**org.headers, "Idempotency-Key": key}
    )
    again = await client.post(
        "/v1/org/campaigns",
        json=body,
        headers={"Authorization": f"bearer  {org.key}", "Idempotency-Key": key},
    )
    # Another group with the same key and request: its own campaign, not the first's answer.
    theirs = await client.post(
        "/v1/org/campaigns", json=body, headers={**other.headers, "Idempotency-Key": key}
    )
    assert first.status_code == again.status_code == theirs.status_code == 201, theirs.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json()["join_code"] != first.json()["join_code"]
    assert count(engine, "campaigns") == 2
