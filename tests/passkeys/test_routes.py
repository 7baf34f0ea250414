"""Passkeys over HTTP, with a software authenticator: adding one, signing in with it on another
device, and every way a ceremony can be refused without changing anything."""

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from api.accounts.models import AuthSession
from api.config import Settings
from api.passkeys.models import Passkey, PasskeyChallenge
from api.sqltypes import utcnow
from tests.conftest import Person
from tests.passkeys.authenticator import SoftAuthenticator, b64
from tests.passkeys.ceremonies import (
    add_passkey,
    count,
    registration_options,
    sign_in,
    sign_in_options,
)
from tests.passkeys.conftest import RP_ID, WEB_ORIGIN
from tests.support.problems import assert_problem


async def test_registration_options_ask_for_a_discoverable_passkey_under_a_neutral_name(
    client: httpx.AsyncClient, person: Person
) -> None:
    ceremony = await registration_options(client, person)

    options = ceremony["options"]
    assert len(ceremony["challenge_id"]) == 32
    assert options["rp"] == {"id": RP_ID, "name": "AI Opt-Out"}
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "preferred"
    assert options["user"]["name"] == options["user"]["displayName"] == "AI Opt-Out account"
    assert person.account_id not in options["user"]["id"]
    assert person.account_id.encode() != options["user"]["id"]
    assert options["excludeCredentials"] == []


