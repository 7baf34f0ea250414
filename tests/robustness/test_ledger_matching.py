"""The public ledger reveals nothing about anyone (issue 14, point 6), against the real service.

The attack: an outsider who knows a group (its id and name, and the campaign it advertises)
reads the public chain proof, guesses the exact payloads the service logs when someone
authorises that group or joins its campaign (the same for every member), hashes them and
compares; it also reads which links are grants or joins, and when. Unsalted payload hashes
and public types and times matched every one of the group's grants and joins (4 of 4). Now
each payload hash is salted and a public link shows only its position and an opaque leaf: the
same attack must match none, while each person can still recompute their own events from
their receipt up to the head, the chain audits, and forgetting an account leaves it
verifiable.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.db import session_scope
from api.ledger import service as ledger
from api.organisations import service as organisations
from api.organisations.keys import SCOPES
from tests.conftest import Person
from tests.support.server import live_server

GROUP = "Clean Data Now"
CAMPAIGN = "Object before the deadline"
MEMBERS = 2  # each authorises the group and joins its campaign: 4 events to find
GROUP_EVENT_TYPES = {"authorisation.granted", "campaign.joined"}


def canonical(payload: dict[str, Any]) -> str:  # as the service logs payloads
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def sign_up(http: httpx.Client) -> Person:
    response = http.post("/v1/accounts")
    assert response.status_code == 201, response.text
    body = response.json()
    return Person(body["account_id"], body["access_token"], body["refresh_token"])


def opt_out(http: httpx.Client, person: Person) -> dict[str, Any]:
    read = http.get("/v1/me/preferences", headers=person.headers)
    written = http.put(
        "/v1/me/preferences",
        headers={**person.headers, "If-Match": read.headers["etag"]},
        json={
            "region": "DE",
            "accounts": [{"platform": "facebook", "profile": "jane.doe"}],
            "scope": "all",
            "listed": False,
        },
    )
    assert written.status_code == 200, written.text
    return dict(written.json()["receipt"])


def whole_public_proof(http: httpx.Client) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    links: list[dict[str, Any]] = []
    start: int | None = 1
    head: dict[str, Any] = {}
    while start is not None:
        page = http.get(f"/v1/ledger/proof/{start}", params={"limit": 3})
        assert page.status_code == 200, page.text
        links += page.json()["events"]
        head, start = page.json()["head"], page.json()["next"]
    return links, head


def attack(links: list[dict[str, Any]], guesses: list[str]) -> set[int]:
    """The positions the outsider ties to the group: a guessed payload's hash in the link."""
    hashes = {sha256(guess) for guess in guesses}
    return {link["seq"] for link in links if link.get("payload_hash") in hashes}


def typed(links: list[dict[str, Any]]) -> set[int]:
    """The positions whose link says they are a grant or a join, with their time."""
    return {link["seq"] for link in links if link.get("type") in GROUP_EVENT_TYPES}


def link_hash(link: dict[str, Any]) -> str:
    fields: tuple[str, ...]
    if link.get("format", 1) == 1:
        fields = ("prev_hash", "seq", "type", "created_at", "payload_hash")
    else:
        fields = ("prev_hash", "seq", "leaf")
    return sha256("|".join(str(link[field]) for field in fields))


def assert_chain(links: list[dict[str, Any]], head: dict[str, Any]) -> None:
    previous = "0" * 64
    for link in links:
        assert link["prev_hash"] == previous and link_hash(link) == link["hash"], link
        previous = link["hash"]
    assert previous == head["hash"] and links[-1]["seq"] == head["seq"]


def assert_own_event_opens(event: dict[str, Any], link: dict[str, Any]) -> None:
    """What the person holds recomputes, from the payload, to the public link."""
    payload_hash = sha256(f"{event['salt']}|{event['payload']}")
    leaf = sha256(f"{event['type']}|{event['created_at']}|{payload_hash}")
    assert payload_hash == event["payload_hash"] and leaf == link["leaf"]
    assert sha256(f"{event['prev_hash']}|{event['seq']}|{leaf}") == link["hash"]


