"""What the log tells an operator when something goes wrong: each error answer's type and problem
code, each security event at WARNING under a stable `event` name, each failed webhook delivery;
and never a token, a secret or what a receiver sent."""

import hashlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.config import Settings
from api.main import create_app
from api.ops.logging import JsonFormatter, note_problem
from api.profiles.errors import ProvedByAnother
from api.webhooks.delivery import DeliveryWorker
from tests.accounts.sign_ins import rotated_long_ago
from tests.conftest import Person
from tests.organisations.factories import Org, authorise, make_org
from tests.support.server import live_server
from tests.webhooks.receiver import Receiver

ADMIN_TOKEN = "operator-token-for-the-log-tests"


class Captured(logging.Handler):
    """Every record of the service's loggers, formatted as the service writes them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    @property
    def entries(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines]

    def events(self, event: str) -> list[dict[str, Any]]:
        return [entry for entry in self.entries if entry.get("event") == event]

    def request(self, route: str, status: int) -> dict[str, Any]:
        [line] = [
            entry
            for entry in self.entries
            if entry.get("message") == "request"
            and entry.get("route") == route
            and entry.get("status") == status
        ]
        return line

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def captured() -> Iterator[Captured]:
    # On the "api" logger itself, at DEBUG: whatever logging set-up an earlier test left
    # (the service's own stops propagation above "api"), every line of ours arrives here.
    handler = Captured()
    logger = logging.getLogger("api")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "admin_token_hash": hashlib.sha256(ADMIN_TOKEN.encode()).hexdigest(),
            "allow_loopback_webhooks": True,
            "webhook_retry_base_seconds": 0.05,
            "webhook_timeout_seconds": 1.0,
            "webhook_max_attempts": 3,
        }
    )


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine)


async def test_a_replayed_refresh_token_is_a_warning_that_holds_no_token(
    client: httpx.AsyncClient, person: Person, engine: Engine, captured: Captured
) -> None:
    rotated = await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})
    assert rotated.status_code == 200
    rotated_long_ago(engine, person)

    replay = await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})

    assert replay.status_code == 401
    [event] = captured.events("refresh_token.reused")
    assert event["level"] == "warning"
    line = captured.request("/v1/auth/refresh", 401)
    assert line["problem"] == "refresh-token-reused"
    assert line["error_type"] == "api.accounts.service.RefreshTokenReused"
    secrets = [
        person.access_token,
        person.refresh_token.partition(".")[2],
        rotated.json()["access_token"],
        rotated.json()["refresh_token"].partition(".")[2],
    ]
    assert not [secret for secret in secrets if secret in captured.text]


async def test_a_wrong_api_key_and_a_wrong_operator_token_are_warnings_without_them(
    client: httpx.AsyncClient, org: Org, captured: Captured
) -> None:
    guessed_secret = "guessed-secret-0123456789"
    guessed = f"aoo_{org.key_id}_{guessed_secret}"
    wrong_operator = "not-the-operator-token-42"

    key = await client.get("/v1/org", headers={"Authorization": f"Bearer {guessed}"})
    admin = await client.post(
        "/v1/admin/organisations",
        headers={"Authorization": f"Bearer {wrong_operator}"},
        json={"name": "Not Admitted"},
    )
    valid = await client.get("/v1/org", headers=org.headers)

    assert (key.status_code, admin.status_code, valid.status_code) == (401, 401, 200)
    [rejected] = captured.events("api_key.rejected")
    assert rejected["level"] == "warning"
    assert rejected["key_id"] == org.key_id  # the public half: which key is guessed at
    [operator] = captured.events("operator_token.rejected")
    assert operator["level"] == "warning"
    assert captured.request("/v1/org", 401)["problem"] == "unauthorized"
    for secret in (guessed_secret, guessed, wrong_operator, org.key, ADMIN_TOKEN):
        assert secret not in captured.text


async def test_a_rate_limit_trip_is_one_warning_per_window_naming_only_the_limit(
    settings: Settings, engine: Engine, captured: Captured
) -> None:
    strict = create_app(
        settings.model_copy(update={"explain_per_address_per_minute": 2}), engine=engine
    )
    body = {
        "items": [
            {
                "id": "a",
                "platform": "facebook",
                "kind": "post",
                "audience": "public",
                "created_at": "2021-05-03",
                "author": "self",
            }
        ]
    }
    transport = httpx.ASGITransport(app=strict)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        statuses = [(await client.post("/v1/explain", json=body)).status_code for _ in range(4)]

    assert statuses == [200, 200, 429, 429]
    [tripped] = captured.events("rate_limit.tripped")
    assert tripped["level"] == "warning"
    assert (tripped["limit"], tripped["quota"], tripped["window_seconds"]) == ("explain", 2, 60)
    assert "testserver" not in captured.text and "127.0.0.1" not in captured.text
    refused = [e for e in captured.entries if e.get("status") == 429]
    assert [(e["problem"], e["error_type"]) for e in refused] == [
        ("rate-limited", "api.errors.RateLimited")
    ] * 2


async def test_every_error_answer_logs_its_type_and_problem_code(
    settings: Settings, engine: Engine, captured: Captured
) -> None:
    app = create_app(settings, engine=engine)

    async def broken() -> None:
        raise RuntimeError("a bug")

    async def answers_itself(request: Request) -> Response:
        return Response(status_code=409)

    async def notes_its_problem(request: Request) -> Response:
        note_problem(request.scope, "UnsupportedMediaType", "unsupported-media-type")
        return Response(status_code=415)

    async def claims_a_proved_profile() -> None:
        raise ProvedByAnother("Another account has already proved facebook profile jane.doe.")

    app.add_api_route("/broken", broken)
    app.add_api_route("/claims", claims_a_proved_profile)
    app.add_api_route("/answers-itself", answers_itself)
    app.add_api_route("/notes-its-problem", notes_its_problem)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        invalid = await client.post("/v1/explain", json={"items": [{"id": "x"}]})
        missing = await client.get("/v1/no-such-thing")
        too_large = await client.post("/v1/explain", content=b"x" * (settings.max_body_bytes + 1))
        bug = await client.get("/broken")
        fine = await client.get("/healthz")
        unnoted = await client.get("/answers-itself")
        noted = await client.get("/notes-its-problem")
        claimed = await client.get("/claims")

    answers = (invalid, missing, too_large, bug, fine, unnoted, noted, claimed)
    assert [r.status_code for r in answers] == [422, 404, 413, 500, 200, 409, 415, 409]
    fields = {
        (line["route"], line["status"]): (line.get("error_type"), line.get("problem"))
        for line in captured.entries
        if line.get("message") == "request"
    }
    assert fields[("/v1/explain", 422)] == (
        "fastapi.exceptions.RequestValidationError",
        "validation",
    )
    assert fields[("unmatched", 404)] == ("starlette.exceptions.HTTPException", "not-found")
    assert fields[("/v1/explain", 413)] == ("PayloadTooLarge", "payload-too-large")
    assert fields[("/broken", 500)] == ("RuntimeError", "internal")
    assert fields[("/healthz", 200)] == (None, None)
    assert fields[("/answers-itself", 409)] == ("none", "http-409")
    assert fields[("/notes-its-problem", 415)] == ("UnsupportedMediaType", "unsupported-media-type")
    # A profile-proof conflict is a security event too, without the profile it names.
    [conflict] = captured.events("profile_proof.conflict")
    assert conflict["level"] == "warning"
    assert fields[("/claims", 409)][1] == "profile-proved-by-another-account"
    assert "jane.doe" in claimed.text and "jane.doe" not in captured.text


async def test_a_failed_delivery_is_a_warning_with_the_status_or_no_answer(
    client: httpx.AsyncClient, app: FastAPI, org: Org, person: Person, captured: Captured
) -> None:
    failing = Receiver(status=500).start()
    silent = Receiver().start()
    silent.stop()  # nothing listens on its port any more
    endpoints = {}
    for name, receiver in (("failing", failing), ("silent", silent)):
        created = await client.post(
            "/v1/org/webhooks",
            headers=org.headers,
            json={"url": receiver.url + f"/{name}", "events": ["member.authorised"]},
        )
        assert created.status_code == 201, created.text
        endpoints[created.json()["id"]] = name
    try:
        await authorise(client, person, org)
        worker: DeliveryWorker = app.state.delivery_worker
        assert await worker.run_once() == 2
    finally:
        failing.stop()

    failures = captured.events("webhook.delivery_failed")
    assert all(failure["level"] == "warning" for failure in failures)
    answers = {endpoints[failure["endpoint_id"]]: failure["answer"] for failure in failures}
    assert answers == {"failing": "500", "silent": "no answer"}
    assert all(failure["message_id"] for failure in failures)
    assert "127.0.0.1" not in captured.text  # not the URL, nor the reason's text


def test_a_line_with_a_traceback_names_the_error_type(captured: Captured) -> None:
    found: dict[str, int] = {}
    try:
        found["missing"]
    except KeyError:
        logging.getLogger("api.ops.test").exception("a worker's batch failed")

    [entry] = captured.entries
    assert entry["error_type"] == "KeyError"
    assert entry["level"] == "error" and "Traceback" in entry["exception"]


@pytest.mark.slow
def test_a_real_server_logs_error_fields_and_security_events_as_json_lines(
    database_url: str, tmp_path: Path
) -> None:
    """The service's own logging set-up under uvicorn, one task per request: what an operator's
    log pipeline really receives."""
    log_path = tmp_path / "server.log"
    with (
        live_server(database_url, log_path) as server,
        httpx.Client(base_url=server.base_url, timeout=10) as http,
    ):
        tokens = http.post("/v1/accounts").json()
        refreshed = http.post("/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
        assert refreshed.status_code == 200
        guessed = f"aoo_{'0' * 32}_not-a-real-secret"
        refused = http.get("/v1/org", headers={"Authorization": f"Bearer {guessed}"})
        invalid = http.post("/v1/explain", json={"items": [{"id": "x"}]})
        assert (refused.status_code, invalid.status_code) == (401, 422)
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]

    requests = {(line["route"], line["status"]): line for line in lines if "route" in line}
    assert requests[("/v1/org", 401)]["problem"] == "unauthorized"
    assert requests[("/v1/explain", 422)]["problem"] == "validation"
    assert requests[("/v1/explain", 422)]["error_type"].endswith("RequestValidationError")
    assert "problem" not in requests[("/v1/auth/refresh", 200)]
    [rejected] = [line for line in lines if line.get("event") == "api_key.rejected"]
    assert rejected["level"] == "warning" and rejected["key_id"] == "0" * 32
    log = log_path.read_text()
    assert "not-a-real-secret" not in log
    assert tokens["refresh_token"].partition(".")[2] not in log


async def test_a_failing_readiness_check_is_logged_as_not_ready(
    client: httpx.AsyncClient, engine: Engine, captured: Captured
) -> None:
    with engine.begin() as connection:
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    try:
        not_ready = await client.get("/readyz")
    finally:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": current})

    assert not_ready.status_code == 503
    line = captured.request("/readyz", 503)
    assert (line["error_type"], line["problem"]) == ("NotReady", "not-ready")
