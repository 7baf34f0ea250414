"""Organisations and their API keys: who gets in, with which scopes, and what a key records."""

import hashlib
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import col, update

from api.config import Settings
from api.db import session_scope
from api.organisations import service
from api.organisations.models import ApiKey
from api.sqltypes import utcnow
from tests.conftest import Person
from tests.organisations.factories import Org, issue_key, make_org

ADMIN_TOKEN = "operator-token-for-tests"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    digest = hashlib.sha256(ADMIN_TOKEN.encode()).hexdigest()
    return settings.model_copy(update={"admin_token_hash": digest})


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine)


def _is_problem(response: httpx.Response, status: int) -> bool:
    return (
        response.status_code == status
        and response.headers["content-type"] == "application/problem+json"
        and response.json()["status"] == status
    )


async def test_a_live_key_sees_its_organisation_and_scopes_but_no_secret(
    client: httpx.AsyncClient, org: Org
) -> None:
    response = await client.get("/v1/org", headers=org.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["organisation"]["id"] == org.organisation_id
    assert body["key"]["id"] == org.key_id
    assert "checks:read" in body["key"]["scopes"]
    assert org.key.split("_", 2)[2] not in response.text
    assert "secret_hash" not in response.text


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer aoo_nonsense",
        "Bearer aoo_" + "0" * 32 + "_" + "x" * 43,
    ],
    ids=["missing", "empty", "basic", "malformed", "unknown"],
)
async def test_missing_malformed_and_unknown_keys_get_401_problems(
    client: httpx.AsyncClient, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}

    response = await client.get("/v1/org", headers=headers)

    assert _is_problem(response, 401)


async def test_a_key_with_the_wrong_secret_gets_401(client: httpx.AsyncClient, org: Org) -> None:
    forged = org.key[:-4] + ("aaaa" if not org.key.endswith("aaaa") else "bbbb")

    response = await client.get("/v1/org", headers={"Authorization": f"Bearer {forged}"})

    assert _is_problem(response, 401)


async def test_only_the_hash_of_a_key_is_stored(engine: Engine, org: Org) -> None:
    with session_scope(engine, write=False) as session:
        row = session.get(ApiKey, org.key_id)
    assert row is not None
    secret = org.key.split("_", 2)[2]
    assert secret not in (row.secret_hash, row.scopes, row.name)
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()


async def test_a_revoked_key_gets_401_from_then_on(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    assert (await client.get("/v1/org", headers=org.headers)).status_code == 200
    with session_scope(engine) as session:
        service.revoke_key(session, key_id=org.key_id)

    response = await client.get("/v1/org", headers=org.headers)

    assert _is_problem(response, 401)
    assert "revoked" in response.json()["detail"]


async def test_a_key_without_the_scope_gets_403_naming_it(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    checks_only = issue_key(engine, org, "checks:read")

    response = await client.get("/v1/org/stats", headers=checks_only.headers)

    assert _is_problem(response, 403)
    assert response.json()["type"].endswith(":missing-scope")
    assert "stats:read" in response.json()["detail"]


async def test_a_persons_token_is_not_an_organisation_key_and_vice_versa(
    client: httpx.AsyncClient, person: Person, org: Org
) -> None:
    as_org = await client.get("/v1/org/members", headers=person.headers)
    as_person = await client.get("/v1/me/preferences", headers=org.headers)

    assert _is_problem(as_org, 401)
    assert _is_problem(as_person, 401)


async def test_last_use_is_recorded_at_most_once_a_minute(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    def last_used() -> object:
        with session_scope(engine, write=False) as session:
            row = session.get(ApiKey, org.key_id)
            assert row is not None
            return row.last_used_at

    assert last_used() is None
    await client.get("/v1/org", headers=org.headers)
    first = last_used()
    await client.get("/v1/org", headers=org.headers)
    assert first is not None and last_used() == first

    earlier = utcnow() - timedelta(minutes=2)
    with session_scope(engine) as session:
        session.exec(
            update(ApiKey).where(col(ApiKey.id) == org.key_id).values(last_used_at=earlier)
        )
    await client.get("/v1/org", headers=org.headers)
    assert last_used() != earlier


async def test_the_admin_api_needs_the_operators_token(client: httpx.AsyncClient) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = await client.post("/v1/admin/organisations", headers=headers, json={"name": "X"})
        assert _is_problem(response, 401)


async def test_the_operator_admits_an_organisation_issues_and_revokes_a_key(
    client: httpx.AsyncClient,
) -> None:
    operator = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    created = await client.post(
        "/v1/admin/organisations", headers=operator, json={"name": " Data Guild "}
    )
    assert created.status_code == 201
    organisation_id = created.json()["id"]
    assert created.json()["name"] == "Data Guild"

    issued = await client.post(
        f"/v1/admin/organisations/{organisation_id}/keys",
        headers=operator,
        json={"scopes": ["checks:read"], "name": "crawler"},
    )
    assert issued.status_code == 201
    key = issued.json()["key"]
    assert key.startswith("aoo_" + issued.json()["id"] + "_")
    headers = {"Authorization": f"Bearer {key}"}
    assert (await client.get("/v1/org", headers=headers)).status_code == 200

    revoked = await client.delete(f"/v1/admin/keys/{issued.json()['id']}", headers=operator)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert "key" not in revoked.json()
    assert (await client.get("/v1/org", headers=headers)).status_code == 401


async def test_keys_for_an_unknown_organisation_or_scope_are_refused(
    client: httpx.AsyncClient, org: Org
) -> None:
    operator = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    unknown_org = await client.post(
        "/v1/admin/organisations/" + "0" * 32 + "/keys",
        headers=operator,
        json={"scopes": ["stats:read"]},
    )
    unknown_scope = await client.post(
        f"/v1/admin/organisations/{org.organisation_id}/keys",
        headers=operator,
        json={"scopes": ["stats:write"]},
    )

    assert _is_problem(unknown_org, 404)
    assert _is_problem(unknown_scope, 422)
    assert unknown_scope.json()["errors"][0]["field"].startswith("scopes")


async def test_the_openapi_document_states_the_key_scheme(app: FastAPI) -> None:
    document = app.openapi()

    assert "OrgKey" in document["components"]["securitySchemes"]
    assert document["paths"]["/v1/checks"]["post"]["requestBody"]["required"] is True
