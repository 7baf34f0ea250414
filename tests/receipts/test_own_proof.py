"""A person's own receipt carries its event complete, so they can recompute it from the payload
up to the public chain's head; the public proof shows that event only as a leaf."""

import json

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.conftest import Person
from tests.ledger.hashes import verify_chain, verify_own
from tests.receipts.factories import claims_of, opt_out, verify


async def public_proof_from(client: httpx.AsyncClient, seq: int) -> dict[str, object]:
    response = await client.get(f"/v1/ledger/proof/{seq}")
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_a_persons_own_receipt_verifies_end_to_end(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    issued = await opt_out(client, person)
    await opt_out(client, other_person)  # someone else's event after it, in the same chain

    own = await client.get(f"/v1/me/receipts/{issued['id']}", headers=person.headers)
    assert own.status_code == 200, own.text
    event = own.json()["event"]
    claims = claims_of(issued["jws"])

    # From the payload up: salted payload hash, leaf, hash; the hash the receipt signs.
    verify_own(event)
    assert event["format"] == 2 and event["type"] == "preferences.changed"
    assert json.loads(event["payload"])["accounts"][0]["profile"] == "jane.doe"
    assert claims["event"] == {"seq": event["seq"], "hash": event["hash"]}
    assert own.json()["event_hash"] == event["hash"]
    # ... and from the event to today's head, through other people's opaque links.
    proof = await public_proof_from(client, event["seq"])
    links = proof["events"]
    assert isinstance(links, list) and isinstance(proof["head"], dict)
    assert links[0] == {
        "format": 2,
        "seq": event["seq"],
        "prev_hash": event["prev_hash"],
        "leaf": event["leaf"],
        "hash": event["hash"],
    }
    verify_chain(links, head_hash=proof["head"]["hash"])
    verdict = await verify(client, issued["jws"])
    assert verdict["valid"] is True and verdict["log"] == "matches"
    listed = (await client.get("/v1/me/receipts", headers=person.headers)).json()["receipts"]
    assert listed[0]["event"] == event


async def test_after_deletion_the_receipt_and_the_chain_still_verify(
    client: httpx.AsyncClient, person: Person
) -> None:
    issued = await opt_out(client, person)
    event = (await client.get(f"/v1/me/receipts/{issued['id']}", headers=person.headers)).json()[
        "event"
    ]

    assert (await client.delete("/v1/me", headers=person.headers)).status_code == 204

    verdict = await verify(client, issued["jws"])
    assert verdict["valid"] is True and verdict["log"] == "matches"
    proof = await public_proof_from(client, 1)
    links = proof["events"]
    assert isinstance(links, list) and isinstance(proof["head"], dict)
    verify_chain(links, head_hash=proof["head"]["hash"])
    # The copy the person kept still opens the leaf the public chain holds.
    verify_own(event)
    assert {"seq": event["seq"], "leaf": event["leaf"]} in [
        {"seq": link["seq"], "leaf": link["leaf"]} for link in links
    ]


async def test_a_receipt_whose_logged_event_was_altered_in_place_is_not_valid(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    issued = await opt_out(client, person)
    with engine.begin() as connection:  # the hash kept, the type it commits to changed
        connection.execute(
            text("UPDATE ledger_events SET type = 'account.deleted' WHERE seq = :seq"),
            {"seq": issued["position"]},
        )

    verdict = await verify(client, issued["jws"])

    assert verdict["valid"] is False and verdict["log"] == "mismatch"
    assert "altered" in verdict["reason"]
