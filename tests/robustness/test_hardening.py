"""Hardening: security headers on every answer, CORS for the extension and configured sites only,
body limits, token checks, and secrets that the database holds only as hashes."""

import base64
import json
import secrets
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import col, update

from api.accounts.models import AuthSession
from api.accounts.tokens import AccessTokens
from api.config import Settings
from api.db import session_scope
from api.main import create_app
from api.middleware import SECURITY_HEADERS
from api.sqltypes import utcnow
from tests.conftest import Person
from tests.robustness.access import OPERATOR_TOKEN, served_operations
from tests.robustness.database_text import tables_holding
from tests.support.server import live_server

REQUIRED_HEADERS = [name.decode() for name, _ in SECURITY_HEADERS]
CHROME_ORIGIN = "chrome-extension://" + "abcdefghijklmnopabcdefghijklmnop"
FIREFOX_ORIGIN = "moz-extension://3f2c6a1e-9b7d-4c1a-8e2f-1a2b3c4d5e6f"
SITE_ORIGIN = "https://campaign.example.org"


def assert_hardened(response: httpx.Response) -> None:
    missing = [name for name in REQUIRED_HEADERS if name not in response.headers]
    assert not missing, f"{response.request.method} {response.request.url}: no {missing}"


async def test_every_operation_answers_with_the_security_headers(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    for method, path in sorted(served_operations(app)):
        concrete = path.replace("{", "").replace("}", "")  # any value: the answer may be 404
        assert_hardened(await client.request(method, concrete))
    assert_hardened(await client.get("/no/such/path"))
    assert_hardened(await client.patch("/v1/me/preferences"))


async def test_an_unexpected_error_is_a_problem_with_the_security_headers(
    settings: Settings, engine: Engine
) -> None:
    app = create_app(settings, engine=engine)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/boom")

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "a bug" not in response.text
    assert_hardened(response)


@pytest.mark.parametrize("origin", [CHROME_ORIGIN, FIREFOX_ORIGIN, SITE_ORIGIN])
async def test_the_extension_and_configured_sites_may_call_from_a_browser(
    settings: Settings, engine: Engine, origin: str
) -> None:
    app = create_app(settings.model_copy(update={"cors_origins": [SITE_ORIGIN]}), engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        preflight = await client.options(
            "/v1/me/preferences",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization,if-match,content-type",
            },
        )
        simple = await client.get("/healthz", headers={"Origin": origin})

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == origin
    assert simple.headers["access-control-allow-origin"] == origin


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example.com",
        "null",
        "chrome-extension://" + "q" * 32,  # not a Chrome extension id (a–p only)
        "chrome-extension://" + "a" * 31,
        "moz-extension://not-a-uuid",
        SITE_ORIGIN,  # not configured here
        "https://campaign.example.org.evil.com",
    ],
)
async def test_any_other_origin_gets_no_cors_grant(client: httpx.AsyncClient, origin: str) -> None:
    preflight = await client.options(
        "/v1/me/preferences",
        headers={"Origin": origin, "Access-Control-Request-Method": "PUT"},
    )
    simple = await client.get("/healthz", headers={"Origin": origin})

    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in simple.headers


