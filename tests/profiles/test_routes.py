"""Proving a profile: a one-time code on its public page (a loopback stand-in here), and only
proved profiles reach dataset builders and groups."""

import asyncio
import hashlib
import time
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import select

from api.config import Settings
from api.db import session_scope
from api.ledger.models import LedgerEvent
from api.main import create_app
from api.preferences.models import LinkedAccount
from api.profiles.errors import ProvedByAnother
from api.profiles.models import ProfileProof
from api.profiles.runtime import recheck_round
from api.ratelimits.limiter import make_limiter
from tests.conftest import Person, sign_up
from tests.organisations.factories import (
    Org,
    account,
    authorise,
    make_org,
    queued,
    write_preferences,
)
from tests.support.profiles import ProfilePages, prove

PROOF = "/v1/me/profiles/facebook/jane.doe/proof"


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine)


async def _claim(client: httpx.AsyncClient, person: Person, *profiles: str) -> None:
    accounts = [account("facebook", profile) for profile in profiles]
    await write_preferences(client, person, accounts=accounts, listed=True)


async def _code(client: httpx.AsyncClient, person: Person, path: str = PROOF) -> str:
    response = await client.post(path, headers=person.headers)
    assert response.status_code == 201, response.text
    code: str = response.json()["code"]
    return code


async def _checked(client: httpx.AsyncClient, org: Org, *ids: str) -> list[str]:
    response = await client.post(
        "/v1/checks", headers=org.headers, json={"platform": "facebook", "ids": list(ids)}
    )
    assert response.status_code == 200, response.text
    return [item["profile"] for item in response.json()["listed"]]


def _proofs(engine: Engine) -> list[ProfileProof]:
    with session_scope(engine, write=False) as session:
        return list(session.exec(select(ProfileProof)))


async def test_a_claimed_profile_reaches_checks_only_once_its_code_is_on_the_page(
    client: httpx.AsyncClient, org: Org, person: Person, pages: ProfilePages, engine: Engine
) -> None:
    await _claim(client, person, "jane.doe")
    assert await _checked(client, org, "jane.doe") == []

    code = await _code(client, person)
    pages.show("facebook", "jane.doe")  # the page is there, the code not yet
    missing = await client.post(PROOF + "/check", headers=person.headers)
    assert missing.status_code == 422
    assert missing.headers["content-type"] == "application/problem+json"
    assert "not found on the public page" in missing.json()["detail"]
    assert await _checked(client, org, "jane.doe") == []

    pages.show("facebook", "jane.doe", code.upper())  # however the person typed it
    proved = await client.post(PROOF + "/check", headers=person.headers)

    assert proved.status_code == 200, proved.text
    assert proved.json()["state"] == "verified"
    assert await _checked(client, org, "jane.doe") == ["jane.doe"]
    listing = (await client.get("/v1/me/profiles", headers=person.headers)).json()
    assert listing[0]["shared"] is True and listing[0]["proof"]["state"] == "verified"
    # Only the code's hash is kept.
    [row] = _proofs(engine)
    assert row.code_hash == hashlib.sha256(code.encode()).hexdigest()
    assert pages.requests[-1] == "/fb/jane.doe/"


async def test_a_second_account_cannot_take_a_proved_profile_while_the_owner_code_is_there(
    client: httpx.AsyncClient, org: Org, person: Person, other_person: Person, pages: ProfilePages
) -> None:
    await _claim(client, person, "jane.doe")
    await _claim(client, other_person, "jane.doe")
    owner, impostor = await _code(client, person), await _code(client, other_person)
    pages.show("facebook", "jane.doe", owner)
    assert (await client.post(PROOF + "/check", headers=person.headers)).status_code == 200

    # The impostor's code is not on the page: not proved.
    refused = await client.post(PROOF + "/check", headers=other_person.headers)
    assert refused.status_code == 422
    # Both codes on the page (whoever controls it put both): refused, plainly.
    pages.show("facebook", "jane.doe", owner, impostor)
    disputed = await client.post(PROOF + "/check", headers=other_person.headers)
    assert disputed.status_code == 409
    assert disputed.json()["type"].endswith("profile-proved-by-another-account")
    assert "Another account has already proved" in disputed.json()["detail"]
    owner_view = (await client.get(PROOF, headers=person.headers)).json()
    assert owner_view["state"] == "verified"


