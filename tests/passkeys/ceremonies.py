"""The passkey ceremonies as a client runs them with a software authenticator, and counts
of what they store, shared by the passkey tests."""

from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.accounts.models import AuthSession
from api.passkeys.models import Passkey, PasskeyChallenge
from tests.conftest import Person
from tests.passkeys.authenticator import SoftAuthenticator
from tests.passkeys.conftest import EXTENSION_ORIGIN, WEB_ORIGIN


async def registration_options(client: httpx.AsyncClient, person: Person) -> dict[str, Any]:
    response = await client.post("/v1/me/passkeys/registration-options", headers=person.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def add_passkey(
    client: httpx.AsyncClient,
    person: Person,
    authenticator: SoftAuthenticator,
    *,
    origin: str = EXTENSION_ORIGIN,
    label: str | None = None,
) -> httpx.Response:
    ceremony = await registration_options(client, person)
    credential = authenticator.create(ceremony["options"], origin=origin)
    body: dict[str, Any] = {"challenge_id": ceremony["challenge_id"], "credential": credential}
    if label is not None:
        body["label"] = label
    return await client.post("/v1/me/passkeys", headers=person.headers, json=body)


async def sign_in_options(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/v1/auth/passkey/options")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def sign_in(
    client: httpx.AsyncClient, authenticator: SoftAuthenticator, **get: Any
) -> httpx.Response:
    ceremony = await sign_in_options(client)
    credential = authenticator.get(ceremony["options"], origin=get.pop("origin", WEB_ORIGIN), **get)
    return await client.post(
        "/v1/auth/passkey",
        json={"challenge_id": ceremony["challenge_id"], "credential": credential},
    )


def count(engine: Engine, model: type[Passkey] | type[AuthSession] | type[PasskeyChallenge]) -> int:
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())
