"""Every 201 says where the created resource is (`Location`, RFC 9110 15.3.2), and the address
it gives is the resource's: it reads back, or removes, what was just created."""

import hashlib
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from tests.conftest import Person
from tests.organisations.factories import Org, account, make_org, write_preferences
from tests.passkeys.authenticator import SoftAuthenticator
from tests.passkeys.world import DEFAULT_ORIGIN

ADMIN_TOKEN = "operator-token-for-location-tests"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# Every operation that answers 201, as documented; each has a test below.
CREATING = {
    ("post", "/v1/accounts"),
    ("post", "/v1/me/authorisations"),
    ("post", "/v1/me/profiles/{platform}/{profile}/proof"),
    ("post", "/v1/me/passkeys"),
    ("post", "/v1/org/webhooks"),
    ("post", "/v1/admin/organisations"),
    ("post", "/v1/admin/organisations/{organisation_id}/keys"),
    ("post", "/v1/org/campaigns"),
    ("post", "/v1/me/campaigns"),
    ("post", "/v1/me/recovery-codes"),
    ("post", "/v1/me/link-codes"),
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "admin_token_hash": hashlib.sha256(ADMIN_TOKEN.encode()).hexdigest(),
            "allow_loopback_webhooks": True,  # a subscription to a closed loopback port
        }
    )


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine)


def _created(response: httpx.Response) -> str:
    assert response.status_code == 201, response.text
    location: str = response.headers["location"]
    assert location.startswith("/v1/")
    return location


def test_every_201_is_covered_here(app: FastAPI) -> None:
    documented = {
        (method, path)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if "201" in operation.get("responses", {})
    }
    assert documented == CREATING


async def test_a_new_account_is_me_the_one_to_delete(client: httpx.AsyncClient) -> None:
    created = await client.post("/v1/accounts")
    location = _created(created)
    token = created.json()["access_token"]

    assert location == "/v1/me"
    deleted = await client.delete(location, headers={"Authorization": f"Bearer {token}"})
    assert deleted.status_code == 204, deleted.text


async def test_an_authorisation_is_the_one_to_withdraw(
    client: httpx.AsyncClient, person: Person, org: Org
) -> None:
    created = await client.post(
        "/v1/me/authorisations",
        headers=person.headers,
        json={"organisation_id": org.organisation_id},
    )
    location = _created(created)

    assert location == f"/v1/me/authorisations/{org.organisation_id}"
    assert (await client.delete(location, headers=person.headers)).status_code == 204


async def test_a_proof_code_is_the_profile_s_proof(
    client: httpx.AsyncClient, person: Person
) -> None:
    await write_preferences(client, person, accounts=[account("facebook", "jane.doe")])
    path = "/v1/me/profiles/facebook/jane.doe/proof"
    location = _created(await client.post(path, headers=person.headers))

    assert location == path
    read = await client.get(location, headers=person.headers)
    assert read.status_code == 200, read.text


async def test_a_passkey_is_the_one_to_rename_or_remove(
    client: httpx.AsyncClient, person: Person
) -> None:
    ceremony = await client.post("/v1/me/passkeys/registration-options", headers=person.headers)
    assert ceremony.status_code == 200, ceremony.text
    options = ceremony.json()
    registration = {
        "challenge_id": options["challenge_id"],
        "credential": SoftAuthenticator().create(options["options"], origin=DEFAULT_ORIGIN),
    }
    created = await client.post("/v1/me/passkeys", headers=person.headers, json=registration)
    location = _created(created)

    assert location == f"/v1/me/passkeys/{created.json()['id']}"
    assert (await client.delete(location, headers=person.headers)).status_code == 204


async def test_a_webhook_endpoint_is_the_one_to_remove(client: httpx.AsyncClient, org: Org) -> None:
    created = await client.post(
        "/v1/org/webhooks",
        headers=org.headers,
        json={"url": "http://127.0.0.1:9/hook", "events": ["member.authorised"]},
    )
    location = _created(created)

    assert location == f"/v1/org/webhooks/{created.json()['id']}"
    removed = await client.delete(location, headers=org.headers)
    assert removed.status_code == 204, removed.text


async def test_an_organisation_and_its_key(client: httpx.AsyncClient) -> None:
    created = await client.post("/v1/admin/organisations", headers=ADMIN, json={"name": "Group"})
    location = _created(created)
    assert location == f"/v1/admin/organisations/{created.json()['id']}"

    issued = await client.post(
        f"{location}/keys", headers=ADMIN, json={"scopes": ["checks:read"], "name": "ci"}
    )
    key_location = _created(issued)
    assert key_location == f"/v1/admin/keys/{issued.json()['id']}"
    revoked = await client.delete(key_location, headers=ADMIN)
    assert revoked.status_code == 200, revoked.text


async def test_a_campaign_reads_back_and_a_membership_is_the_one_to_leave(
    client: httpx.AsyncClient, org: Org, person: Person
) -> None:
    created = await client.post("/v1/org/campaigns", headers=org.headers, json={"name": "Go"})
    location = _created(created)
    read = await client.get(location, headers=org.headers)
    assert read.status_code == 200, read.text
    assert read.json()["id"] == created.json()["id"]

    joined = await client.post(
        "/v1/me/campaigns", headers=person.headers, json={"code": created.json()["join_code"]}
    )
    membership = _created(joined)
    assert membership == f"/v1/me/campaigns/{created.json()['id']}"
    assert (await client.delete(membership, headers=person.headers)).status_code == 204


@pytest.mark.parametrize("accept", ["application/json", "text/plain"])
async def test_recovery_codes_are_the_set_whose_count_reads_back(
    client: httpx.AsyncClient, person: Person, accept: str
) -> None:
    created = await client.post(
        "/v1/me/recovery-codes", headers={**person.headers, "Accept": accept}
    )
    location = _created(created)

    read = await client.get(location, headers=person.headers)
    assert read.status_code == 200, read.text
    body: dict[str, Any] = read.json()
    assert body["remaining"] == 10


async def test_a_link_code_is_one_of_the_caller_s_codes(
    client: httpx.AsyncClient, person: Person
) -> None:
    created = await client.post("/v1/me/link-codes", headers=person.headers)

    assert _created(created) == "/v1/me/link-codes"
    assert created.json()["code"] not in created.headers["location"]  # never the secret