async def test_the_page_decides_when_a_handle_changes_hands(
    client: httpx.AsyncClient, org: Org, person: Person, other_person: Person, pages: ProfilePages
) -> None:
    await _claim(client, person, "jane.doe")
    await _claim(client, other_person, "jane.doe")
    first = await _code(client, person)
    pages.show("facebook", "jane.doe", first)
    assert (await client.post(PROOF + "/check", headers=person.headers)).status_code == 200
    second = await _code(client, other_person)

    pages.show("facebook", "jane.doe", second)  # the page now carries only the new code
    taken = await client.post(PROOF + "/check", headers=other_person.headers)

    assert taken.status_code == 200 and taken.json()["state"] == "verified"
    assert (await client.get(PROOF, headers=person.headers)).json()["state"] == "lapsed"
    assert await _checked(client, org, "jane.doe") == ["jane.doe"]


async def test_a_proof_whose_code_is_gone_lapses_at_the_periodic_recheck(
    client: httpx.AsyncClient, app: FastAPI, org: Org, person: Person, pages: ProfilePages
) -> None:
    await _claim(client, person, "jane.doe", "kept.here")
    for handle in ("jane.doe", "kept.here"):
        path = f"/v1/me/profiles/facebook/{handle}/proof"
        pages.show("facebook", handle, await _code(client, person, path))
        assert (await client.post(path + "/check", headers=person.headers)).status_code == 200
    assert await _checked(client, org, "jane.doe", "kept.here") == ["jane.doe", "kept.here"]

    pages.show("facebook", "jane.doe")  # the code was taken down
    proofs = app.state.profile_proofs
    not_yet = await recheck_round(app.state.engine, proofs, app.state.nudges)
    assert not_yet == 0  # looked at moments ago: not due
    due_now = type(proofs)(**{**vars(proofs), "recheck_after": timedelta(0)})
    lapsed = await recheck_round(app.state.engine, due_now, app.state.nudges)

    assert lapsed == 1
    assert await _checked(client, org, "jane.doe", "kept.here") == ["kept.here"]
    assert (await client.get(PROOF, headers=person.headers)).json()["state"] == "lapsed"
    history = await client.get("/v1/me/history", headers=person.headers)
    assert "profile.lapsed" in history.text


async def test_an_unreadable_page_leaves_a_proof_standing_and_answers_502_to_a_check(
    client: httpx.AsyncClient, app: FastAPI, org: Org, person: Person, pages: ProfilePages
) -> None:
    await _claim(client, person, "jane.doe")
    pages.show("facebook", "jane.doe", await _code(client, person))
    assert (await client.post(PROOF + "/check", headers=person.headers)).status_code == 200

    pages.show("facebook", "jane.doe", status=503)
    proofs = app.state.profile_proofs
    due_now = type(proofs)(**{**vars(proofs), "recheck_after": timedelta(0)})
    assert await recheck_round(app.state.engine, due_now, app.state.nudges) == 0
    assert await _checked(client, org, "jane.doe") == ["jane.doe"]

    await _code_fresh_profile(client, person, pages)
    unreadable = await client.post(
        "/v1/me/profiles/facebook/new.handle/proof/check", headers=person.headers
    )
    assert unreadable.status_code == 502
    assert "could not be read" in unreadable.json()["detail"]


async def _code_fresh_profile(
    client: httpx.AsyncClient, person: Person, pages: ProfilePages
) -> None:
    await _claim(client, person, "jane.doe", "new.handle")
    await _code(client, person, "/v1/me/profiles/facebook/new.handle/proof")
    pages.show("facebook", "new.handle", status=500)


