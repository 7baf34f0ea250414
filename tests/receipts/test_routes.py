"""Receipts: issued for opt-out changes, listed to their owner only, verifiable by anyone."""

import base64
import json

import httpx
from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlmodel import col, update

from api.db import session_scope
from api.ledger.models import LedgerEvent
from api.receipts.claims import subject_of
from api.signing.keyring import rotate
from tests.conftest import Person
from tests.receipts.factories import (
    FACEBOOK,
    INSTAGRAM,
    claims_of,
    opt_out,
    put_preferences,
    verify,
)


async def test_recording_an_opt_out_returns_a_receipt_that_verifies(
    client: httpx.AsyncClient, person: Person
) -> None:
    receipt = await opt_out(client, person)

    verdict = await verify(client, receipt["jws"])
    assert verdict["valid"] is True
    assert verdict["reason"] is None
    assert verdict["log"] == "matches"
    claims = verdict["claims"]
    assert claims["action"] == "recorded"
    assert claims["accounts"] == [
        {
            "platform": "facebook",
            "profile": "jane.doe",
            "objection": "not_started",
            "submitted_on": None,
            "confirmed_on": None,
            "withdrawn_on": None,
        }
    ]
    assert claims["scope"] == "all"
    assert claims["region"] == "DE"
    assert claims["event"] == {"seq": receipt["position"], "hash": receipt["event_hash"]}
    assert claims["jti"] == receipt["id"]


async def test_a_receipt_names_a_pseudonym_never_the_account_id(
    client: httpx.AsyncClient, person: Person
) -> None:
    receipt = await opt_out(client, person)

    assert person.account_id not in receipt["jws"]
    assert person.account_id not in json.dumps(claims_of(receipt["jws"]))
    assert claims_of(receipt["jws"])["sub"] == subject_of(person.account_id)


async def test_the_header_names_type_algorithm_and_key(
    client: httpx.AsyncClient, person: Person, app: FastAPI
) -> None:
    receipt = await opt_out(client, person)

    header_part = receipt["jws"].split(".")[0]
    header = json.loads(base64.urlsafe_b64decode(header_part + "=" * (-len(header_part) % 4)))
    assert header == {
        "alg": "Ed25519",
        "kid": app.state.keyring.signing_key().kid,
        "typ": "optout-receipt+jws",
    }


async def test_changing_and_withdrawing_get_receipts_but_region_alone_does_not(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)

    region_only = await put_preferences(client, person, region="FR", accounts=[FACEBOOK])
    listed_only = await put_preferences(
        client, person, region="FR", accounts=[FACEBOOK], listed=True
    )
    reordered = await put_preferences(client, person, region="FR", accounts=[FACEBOOK, INSTAGRAM])
    same_set = await put_preferences(client, person, region="FR", accounts=[INSTAGRAM, FACEBOOK])
    scope = await put_preferences(
        client, person, region="FR", accounts=[INSTAGRAM, FACEBOOK], scope=["posts"]
    )
    withdrawn = await put_preferences(client, person, region="FR", accounts=[])
    scope_without_accounts = await put_preferences(client, person, region="FR", scope=["comments"])

    assert region_only.json()["receipt"] is None
    assert listed_only.json()["receipt"] is None
    assert claims_of(reordered.json()["receipt"]["jws"])["action"] == "changed"
    assert same_set.json()["receipt"] is None
    assert claims_of(scope.json()["receipt"]["jws"])["scope"] == ["posts"]
    assert claims_of(withdrawn.json()["receipt"]["jws"])["action"] == "withdrawn"
    assert scope_without_accounts.json()["receipt"] is None


async def test_an_objection_state_change_gets_a_receipt(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    submitted = {**FACEBOOK, "objection": {"state": "submitted", "submitted_on": "2025-05-20"}}

    response = await put_preferences(client, person, region="DE", accounts=[submitted])

    claims = claims_of(response.json()["receipt"]["jws"])
    assert claims["action"] == "changed"
    assert claims["accounts"][0]["objection"] == "submitted"
    assert claims["accounts"][0]["submitted_on"] == "2025-05-20"


async def test_get_preferences_keeps_its_shape(client: httpx.AsyncClient, person: Person) -> None:
    await opt_out(client, person)

    body = (await client.get("/v1/me/preferences", headers=person.headers)).json()

    assert "receipt" not in body


async def test_the_person_lists_their_own_receipts_newest_first(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    first = await opt_out(client, person)
    second = (await put_preferences(client, person, region="DE", accounts=[INSTAGRAM])).json()
    await opt_out(client, other_person)

    listed = await client.get("/v1/me/receipts", headers=person.headers)

    assert listed.status_code == 200
    assert listed.headers["cache-control"] == "private, no-store"
    ids = [item["id"] for item in listed.json()["receipts"]]
    assert ids == [second["receipt"]["id"], first["id"]]
    assert listed.json()["receipts"][1]["action"] == "recorded"


async def test_another_persons_token_never_reads_your_receipts(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    receipt = await opt_out(client, person)

    theirs = await client.get("/v1/me/receipts", headers=other_person.headers)
    one = await client.get(f"/v1/me/receipts/{receipt['id']}", headers=other_person.headers)
    anonymous = await client.get("/v1/me/receipts")
    own = await client.get(f"/v1/me/receipts/{receipt['id']}", headers=person.headers)

    assert theirs.json()["receipts"] == []
    assert one.status_code == 404
    assert one.headers["content-type"] == "application/problem+json"
    assert anonymous.status_code == 401
    assert own.status_code == 200
    assert own.json()["jws"] == receipt["jws"]


async def test_a_receipt_still_verifies_after_a_key_rotation_and_new_ones_use_the_new_key(
    client: httpx.AsyncClient, person: Person, app: FastAPI, engine: Engine
) -> None:
    old = await opt_out(client, person)
    with session_scope(engine) as session:
        new_kid = rotate(session).kid
    app.state.keyring.prime()  # replicas reload within a minute; the test does not wait

    new = (await put_preferences(client, person, region="DE", accounts=[INSTAGRAM])).json()

    old_verdict = await verify(client, old["jws"])
    new_verdict = await verify(client, new["receipt"]["jws"])
    assert old_verdict["valid"] is True
    assert old_verdict["kid"] != new_kid
    assert new_verdict["valid"] is True
    assert new_verdict["kid"] == new_kid


async def test_receipts_of_a_deleted_account_still_verify(
    client: httpx.AsyncClient, person: Person
) -> None:
    receipt = await opt_out(client, person)

    assert (await client.delete("/v1/me", headers=person.headers)).status_code == 204

    verdict = await verify(client, receipt["jws"])
    assert verdict["valid"] is True
    assert verdict["log"] == "matches"  # the event's hashes stay; only its payload is blanked


async def test_a_receipt_whose_event_differs_from_the_log_is_not_valid(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    receipt = await opt_out(client, person)
    with session_scope(engine) as session:
        session.exec(
            update(LedgerEvent)
            .where(col(LedgerEvent.seq) == receipt["position"])
            .values(hash="f" * 64)
        )

    verdict = await verify(client, receipt["jws"])

    assert verdict["valid"] is False
    assert verdict["log"] == "mismatch"
    assert str(receipt["position"]) in verdict["reason"]
