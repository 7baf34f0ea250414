"""The log's public face: its head, and chain proofs anyone can recompute."""

import hashlib
from itertools import pairwise
from typing import Any

import httpx

from tests.conftest import Person
from tests.receipts.factories import INSTAGRAM, opt_out, put_preferences


def recompute(link: dict[str, Any]) -> str:
    material = (
        f"{link['prev_hash']}|{link['seq']}|{link['type']}|{link['created_at']}|"
        f"{link['payload_hash']}"
    )
    return hashlib.sha256(material.encode()).hexdigest()


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
    assert all(recompute(link) == link["hash"] for link in links)
    assert links[-1]["hash"] == page["head"]["hash"]
    assert all(
        set(link) == {"seq", "type", "created_at", "payload_hash", "prev_hash", "hash"}
        for link in links
    )


async def test_a_proof_beyond_the_head_is_a_404_problem(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await client.get("/v1/ledger/proof/999")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert (await client.get("/v1/ledger/proof/0")).status_code == 422