async def test_removing_the_profile_from_preferences_drops_its_proof(
    client: httpx.AsyncClient, org: Org, person: Person, pages: ProfilePages, engine: Engine
) -> None:
    await _claim(client, person, "jane.doe")
    pages.show("facebook", "jane.doe", await _code(client, person))
    assert (await client.post(PROOF + "/check", headers=person.headers)).status_code == 200

    await _claim(client, person, "other.one")
    assert _proofs(engine) == []
    await _claim(client, person, "jane.doe", "other.one")  # back again: not proved any more
    assert await _checked(client, org, "jane.doe") == []
    assert (await client.get(PROOF, headers=person.headers)).status_code == 404


async def test_deleting_the_account_drops_its_proofs(
    client: httpx.AsyncClient, org: Org, person: Person, pages: ProfilePages, engine: Engine
) -> None:
    await _claim(client, person, "jane.doe")
    pages.show("facebook", "jane.doe", await _code(client, person))
    assert (await client.post(PROOF + "/check", headers=person.headers)).status_code == 200

    assert (await client.delete("/v1/me", headers=person.headers)).status_code == 204

    assert _proofs(engine) == []
    assert await _checked(client, org, "jane.doe") == []


async def test_groups_see_a_member_profile_named_only_once_proved(
    client: httpx.AsyncClient, org: Org, person: Person, pages: ProfilePages
) -> None:
    await _claim(client, person, "jane.doe")
    assert (await authorise(client, person, org)).status_code == 201

    def profiles(body: dict[str, Any]) -> list[Any]:
        return [a["profile"] for m in body["members"] for a in m["accounts"]]

    before = await client.get("/v1/org/members", headers=org.headers)
    assert profiles(before.json()) == [None]
    assert "jane.doe" not in before.text
    pages.show("facebook", "jane.doe", await _code(client, person))
    assert (await client.post(PROOF + "/check", headers=person.headers)).status_code == 200
    after = await client.get("/v1/org/members", headers=org.headers)
    assert profiles(after.json()) == ["jane.doe"]


async def test_webhooks_name_a_member_profile_only_once_proved(
    client: httpx.AsyncClient, engine: Engine, org: Org, person: Person, pages: ProfilePages
) -> None:
    subscribed = await client.post(
        "/v1/org/webhooks",
        headers=org.headers,
        json={"url": "http://127.0.0.1:9/hook", "events": ["objection.state_changed"]},
    )
    assert subscribed.status_code == 201, subscribed.text
    await _claim(client, person, "jane.doe")
    await authorise(client, person, org)
    ready = [account("facebook", "jane.doe", "ready")]
    await write_preferences(client, person, accounts=ready, listed=True)
    pages.show("facebook", "jane.doe", await _code(client, person))
    assert (await client.post(PROOF + "/check", headers=person.headers)).status_code == 200
    submitted = [account("facebook", "jane.doe", "submitted", submitted_on="2025-05-20")]
    await write_preferences(client, person, accounts=submitted, listed=True)

    changes = [message["data"] for message in queued(engine, "objection.state_changed")]
    assert [(c["to"], c["profile"]) for c in changes] == [
        ("ready", None),
        ("submitted", "jane.doe"),
    ]