def test_an_outsider_cannot_match_a_groups_grants_and_joins_in_the_public_ledger(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    with session_scope(engine) as session:
        group = organisations.create_organisation(session, name=GROUP).id
        other_group = organisations.create_organisation(session, name="Another group").id
        key = organisations.issue_key(
            session, organisation_id=group, scopes=list(SCOPES), name="attack"
        ).key

    with (
        live_server(database_url, tmp_path / "server.log") as server,
        httpx.Client(base_url=server.base_url, timeout=10) as http,
    ):
        campaign = http.post(
            "/v1/org/campaigns", headers={"Authorization": f"Bearer {key}"}, json={"name": CAMPAIGN}
        )
        assert campaign.status_code == 201, campaign.text
        campaign_id, join_code = campaign.json()["id"], campaign.json()["join_code"]
        bystander = sign_up(http)
        opt_out(http, bystander)
        granted = http.post(
            "/v1/me/authorisations",
            headers=bystander.headers,
            json={"organisation_id": other_group},
        )
        assert granted.status_code in {200, 201}, granted.text
        members = [sign_up(http) for _ in range(MEMBERS)]
        receipts = []
        for member in members:
            receipts.append(opt_out(http, member))
            grant = http.post(
                "/v1/me/authorisations", headers=member.headers, json={"organisation_id": group}
            )
            assert grant.status_code in {200, 201}, grant.text
            joined = http.post("/v1/me/campaigns", headers=member.headers, json={"code": join_code})
            assert joined.status_code in {200, 201}, joined.text
        # The truth the outsider is after: the members' own histories name the group's events.
        targets = {
            entry["seq"]
            for member in members
            for entry in http.get("/v1/me/history", headers=member.headers).json()["entries"]
            if entry["type"] in GROUP_EVENT_TYPES
        }
        assert len(targets) == 2 * MEMBERS

        guesses = [
            canonical({"organisation_id": group, "organisation": GROUP}),
            canonical({"campaign_id": campaign_id, "campaign": CAMPAIGN, "organisation": GROUP}),
        ]
        links, head = whole_public_proof(http)
        matched = len(attack(links, guesses) & targets)
        by_type = len(typed(links) & targets)
        figure = (
            f"matched {matched} of {len(targets)} of the group's grants and joins by payload "
            f"hash; {by_type} of {len(targets)} shown as a grant or join with its time"
        )
        print(figure)  # the before/after figure of the closing note (pytest -s shows it)
        assert (matched, by_type) == (0, 0), figure
        assert not any("type" in link or "created_at" in link for link in links)
        assert all(set(link) == {"format", "seq", "prev_hash", "leaf", "hash"} for link in links)
        assert_chain(links, head)

        # Each member still proves their own opt-out end to end, from their receipt.
        by_seq = {link["seq"]: link for link in links}
        for member, receipt in zip(members, receipts, strict=True):
            own = http.get(f"/v1/me/receipts/{receipt['id']}", headers=member.headers)
            assert own.status_code == 200, own.text
            assert_own_event_opens(own.json()["event"], by_seq[receipt["position"]])
            verdict = http.post("/v1/receipts/verify", json={"receipt": receipt["jws"]}).json()
            assert verdict["valid"] is True and verdict["log"] == "matches"

        # One member leaves: the salts go with the payloads, the chain stays whole.
        assert http.delete("/v1/me", headers=members[0].headers).status_code == 204
        links, head = whole_public_proof(http)
        assert_chain(links, head)
        assert attack(links, guesses) & targets == set() and typed(links) == set()
        verdict = http.post("/v1/receipts/verify", json={"receipt": receipts[0]["jws"]}).json()
        assert verdict["valid"] is True and verdict["log"] == "matches"

    with session_scope(engine, write=False) as session:
        assert ledger.audit(session) == []
    with engine.connect() as connection:
        left = connection.execute(
            text("SELECT count(*) FROM ledger_events WHERE account_id IS NULL AND salt IS NOT NULL")
        ).scalar_one()
    assert left == 1  # only the deletion's own event, whose payload is empty
