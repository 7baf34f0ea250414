"""Webhooks cannot be turned inward (issue 14, point 3), shown on the real service process: no
disguised internal URL is accepted at subscription, none stored earlier is reached at delivery,
and a name that rebinds to an internal address between check and connection reaches only the
address that was checked. Only loopback is connected to; canaries count what an attack reached.
"""

import os
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from api.db import session_scope
from api.sqltypes import utcnow
from api.webhooks.models import WebhookEndpoint
from api.webhooks.outbox import enqueue
from api.webhooks.signing import new_endpoint_secret
from tests.organisations.factories import make_org
from tests.robustness.outbound_attacks import (
    REBINDING_NAME,
    Canary,
    Receiver,
    delivery_allows,
    disguised_urls,
    port_scan_outcomes,
    rebinding_attack,
    subscription_accepts,
)
from tests.support.server import live_server

# Loaded by the service process at start-up (Python's `sitecustomize` hook): a resolver
# stand-in in place of the system's (the event loop may be uvloop, which resolves in C, out of
# reach of a patched `socket.getaddrinfo`). It answers REBINDING_NAME with the receiver's address
# once, then with the internal canary's: a rebinding DNS server with a zero TTL.
REBINDING_RESOLVER = f"""
import api.outbound.fetcher as fetcher

_real = fetcher.system_resolver
_answers = []


async def rebinding(host, port):
    if host != {REBINDING_NAME!r}:
        return await _real(host, port)
    _answers.append("127.0.0.2" if not _answers else "127.0.0.1")
    return [_answers[-1]]


fetcher.system_resolver = rebinding
"""


def _attempts(http: httpx.Client, headers: dict[str, str], endpoint_id: str) -> list[Any]:
    log = http.get(f"/v1/org/webhooks/{endpoint_id}/deliveries", headers=headers)
    assert log.status_code == 200, log.text
    return [attempt for message in log.json()["messages"] for attempt in message["attempts"]]


@pytest.mark.slow
def test_no_disguised_internal_url_is_subscribed_or_reached(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    canary = Canary("127.0.0.1", 0)
    org = make_org(engine)
    urls = disguised_urls(canary.port)
    # Rows a group might have stored before the check was tightened: delivery checks again.
    with session_scope(engine) as session:
        stored = []
        for url in urls:
            endpoint = WebhookEndpoint(
                organisation_id=org.organisation_id,
                url=url,
                events="member.authorised",
                secret=new_endpoint_secret(),
            )
            session.add(endpoint)
            stored.append(endpoint.id)
        session.flush()
        enqueue(
            session.connection(),
            organisation_id=org.organisation_id,
            type="member.authorised",
            data={"attack": "disguised"},
            at=utcnow(),
        )
    env = {"AI_OPTOUT_WEBHOOK_TIMEOUT_SECONDS": "0.5"}
    try:
        with (
            live_server(database_url, tmp_path / "server.log", extra_env=env) as server,
            httpx.Client(base_url=server.base_url, timeout=10) as http,
        ):
            answers = {
                url: http.post(
                    "/v1/org/webhooks",
                    headers=org.headers,
                    json={"url": url, "events": ["member.authorised"]},
                )
                for url in urls
            }
            deadline = time.monotonic() + 30
            attempts: dict[str, list[Any]] = {endpoint_id: [] for endpoint_id in stored}
            while not all(attempts.values()) and time.monotonic() < deadline:
                time.sleep(0.5)
                attempts = {
                    endpoint_id: _attempts(http, org.headers, endpoint_id) for endpoint_id in stored
                }
    finally:
        canary.close()

    accepted = [url for url, answer in answers.items() if answer.status_code != 422]
    assert accepted == []
    for answer in answers.values():
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["type"].endswith(":invalid-webhook-url")
    outcomes = {
        (attempt["status_code"], attempt["error"])
        for endpoint_attempts in attempts.values()
        for attempt in endpoint_attempts
    }
    assert all(attempts.values()), "every stored endpoint had its delivery attempted"
    assert outcomes == {(None, "no answer")}
    assert canary.hits == 0


@pytest.mark.slow
def test_a_rebinding_name_reaches_only_the_address_that_was_checked(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    receiver = Receiver("127.0.0.2")  # the public address the name first resolves to
    canary = Canary("127.0.0.1", receiver.port)  # the internal one it rebinds to
    shim = tmp_path / "resolver"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(REBINDING_RESOLVER)
    env = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(shim), os.environ.get("PYTHONPATH")])),
        "AI_OPTOUT_ALLOW_LOOPBACK_WEBHOOKS": "true",  # plain http to a loopback stand-in
        "AI_OPTOUT_WEBHOOK_TIMEOUT_SECONDS": "2",
    }
    org = make_org(engine)
    try:
        with (
            live_server(database_url, tmp_path / "server.log", extra_env=env) as server,
            httpx.Client(base_url=server.base_url, timeout=10) as http,
        ):
            created = http.post(
                "/v1/org/webhooks",
                headers=org.headers,
                json={
                    "url": f"http://{REBINDING_NAME}:{receiver.port}/hook",
                    "events": ["member.authorised"],
                },
            )
            assert created.status_code == 201, created.text
            person = http.post("/v1/accounts").json()
            granted = http.post(
                "/v1/me/authorisations",
                headers={"Authorization": f"Bearer {person['access_token']}"},
                json={"organisation_id": org.organisation_id},
            )
            assert granted.status_code in {200, 201}, granted.text
            deadline = time.monotonic() + 20
            attempts: list[Any] = []
            while not attempts and time.monotonic() < deadline:
                time.sleep(0.3)
                attempts = _attempts(http, org.headers, created.json()["id"])
    finally:
        canary.close()
        receiver.close()

    assert [attempt["status_code"] for attempt in attempts] == [204]
    assert len(receiver.arrivals) == 1
    headers = {name.lower(): value for name, value in receiver.arrivals[0].items()}
    assert headers["host"] == f"{REBINDING_NAME}:{receiver.port}"  # the name, at the address
    assert canary.hits == 0


def test_the_measured_attacks_now_fail() -> None:
    """The figures of `python tests/robustness/outbound_attacks.py` (before issue 14: 25 and 12
    of 51 disguised URLs through, the rebinding canary reached once, 4 distinguishable outcomes
    in the delivery log) as this version gives them, with the system resolver patched."""
    urls = disguised_urls()

    assert [url for url in urls if subscription_accepts(url)] == []
    assert [url for url in urls if delivery_allows(url)] == []
    hits, arrivals, answers = rebinding_attack()
    assert (hits, arrivals, answers) == (0, 1, ["127.0.0.2"])
    assert set(port_scan_outcomes(timeout_seconds=0.5).values()) == {(None, "no answer", 10)}
