"""Passkey pieces of the access-control matrix's world (tests/robustness/access.py): the owner's
passkey, a registration ready to send, and one sign-in answer per actor."""

from typing import Any

import httpx

from tests.conftest import Person
from tests.passkeys.authenticator import SoftAuthenticator

# The service's defaults: the RP ID and the origin of a service run on this machine.
DEFAULT_ORIGIN = "http://localhost:8000"


async def passkey_ids(client: httpx.AsyncClient, owner: Person, actors: int) -> dict[str, Any]:
    authenticator = SoftAuthenticator()
    registration = await _registration(client, owner, authenticator)
    added = await client.post("/v1/me/passkeys", headers=owner.headers, json=registration)
    assert added.status_code == 201, added.text
    sign_ins = []
    for _ in range(actors):  # in the order the actors call, so the counter only goes up
        options = (await client.post("/v1/auth/passkey/options")).json()
        credential = authenticator.get(options["options"], origin=DEFAULT_ORIGIN)
        sign_ins.append({"challenge_id": options["challenge_id"], "credential": credential})
    return {
        "passkey_id": added.json()["id"],
        "passkey_registration": await _registration(client, owner, SoftAuthenticator()),
        "passkey_sign_ins": sign_ins,
    }


async def _registration(
    client: httpx.AsyncClient, owner: Person, authenticator: SoftAuthenticator
) -> dict[str, Any]:
    response = await client.post("/v1/me/passkeys/registration-options", headers=owner.headers)
    assert response.status_code == 200, response.text
    ceremony = response.json()
    credential = authenticator.create(ceremony["options"], origin=DEFAULT_ORIGIN)
    return {"challenge_id": ceremony["challenge_id"], "credential": credential}
