"""Anonymous accounts and their tokens."""

import httpx
from sqlalchemy.engine import Engine

from tests.accounts.sign_ins import rotated_long_ago
from tests.conftest import Person


async def test_creating_an_account_needs_nothing_and_returns_a_token_pair(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/v1/accounts")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"account_id", "access_token", "refresh_token", "token_type", "expires_in"}
    assert body["token_type"] == "Bearer"
    assert response.headers["cache-control"] == "no-store"


async def test_the_access_token_opens_the_persons_own_preferences(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await client.get("/v1/me/preferences", headers=person.headers)

    assert response.status_code == 200


async def test_refresh_rotates_and_a_replayed_refresh_token_revokes_the_sign_in(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    first = await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refresh_token"] != person.refresh_token
    rotated_long_ago(engine, person)  # past the reuse interval: a repeat is a copy

    replay = await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})
    assert replay.status_code == 401
    assert replay.json()["type"].endswith(":refresh-token-reused")

    # The family is revoked: the rotated token and its access token stop working too.
    again = await client.post("/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert again.status_code == 401
    headers = {"Authorization": f"Bearer {rotated['access_token']}"}
    assert (await client.get("/v1/me/preferences", headers=headers)).status_code == 401


async def test_missing_and_forged_tokens_get_401_problems(
    client: httpx.AsyncClient, person: Person
) -> None:
    missing = await client.get("/v1/me/preferences")
    forged = await client.get(
        "/v1/me/preferences", headers={"Authorization": f"Bearer {person.access_token}x"}
    )

    for response in (missing, forged):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"].startswith("Bearer")


async def test_deleting_the_account_makes_its_data_unreadable(
    client: httpx.AsyncClient, person: Person
) -> None:
    assert (await client.delete("/v1/me", headers=person.headers)).status_code == 204

    for path in ("/v1/me/preferences", "/v1/me/history", "/v1/me/export"):
        assert (await client.get(path, headers=person.headers)).status_code == 401
    refresh = await client.post("/v1/auth/refresh", json={"refresh_token": person.refresh_token})
    assert refresh.status_code == 401
