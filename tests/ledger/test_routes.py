"""The log's public face: its head, and chain proofs anyone can recompute."""

from itertools import pairwise
from typing import Any

import httpx

from tests.conftest import Person
from tests.ledger.hashes import link_hash, verify_chain, verify_own
from tests.receipts.factories import INSTAGRAM, opt_out, put_preferences


async def test_the_head_is_public_and_moves_with_each_event(
    client: httpx.AsyncClient, person: Person
) -> None:
    before = (await client.get("/v1/ledger/head")).json()
    receipt = await opt_out(client, person)
    after = await client.get("/v1/ledger/head")

    assert after.status_code == 200
    assert after.json() == {"seq": before["seq"] + 1, "hash": receipt["event_hash"]}


async def test_a_proof_links_an_event_to_the_head_page_by_page(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    receipt = await opt_out(client, person)
    await opt_out(client, other_person)
    await put_preferences(client, person, region="DE", accounts=[INSTAGRAM])

    links: list[dict[str, Any]] = []
    start: int | None = receipt["position"]
    while start is not None:
        page = (await client.get(f"/v1/ledger/proof/{start}", params={"limit": 1})).json()
        links += page["events"]
        start = page["next"]

    assert links[0]["hash"] == receipt["event_hash"]
    for before, link in pairwise(links):
        assert link["prev_hash"] == before["hash"]
    assert all(link_hash(link) == link["hash"] for link in links)
    assert links[-1]["hash"] == page["head"]["hash"]
    # Nothing but the place in the chain: no type, time, payload hash or account.
    assert all(set(link) == {"format", "seq", "prev_hash", "leaf", "hash"} for link in links)
    assert all(link["format"] == 2 for link in links)


async def test_a_persons_own_history_opens_the_leaves_the_public_proof_shows(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    await opt_out(client, person)
    await opt_out(client, other_person)
    await put_preferences(client, person, region="FR", accounts=[INSTAGRAM])

    entries = (await client.get("/v1/me/history", headers=person.headers)).json()["entries"]
    proof = (await client.get("/v1/ledger/proof/1")).json()
    public = {link["seq"]: link for link in proof["events"]}

    assert [entry["type"] for entry in entries][-1] == "account.created"
    for entry in entries:
        own = entry["proof"]
        verify_own(own)
        assert own["seq"] == entry["seq"] and own["hash"] == entry["hash"]
        assert own["type"] == entry["type"] and len(own["salt"]) == 32
        assert public[entry["seq"]]["leaf"] == own["leaf"]
        assert public[entry["seq"]]["hash"] == own["hash"]
    verify_chain(proof["events"], head_hash=proof["head"]["hash"])
    # Each event has its own salt: equal payloads never share a payload hash.
    assert len({entry["proof"]["salt"] for entry in entries}) == len(entries)


async def test_the_public_proof_never_carries_a_salt_type_or_time(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    entries = (await client.get("/v1/me/history", headers=person.headers)).json()["entries"]

    body = (await client.get("/v1/ledger/proof/1")).text

    for entry in entries:
        for private in ("salt", "payload_hash", "created_at"):
            assert entry["proof"][private] not in body
    assert "preferences.changed" not in body and "account.created" not in body


async def test_a_proof_beyond_the_head_is_a_404_problem(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await client.get("/v1/ledger/proof/999")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/ledger/proof/0")).status_code == 422


async def test_the_history_with_its_salts_is_never_cached(
    client: httpx.AsyncClient, person: Person
) -> None:
    history = await client.get("/v1/me/history", headers=person.headers)
    export = await client.get("/v1/me/export", headers=person.headers)

    assert history.status_code == 200 and export.status_code == 200
    assert history.headers["cache-control"] == "private, no-store"
    assert export.headers["cache-control"] == "private, no-store"
    salt = history.json()["entries"][0]["proof"]["salt"]
    assert [entry["proof"]["salt"] for entry in export.json()["history"]] == [salt]
