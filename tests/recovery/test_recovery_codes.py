"""Recovery codes: ten one-time ways back into a record, shown once, stored only as hashes."""

import asyncio
import re

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.config import Settings
from api.main import create_app
from tests.conftest import Person
from tests.recovery.support import (
    comparable,
    history_types,
    hold_limiter_clock,
    recovery_codes,
)

pytestmark = pytest.mark.usefixtures("still_limiters")
CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


async def test_a_person_gets_ten_distinct_codes_shown_once(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await client.post("/v1/me/recovery-codes", headers=person.headers)

    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"
    codes = response.json()["codes"]
    assert len(set(codes)) == 10
    assert all(CODE.fullmatch(code) for code in codes)
    status = await client.get("/v1/me/recovery-codes", headers=person.headers)
    assert status.json() == {
        "remaining": 10,
        "total": 10,
        "created_at": response.json()["created_at"],
    }
    assert not any(code in status.text for code in codes)


async def test_before_any_set_is_made_none_are_left(
    client: httpx.AsyncClient, person: Person
) -> None:
    status = await client.get("/v1/me/recovery-codes", headers=person.headers)

    assert status.json() == {"remaining": 0, "total": 0, "created_at": None}


async def test_a_code_signs_in_once_typed_any_way_and_asks_for_a_passkey_next(
    client: httpx.AsyncClient, person: Person
) -> None:
    code = (await recovery_codes(client, person))[3]

    typed = code.replace("-", " ").lower()
    response = await client.post("/v1/auth/recovery", json={"code": typed})

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["account_id"] == person.account_id
    assert body["next"] == "add_passkey"
    assert {"access_token", "refresh_token", "token_type", "expires_in"} <= set(body)
    assert response.headers["cache-control"] == "no-store"
    signed_in = {"Authorization": f"Bearer {body['access_token']}"}
    assert (await client.get("/v1/me/preferences", headers=signed_in)).status_code == 200
    refreshed = await client.post("/v1/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert refreshed.status_code == 200
    status = await client.get("/v1/me/recovery-codes", headers=person.headers)
    assert status.json()["remaining"] == 9
    again = await client.post("/v1/auth/recovery", json={"code": code})
    assert again.status_code == 401
    assert again.json()["type"] == "urn:ai-optout:problem:recovery-code-invalid"


async def test_a_spent_code_and_an_unknown_one_get_exactly_the_same_answer(
    client: httpx.AsyncClient, person: Person
) -> None:
    code = (await recovery_codes(client, person))[0]
    assert (await client.post("/v1/auth/recovery", json={"code": code})).status_code == 200

    spent = await client.post("/v1/auth/recovery", json={"code": code})
    unknown = await client.post("/v1/auth/recovery", json={"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
    garbled = await client.post("/v1/auth/recovery", json={"code": "not a code at all \u0000"})

    assert comparable(spent) == comparable(unknown) == comparable(garbled)
    assert spent.status_code == 401
    assert spent.headers["content-type"] == "application/problem+json"
    assert person.account_id not in spent.text


async def test_a_code_of_a_deleted_account_is_as_unknown_as_any(
    client: httpx.AsyncClient, person: Person
) -> None:
    code = (await recovery_codes(client, person))[0]
    assert (await client.delete("/v1/me", headers=person.headers)).status_code == 204

    response = await client.post("/v1/auth/recovery", json={"code": code})
    unknown = await client.post("/v1/auth/recovery", json={"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})

    assert comparable(response) == comparable(unknown)


async def test_a_new_set_replaces_the_old_one(client: httpx.AsyncClient, person: Person) -> None:
    old = await recovery_codes(client, person)
    assert (await client.post("/v1/auth/recovery", json={"code": old[0]})).status_code == 200

    new = await recovery_codes(client, person)

    assert not set(old) & set(new)
    assert (await client.post("/v1/auth/recovery", json={"code": old[1]})).status_code == 401
    status = await client.get("/v1/me/recovery-codes", headers=person.headers)
    assert status.json()["remaining"] == 10
    assert (await client.post("/v1/auth/recovery", json={"code": new[9]})).status_code == 200


async def test_the_codes_come_as_a_printable_page_on_request(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await client.post(
        "/v1/me/recovery-codes", headers={**person.headers, "Accept": "text/plain"}
    )

    assert response.status_code == 201
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["cache-control"] == "no-store"
    codes = re.findall(r"^\s*\d+\.\s+(\S+)$", response.text, flags=re.MULTILINE)
    assert len(codes) == 10 and all(CODE.fullmatch(code) for code in codes)
    recovered = await client.post("/v1/auth/recovery", json={"code": codes[5]})
    assert recovered.status_code == 200


async def test_wrong_codes_from_one_address_hit_the_limit_and_then_even_a_right_one_waits(
    client: httpx.AsyncClient, person: Person
) -> None:
    code = (await recovery_codes(client, person))[0]

    answers = [
        (await client.post("/v1/auth/recovery", json={"code": f"AAAA-AAAA-AAAA-AA{n:02d}"}))
        for n in range(10)
    ]
    limited = await client.post("/v1/auth/recovery", json={"code": code})

    assert [answer.status_code for answer in answers] == [401] * 10
    assert limited.status_code == 429
    assert limited.json()["type"] == "urn:ai-optout:problem:too-many-code-attempts"
    assert limited.headers["retry-after"] == "40"  # the window's end, 20 s into it
    status = await client.get("/v1/me/recovery-codes", headers=person.headers)
    assert status.json()["remaining"] == 10  # the refused attempt spent nothing


async def test_guesses_spread_over_many_addresses_hit_the_overall_limit(
    settings: Settings, engine: Engine
) -> None:
    limited = settings.model_copy(
        update={"code_attempts_per_address_per_minute": 100, "code_attempts_per_minute": 5}
    )
    app = hold_limiter_clock(create_app(limited, engine=engine), limited)

    statuses = []
    for n in range(7):
        transport = httpx.ASGITransport(app=app, client=(f"192.0.2.{n}", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as guesser:
            answer = await guesser.post("/v1/auth/recovery", json={"code": "ABCD-ABCD-ABCD-ABCD"})
            statuses.append(answer.status_code)

    assert statuses == [401] * 5 + [429] * 2


async def test_two_devices_racing_with_one_code_get_one_sign_in(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    code = (await recovery_codes(client, person))[0]

    answers = await asyncio.gather(
        *(client.post("/v1/auth/recovery", json={"code": code}) for _ in range(4))
    )

    assert sorted(answer.status_code for answer in answers) == [200, 401, 401, 401]
    with engine.connect() as connection:
        sign_ins = connection.execute(
            text("SELECT count(*) FROM auth_sessions WHERE account_id = :id"),
            {"id": person.account_id},
        ).scalar_one()
    assert sign_ins == 2  # the first device's and the recovered one


async def test_sets_made_at_the_same_time_leave_exactly_one_set(
    client: httpx.AsyncClient, person: Person
) -> None:
    answers = await asyncio.gather(
        *(client.post("/v1/me/recovery-codes", headers=person.headers) for _ in range(4))
    )

    assert [answer.status_code for answer in answers] == [201] * 4
    status = await client.get("/v1/me/recovery-codes", headers=person.headers)
    assert status.json()["total"] == 10
    working = [
        (await client.post("/v1/auth/recovery", json={"code": answer.json()["codes"][0]}))
        for answer in answers
    ]
    assert sorted(answer.status_code for answer in working) == [200, 401, 401, 401]


async def test_issuing_and_using_codes_is_in_the_history_and_no_code_is_in_the_export(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    codes = await recovery_codes(client, person)
    assert (await client.post("/v1/auth/recovery", json={"code": codes[0]})).status_code == 200

    types = await history_types(client, person)
    export = await client.get("/v1/me/export", headers=person.headers)

    assert types[:2] == ["recovery_code.used", "recovery_codes.issued"]
    assert export.status_code == 200
    with engine.connect() as connection:
        hashes = list(connection.execute(text("SELECT code_hash FROM recovery_codes")).scalars())
    for secret in [*codes, *(code.replace("-", "") for code in codes), *hashes]:
        assert secret not in export.text


async def test_a_failed_attempt_leaves_the_account_exactly_as_it_was(
    client: httpx.AsyncClient, person: Person, app: FastAPI
) -> None:
    await recovery_codes(client, person)
    before = (await client.get("/v1/me/export", headers=person.headers)).json()

    refused = await client.post("/v1/auth/recovery", json={"code": "ABCD-ABCD-ABCD-ABCD"})

    assert refused.status_code == 401
    after = (await client.get("/v1/me/export", headers=person.headers)).json()
    assert after == before


async def test_codes_are_a_signed_in_persons_own(client: httpx.AsyncClient) -> None:
    assert (await client.post("/v1/me/recovery-codes")).status_code == 401
    assert (await client.get("/v1/me/recovery-codes")).status_code == 401