async def test_a_code_is_only_for_a_profile_in_your_preferences(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await client.post(PROOF, headers=person.headers)
    assert response.status_code == 404
    assert "not in your preferences" in response.json()["detail"]
    check = await client.post(PROOF + "/check", headers=person.headers)
    assert check.status_code == 404


async def test_a_code_is_refused_for_an_instagram_numeric_id(
    client: httpx.AsyncClient, person: Person
) -> None:
    accounts = [account("instagram", "1234567")]
    await write_preferences(client, person, accounts=accounts, listed=True)
    response = await client.post(
        "/v1/me/profiles/instagram/id:1234567/proof", headers=person.headers
    )
    assert response.status_code == 422
    assert "user name" in response.json()["detail"]


async def test_an_expired_code_cannot_be_checked(
    client: httpx.AsyncClient, person: Person, pages: ProfilePages, engine: Engine
) -> None:
    await _claim(client, person, "jane.doe")
    code = await _code(client, person)
    pages.show("facebook", "jane.doe", code)
    with session_scope(engine) as session:
        for row in session.exec(select(ProfileProof)):
            row.expires_at = row.created_at - timedelta(seconds=1)
            session.add(row)

    response = await client.post(PROOF + "/check", headers=person.headers)
    assert response.status_code == 410


async def test_checks_are_bounded_per_account(
    client: httpx.AsyncClient, app: FastAPI, person: Person, pages: ProfilePages
) -> None:
    # A still clock: the five checks and the refused sixth fall in one window, always.
    still = make_limiter(redis_url="", limit=5, prefix="", name="checks", clock=lambda: 1000.0)
    app.state.profile_proofs = replace(app.state.profile_proofs, checks=still)
    await _claim(client, person, "jane.doe")
    await _code(client, person)
    pages.show("facebook", "jane.doe")
    answers = [
        (await client.post(PROOF + "/check", headers=person.headers)).status_code for _ in range(6)
    ]
    assert answers == [422] * 5 + [429]
    limited = await client.post(PROOF + "/check", headers=person.headers)
    assert limited.headers["retry-after"] == "20"  # the rest of the window at 1000 s
    assert limited.headers["content-type"] == "application/problem+json"
    assert len(pages.requests) == 5  # the refused checks fetched nothing


async def test_withdrawing_a_proof_takes_the_profile_out_of_checks_and_logs_it(
    client: httpx.AsyncClient, org: Org, person: Person, pages: ProfilePages, engine: Engine
) -> None:
    await _claim(client, person, "jane.doe")
    pages.show("facebook", "jane.doe", await _code(client, person))
    assert (await client.post(PROOF + "/check", headers=person.headers)).status_code == 200
    assert await _checked(client, org, "jane.doe") == ["jane.doe"]

    assert (await client.delete(PROOF, headers=person.headers)).status_code == 204

    assert await _checked(client, org, "jane.doe") == []
    with session_scope(engine, write=False) as session:
        types = [event.type for event in session.exec(select(LedgerEvent))]
    assert "profile.verified" in types and "profile.proof_dropped" in types


async def test_another_person_reads_nothing_of_your_proof(
    client: httpx.AsyncClient, person: Person, pages: ProfilePages
) -> None:
    await _claim(client, person, "jane.doe")
    await _code(client, person)
    stranger = await sign_up(client)
    assert (await client.get(PROOF, headers=stranger.headers)).status_code == 404
    assert (await client.delete(PROOF, headers=stranger.headers)).status_code == 404
    assert (await client.get(PROOF)).status_code == 401


async def test_the_app_rechecks_proofs_in_the_background_while_it_serves(
    client: httpx.AsyncClient,
    settings: Settings,
    engine: Engine,
    org: Org,
    person: Person,
    pages: ProfilePages,
) -> None:
    await _claim(client, person, "jane.doe")
    pages.show("facebook", "jane.doe", await _code(client, person))
    assert (await client.post(PROOF + "/check", headers=person.headers)).status_code == 200
    pages.show("facebook", "jane.doe")  # the code was taken down
    quick = settings.model_copy(
        update={
            "profile_recheck_days": 0.5 / 86_400,  # due half a second after the last look
            "profile_recheck_poll_seconds": 0.1,
            "webhook_worker": False,
            "checks_use_index": False,
        }
    )
    replica = create_app(quick, engine=engine)

    async with replica.router.lifespan_context(replica):
        deadline = time.monotonic() + 10
        while _proofs(engine)[0].state != "lapsed":
            assert time.monotonic() < deadline, "the background re-check never ran"
            await asyncio.sleep(0.1)

    assert await _checked(client, org, "jane.doe") == []


def test_proving_directly_refuses_a_profile_another_account_holds(
    engine: Engine, person: Person, other_person: Person
) -> None:
    for who in (person, other_person):
        with session_scope(engine) as session:
            session.add(
                LinkedAccount(account_id=who.account_id, platform="facebook", profile="x.y.z")
            )
    prove(engine, person.account_id, ("facebook", "x.y.z"))

    with pytest.raises(ProvedByAnother):
        prove(engine, other_person.account_id, ("facebook", "x.y.z"))

    assert [(p.account_id, p.state) for p in _proofs(engine)] == [(person.account_id, "verified")]
