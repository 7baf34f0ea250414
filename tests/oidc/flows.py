"""Steps of a sign-in with the mock provider, and checks on what they answer, shared by the
OpenID Connect tests."""

import secrets
from typing import Any

import httpx
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from api.db import session_scope
from tests.conftest import Person
from tests.oidc.provider import REDIRECT_URI, authorise


def new_subject() -> str:
    return "person-" + secrets.token_hex(6)


async def start(
    client: httpx.AsyncClient, purpose: str, person: Person | None = None, provider: str = "mock"
) -> httpx.Response:
    return await client.post(
        f"/v1/auth/oidc/{provider}/start",
        json={"purpose": purpose, "redirect_uri": REDIRECT_URI},
        headers=person.headers if person else {},
    )


async def ceremony(
    client: httpx.AsyncClient,
    purpose: str,
    subject: str,
    person: Person | None = None,
    provider: str = "mock",
) -> httpx.Response:
    """Start, sign in at the provider as `subject`, and finish."""
    started = await start(client, purpose, person, provider)
    assert started.status_code == 200, started.text
    code, state = authorise(started.json()["authorization_url"], subject=subject)
    assert state == started.json()["state"]
    return await finish(client, code, state, person, provider)


async def finish(
    client: httpx.AsyncClient,
    code: str,
    state: str,
    person: Person | None = None,
    provider: str = "mock",
) -> httpx.Response:
    return await client.post(
        f"/v1/auth/oidc/{provider}/finish",
        json={"code": code, "state": state},
        headers=person.headers if person else {},
    )


def count(engine: Engine, table: Any) -> int:
    with session_scope(engine, write=False) as session:
        return int(session.exec(select(func.count()).select_from(table)).one())