async def test_a_body_over_the_limit_declared_by_content_length_gets_413(
    client: httpx.AsyncClient, person: Person, settings: Settings
) -> None:
    body = b'{"region": "' + b"x" * settings.max_body_bytes + b'"}'
    response = await client.put(
        "/v1/me/preferences",
        content=body,
        headers={**person.headers, "If-Match": '"v1"', "Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 413
    assert_hardened(response)


async def test_a_chunked_body_over_the_limit_gets_413(
    client: httpx.AsyncClient, person: Person, settings: Settings
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"region": "'
        for _ in range(settings.max_body_bytes // 4096 + 2):
            yield b"x" * 4096
        yield b'"}'

    response = await client.put(
        "/v1/me/preferences",
        content=chunks(),  # no Content-Length: sent as it is generated
        headers={**person.headers, "If-Match": '"v1"', "Content-Type": "application/json"},
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def _b64(part: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


async def test_expired_forged_and_unsigned_access_tokens_get_401(
    app: FastAPI, client: httpx.AsyncClient, person: Person
) -> None:
    session_id = person.refresh_token.partition(".")[0]
    expired = AccessTokens(app.state.keyring, issuer=app.state.settings.issuer, ttl_seconds=-60)
    claims = {
        "iss": "ai-optout",
        "sub": person.account_id,
        "sid": session_id,
        "exp": int(time.time()) + 600,
    }
    unsigned = f"{_b64({'alg': 'none', 'typ': 'at+jwt'})}.{_b64(claims)}."
    header, _payload, _signature = person.access_token.split(".")
    candidates = {
        "expired": expired.issue(person.account_id, session_id),
        "unsigned": unsigned,
        "signature of another token": f"{header}.{_b64(claims)}.{_signature}",
        "refresh token as access token": person.refresh_token,
        "random": secrets.token_urlsafe(40),
    }
    for label, token in candidates.items():
        response = await client.get(
            "/v1/me/preferences", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401, label


async def test_refresh_and_access_tokens_are_not_stored_in_the_clear(
    client: httpx.AsyncClient, engine: Engine, person: Person
) -> None:
    rotated = (
        await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})
    ).json()

    for token in (person.refresh_token, rotated["refresh_token"]):
        secret = token.partition(".")[2]
        assert tables_holding(engine, secret) == []
    for token in (person.access_token, rotated["access_token"]):
        assert tables_holding(engine, token.split(".")[2]) == []


async def test_signing_out_stops_the_refresh_token_too(
    client: httpx.AsyncClient, person: Person
) -> None:
    assert (await client.post("/v1/auth/sign-out", headers=person.headers)).status_code == 204

    refresh = await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})
    again = await client.get("/v1/me/preferences", headers=person.headers)

    assert refresh.status_code == 401
    assert again.status_code == 401


@pytest.mark.slow
def test_the_real_server_refuses_an_oversized_body_whether_declared_or_chunked(
    database_url: str, tmp_path: Path
) -> None:
    limit = 64 * 1024
    env = {"AI_OPTOUT_MAX_BODY_BYTES": str(limit)}
    with (
        live_server(database_url, tmp_path / "server.log", extra_env=env) as server,
        httpx.Client(base_url=server.base_url, timeout=10) as http,
    ):
        tokens = http.post("/v1/accounts").json()
        headers = {
            "Authorization": f"Bearer {tokens['access_token']}",
            "If-Match": '"v1"',
            "Content-Type": "application/json",
        }
        body = b'{"region": "' + b"x" * limit + b'"}'

        declared = http.put("/v1/me/preferences", content=body, headers=headers)
        chunked = http.put(
            "/v1/me/preferences",
            content=(body[i : i + 8192] for i in range(0, len(body), 8192)),
            headers=headers,
        )
        after = http.get("/v1/me/preferences", headers=headers)

    for response in (declared, chunked):
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert_hardened(response)
    assert after.json()["version"] == 1  # nothing was written


async def test_an_issued_api_key_is_stored_only_as_a_hash(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    operator = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    group = await client.post("/v1/admin/organisations", headers=operator, json={"name": "G"})
    issued = await client.post(
        f"/v1/admin/organisations/{group.json()['id']}/keys",
        headers=operator,
        json={"scopes": ["stats:read"]},
    )
    key = issued.json()["key"]
    works = await client.get("/v1/org", headers={"Authorization": f"Bearer {key}"})

    assert issued.status_code == 201
    assert works.status_code == 200
    secret = key.split("_", 2)[2]  # aoo_<key id>_<secret>
    assert len(secret) >= 20
    assert tables_holding(engine, secret) == []
    assert tables_holding(engine, key) == []
    assert tables_holding(engine, OPERATOR_TOKEN) == []


async def test_an_expired_refresh_token_gets_401_and_no_new_pair(
    client: httpx.AsyncClient, engine: Engine, person: Person
) -> None:
    session_id = person.refresh_token.partition(".")[0]
    with session_scope(engine) as session:
        session.exec(
            update(AuthSession)
            .where(col(AuthSession.id) == session_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )

    response = await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})

    assert response.status_code == 401
    assert "access_token" not in response.text