async def test_a_person_adds_a_passkey_and_signs_in_with_it_on_another_device(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    authenticator = SoftAuthenticator()

    added = await add_passkey(client, person, authenticator, label="Laptop")
    assert added.status_code == 201, added.text
    passkey = added.json()
    assert passkey["label"] == "Laptop" and passkey["last_used_at"] is None
    assert set(passkey) == {"id", "label", "created_at", "last_used_at"}

    signed_in = await sign_in(client, authenticator)  # from the service's web page
    assert signed_in.status_code == 200, signed_in.text
    tokens = signed_in.json()
    assert tokens["account_id"] == person.account_id
    assert signed_in.headers["cache-control"] == "no-store"
    new_device = {"Authorization": f"Bearer {tokens['access_token']}"}
    listed = await client.get("/v1/me/passkeys", headers=new_device)
    assert [p["id"] for p in listed.json()["passkeys"]] == [passkey["id"]]
    assert listed.json()["passkeys"][0]["last_used_at"] is not None
    # A sign-in of its own, refreshable; the first device's sign-in stays.
    refreshed = await client.post(
        "/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 200, refreshed.text
    assert (await client.get("/v1/me/passkeys", headers=person.headers)).status_code == 200
    with Session(engine) as session:
        stored = session.execute(select(Passkey)).scalar_one()
    assert stored.sign_count == 1


async def test_the_next_passkey_shares_the_user_handle_and_excludes_the_first(
    client: httpx.AsyncClient, person: Person
) -> None:
    first = SoftAuthenticator()
    assert (await add_passkey(client, person, first)).status_code == 201

    ceremony = await registration_options(client, person)

    assert ceremony["options"]["user"]["id"] == b64(first.user_handle or b"")
    assert [c["id"] for c in ceremony["options"]["excludeCredentials"]] == [first.id]
    second = await add_passkey(client, person, SoftAuthenticator())
    assert second.json()["label"] == "Passkey 2"


async def test_a_replayed_registration_is_refused_and_stores_nothing_more(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    ceremony = await registration_options(client, person)
    body = {
        "challenge_id": ceremony["challenge_id"],
        "credential": SoftAuthenticator().create(ceremony["options"], origin=WEB_ORIGIN),
    }
    assert (
        await client.post("/v1/me/passkeys", headers=person.headers, json=body)
    ).status_code == 201

    again = await client.post("/v1/me/passkeys", headers=person.headers, json=body)

    assert_problem(again, 400, "challenge-unknown")
    assert count(engine, Passkey) == 1


async def test_a_replayed_sign_in_is_refused_and_starts_no_sign_in(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    authenticator = SoftAuthenticator()
    await add_passkey(client, person, authenticator)
    ceremony = await sign_in_options(client)
    body = {
        "challenge_id": ceremony["challenge_id"],
        "credential": authenticator.get(ceremony["options"], origin=WEB_ORIGIN),
    }
    assert (await client.post("/v1/auth/passkey", json=body)).status_code == 200
    sessions = count(engine, AuthSession)

    again = await client.post("/v1/auth/passkey", json=body)

    assert_problem(again, 400, "challenge-unknown")
    assert count(engine, AuthSession) == sessions


async def test_an_expired_challenge_is_refused_and_pruned(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    authenticator = SoftAuthenticator()
    await add_passkey(client, person, authenticator)
    ceremony = await sign_in_options(client)
    with Session(engine) as session, session.begin():
        session.execute(update(PasskeyChallenge).values(expires_at=utcnow() - timedelta(seconds=1)))

    answer = authenticator.get(ceremony["options"], origin=WEB_ORIGIN)
    late = await client.post(
        "/v1/auth/passkey", json={"challenge_id": ceremony["challenge_id"], "credential": answer}
    )

    assert_problem(late, 400, "challenge-expired")
    assert count(engine, PasskeyChallenge) == 0
    again = await client.post(
        "/v1/auth/passkey", json={"challenge_id": ceremony["challenge_id"], "credential": answer}
    )
    assert_problem(again, 400, "challenge-unknown")


@pytest.mark.parametrize(
    "where",
    [{"origin": "https://evil.example"}, {"rp_id": "evil.example"}],
    ids=["origin", "rp-id"],
)
async def test_a_registration_for_another_origin_or_rp_id_is_refused(
    client: httpx.AsyncClient, person: Person, engine: Engine, where: dict[str, str]
) -> None:
    ceremony = await registration_options(client, person)
    credential = SoftAuthenticator().create(
        ceremony["options"], origin=where.get("origin", WEB_ORIGIN), rp_id=where.get("rp_id")
    )

    refused = await client.post(
        "/v1/me/passkeys",
        headers=person.headers,
        json={"challenge_id": ceremony["challenge_id"], "credential": credential},
    )

    assert_problem(refused, 400, "passkey-invalid")
    assert count(engine, Passkey) == 0
    assert count(engine, PasskeyChallenge) == 0  # the challenge was used up all the same


@pytest.mark.parametrize(
    "where",
    [{"origin": "https://evil.example"}, {"rp_id": "evil.example"}],
    ids=["origin", "rp-id"],
)
async def test_a_sign_in_from_another_origin_or_rp_id_is_refused(
    client: httpx.AsyncClient, person: Person, engine: Engine, where: dict[str, str]
) -> None:
    authenticator = SoftAuthenticator()
    await add_passkey(client, person, authenticator)
    sessions = count(engine, AuthSession)

    refused = await sign_in(client, authenticator, **where)

    assert_problem(refused, 400, "passkey-invalid")
    assert count(engine, AuthSession) == sessions
    with Session(engine) as session:
        assert session.execute(select(col(Passkey.sign_count))).scalar_one() == 0


async def test_a_forged_signature_or_an_unknown_passkey_is_refused(
    client: httpx.AsyncClient, person: Person
) -> None:
    authenticator = SoftAuthenticator()
    await add_passkey(client, person, authenticator)
    impostor = SoftAuthenticator(credential_id=authenticator.credential_id)  # another key

    assert_problem(await sign_in(client, impostor), 400, "passkey-invalid")
    assert_problem(await sign_in(client, SoftAuthenticator()), 400, "passkey-unknown")


async def test_a_sign_count_that_goes_back_is_refused_as_a_copy(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    authenticator = SoftAuthenticator()
    await add_passkey(client, person, authenticator)
    assert (await sign_in(client, authenticator, sign_count=5)).status_code == 200
    sessions = count(engine, AuthSession)

    copy = await sign_in(client, authenticator, sign_count=5)
    older = await sign_in(client, authenticator, sign_count=3)

    assert_problem(copy, 400, "passkey-cloned")
    assert_problem(older, 400, "passkey-cloned")
    assert count(engine, AuthSession) == sessions
    with Session(engine) as session:
        assert session.execute(select(col(Passkey.sign_count))).scalar_one() == 5
    assert (await sign_in(client, authenticator, sign_count=6)).status_code == 200


async def test_someone_elses_passkey_cannot_be_renamed_removed_or_used_for_registration(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    added = await add_passkey(client, person, SoftAuthenticator(), label="Phone")
    passkey_id = added.json()["id"]

    renamed = await client.patch(
        f"/v1/me/passkeys/{passkey_id}", headers=other_person.headers, json={"label": "Mine"}
    )
    removed = await client.delete(f"/v1/me/passkeys/{passkey_id}", headers=other_person.headers)
    listed = await client.get("/v1/me/passkeys", headers=other_person.headers)

    assert_problem(renamed, 404, "passkey-not-found")
    assert_problem(removed, 404, "passkey-not-found")
    assert listed.json() == {"passkeys": []}
    owner_view = await client.get("/v1/me/passkeys", headers=person.headers)
    assert [p["label"] for p in owner_view.json()["passkeys"]] == ["Phone"]
    # A challenge handed to one person is no use to another.
    ceremony = await registration_options(client, person)
    stolen = await client.post(
        "/v1/me/passkeys",
        headers=other_person.headers,
        json={
            "challenge_id": ceremony["challenge_id"],
            "credential": SoftAuthenticator().create(ceremony["options"], origin=WEB_ORIGIN),
        },
    )
    assert_problem(stolen, 400, "challenge-unknown")


async def test_a_passkey_is_renamed_and_removed_and_then_no_longer_signs_in(
    client: httpx.AsyncClient, person: Person
) -> None:
    authenticator = SoftAuthenticator()
    passkey_id = (await add_passkey(client, person, authenticator)).json()["id"]

    renamed = await client.patch(
        f"/v1/me/passkeys/{passkey_id}", headers=person.headers, json={"label": "Work laptop"}
    )
    assert renamed.status_code == 200 and renamed.json()["label"] == "Work laptop"
    blank = await client.patch(
        f"/v1/me/passkeys/{passkey_id}", headers=person.headers, json={"label": ""}
    )
    assert_problem(blank, 422, "validation")

    removed = await client.delete(f"/v1/me/passkeys/{passkey_id}", headers=person.headers)
    assert removed.status_code == 204
    assert (await client.get("/v1/me/passkeys", headers=person.headers)).json() == {"passkeys": []}
    assert_problem(await sign_in(client, authenticator), 400, "passkey-unknown")


async def test_the_same_passkey_cannot_be_added_twice(
    client: httpx.AsyncClient, person: Person, other_person: Person, engine: Engine
) -> None:
    authenticator = SoftAuthenticator()
    await add_passkey(client, person, authenticator)

    twice = await add_passkey(client, other_person, authenticator)

    assert_problem(twice, 409, "passkey-exists")
    assert count(engine, Passkey) == 1


async def test_garbage_in_place_of_a_credential_is_a_clear_400(
    client: httpx.AsyncClient, person: Person
) -> None:
    ceremony = await registration_options(client, person)
    refused = await client.post(
        "/v1/me/passkeys",
        headers=person.headers,
        json={"challenge_id": ceremony["challenge_id"], "credential": {"id": "x\u0000"}},
    )
    assert_problem(refused, 400, "passkey-invalid")
    options = await sign_in_options(client)
    refused = await client.post(
        "/v1/auth/passkey",
        json={"challenge_id": options["challenge_id"], "credential": {"response": 3}},
    )
    assert_problem(refused, 400, "passkey-invalid")
    unknown = await client.post(
        "/v1/auth/passkey", json={"challenge_id": "0" * 32, "credential": {}}
    )
    assert_problem(unknown, 400, "challenge-unknown")


async def test_deleting_the_account_deletes_its_passkeys(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    await add_passkey(client, person, SoftAuthenticator())
    await registration_options(client, person)

    assert (await client.delete("/v1/me", headers=person.headers)).status_code == 204

    assert count(engine, Passkey) == 0
    assert count(engine, PasskeyChallenge) == 0


async def test_two_answers_to_one_challenge_at_once_sign_in_only_once(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    authenticator = SoftAuthenticator()
    await add_passkey(client, person, authenticator)
    sessions = count(engine, AuthSession)
    ceremony = await sign_in_options(client)
    answers = [
        {
            "challenge_id": ceremony["challenge_id"],
            "credential": authenticator.get(ceremony["options"], origin=WEB_ORIGIN),
        }
        for _ in range(2)
    ]

    results = await asyncio.gather(
        *(client.post("/v1/auth/passkey", json=answer) for answer in answers)
    )

    assert sorted(r.status_code for r in results) == [200, 400]
    refused = next(r for r in results if r.status_code == 400)
    assert_problem(refused, 400, "challenge-unknown")
    assert count(engine, AuthSession) == sessions + 1


async def test_sign_in_options_are_limited_per_address_and_write_no_challenge_beyond(
    client: httpx.AsyncClient, engine: Engine, settings: Settings
) -> None:
    allowed = settings.code_attempts_per_address_per_minute
    for _ in range(allowed):
        assert (await client.post("/v1/auth/passkey/options")).status_code == 200

    refused = await client.post("/v1/auth/passkey/options")

    assert_problem(refused, 429, "too-many-passkey-attempts")
    assert int(refused.headers["retry-after"]) > 0
    assert count(engine, PasskeyChallenge) == allowed
    # Recovery codes keep their own budget.
    recovery = await client.post("/v1/auth/recovery", json={"code": "AAAA-BBBB-CCCC-DDDD"})
    assert recovery.status_code == 401, recovery.text


async def test_the_configured_extensions_run_ceremonies_and_no_other_extension_does(
    client: httpx.AsyncClient, person: Person, settings: Settings
) -> None:
    authenticator = SoftAuthenticator()
    await add_passkey(client, person, authenticator)
    [own_id] = settings.extension_ids  # the project's own, by default; not in webauthn_origins
    assert f"chrome-extension://{own_id}" not in settings.webauthn_origins

    own = await sign_in(client, authenticator, origin=f"chrome-extension://{own_id}")
    foreign = await sign_in(client, authenticator, origin="chrome-extension://" + "c" * 32)

    assert own.status_code == 200, own.text
    assert_problem(foreign, 400, "passkey-invalid")
