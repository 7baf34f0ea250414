"""Refreshes that tolerate honest concurrency, and sign-ins a person can see and end."""

import asyncio

import httpx
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import select

from api.accounts.models import AuthSession
from api.accounts.service import start_session
from api.db import session_scope
from tests.accounts.sign_ins import rotated_long_ago
from tests.conftest import Person, sign_up

CHROME_ON_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/v1/auth/refresh", json={"refresh_token": token})


async def test_fifty_concurrent_refreshes_of_one_token_all_get_the_same_successor(
    client: httpx.AsyncClient, person: Person
) -> None:
    answers = await asyncio.gather(*(refresh(client, person.refresh_token) for _ in range(50)))

    assert [answer.status_code for answer in answers] == [200] * 50
    successors = {answer.json()["refresh_token"] for answer in answers}
    assert len(successors) == 1
    (successor,) = successors
    assert successor != person.refresh_token
    # The family stays valid: the successor works, and so do the access tokens handed out.
    assert (await refresh(client, successor)).status_code == 200
    for answer in answers[:5]:
        headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        assert (await client.get("/v1/me/preferences", headers=headers)).status_code == 200


async def test_a_repeat_after_the_reuse_interval_revokes_the_whole_sign_in(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    successor = (await refresh(client, person.refresh_token)).json()
    rotated_long_ago(engine, person)

    repeat = await refresh(client, person.refresh_token)

    assert repeat.status_code == 401
    assert repeat.json()["type"].endswith(":refresh-token-reused")
    assert (await refresh(client, successor["refresh_token"])).status_code == 401


async def test_a_token_with_a_wrong_secret_is_invalid_and_revokes_nothing(
    client: httpx.AsyncClient, person: Person
) -> None:
    session_id = person.refresh_token.partition(".")[0]

    for forged in (f"{session_id}.x", f"{session_id}.{'A' * 43}"):
        answer = await refresh(client, forged)
        assert answer.status_code == 401
        assert answer.json()["type"].endswith(":refresh-token-invalid")

    # Knowing the sign-in's id ended nothing: the real token still works.
    assert (await refresh(client, person.refresh_token)).status_code == 200
    assert (await client.get("/v1/me/preferences", headers=person.headers)).status_code == 200


async def test_only_the_token_just_before_the_current_one_is_recognised(
    client: httpx.AsyncClient, person: Person
) -> None:
    first = (await refresh(client, person.refresh_token)).json()["refresh_token"]
    second = (await refresh(client, first)).json()["refresh_token"]

    # Two generations back is not a repeat within the interval: invalid, and nothing revoked.
    stale = await refresh(client, person.refresh_token)

    assert stale.status_code == 401
    assert stale.json()["type"].endswith(":refresh-token-invalid")
    assert (await refresh(client, second)).status_code == 200


async def test_a_person_sees_their_sign_ins_with_a_coarse_device_label(
    client: httpx.AsyncClient, person: Person
) -> None:
    await client.post(
        "/v1/auth/refresh",
        json={"refresh_token": person.refresh_token},
        headers={"User-Agent": CHROME_ON_ANDROID},
    )

    listed = await client.get("/v1/me/sessions", headers=person.headers)

    assert listed.status_code == 200
    (only,) = listed.json()
    assert only["label"] == "Chrome on Android"
    assert only["current"] is True
    assert only["last_used_at"] is not None
    assert set(only) == {"id", "label", "created_at", "last_used_at", "expires_at", "current"}


async def test_ending_one_sign_in_leaves_the_others(
    client: httpx.AsyncClient, person: Person, engine: Engine, app: FastAPI
) -> None:
    # A second sign-in of the same account, as another device would hold.
    with session_scope(engine) as session:
        other = start_session(
            session,
            person.account_id,
            tokens=app.state.access_tokens,
            ttl_seconds=3600,
            label="Phone",
        )
    other_headers = {"Authorization": f"Bearer {other.access_token}"}
    other_id = other.refresh_token.partition(".")[0]

    ended = await client.delete(f"/v1/me/sessions/{other_id}", headers=person.headers)

    assert ended.status_code == 204
    assert (await client.get("/v1/me/preferences", headers=other_headers)).status_code == 401
    assert (await refresh(client, other.refresh_token)).status_code == 401
    assert (await client.get("/v1/me/preferences", headers=person.headers)).status_code == 200
    listed = (await client.get("/v1/me/sessions", headers=person.headers)).json()
    assert [item["id"] for item in listed] == [person.refresh_token.partition(".")[0]]


async def test_someone_elses_sign_in_is_not_found(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    stranger = await sign_up(client)
    stranger_session = stranger.refresh_token.partition(".")[0]

    answer = await client.delete(f"/v1/me/sessions/{stranger_session}", headers=person.headers)

    assert answer.status_code == 404
    with session_scope(engine, write=False) as session:
        row = session.exec(select(AuthSession).where(AuthSession.id == stranger_session)).one()
    assert row.revoked_at is None
