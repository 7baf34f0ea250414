"""Campaigns: a group hands out a join code; people join and leave; the group sees how many."""

from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from tests.conftest import Person, sign_up
from tests.organisations.factories import Org, authorise, issue_key, make_org, queued


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine)


async def _campaign(
    client: httpx.AsyncClient, org: Org, name: str = "Object now"
) -> dict[str, Any]:
    response = await client.post("/v1/org/campaigns", headers=org.headers, json={"name": name})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()  # strings and the member count
    return body


async def _join(client: httpx.AsyncClient, person: Person, code: str) -> httpx.Response:
    return await client.post("/v1/me/campaigns", headers=person.headers, json={"code": code})


async def test_a_campaign_has_an_unguessable_join_code(client: httpx.AsyncClient, org: Org) -> None:
    first, second = await _campaign(client, org), await _campaign(client, org)

    assert first["join_code"] != second["join_code"]
    assert len(first["join_code"]) == 26  # 130 random bits in base32
    assert first["members"] == 0


async def test_people_join_once_and_the_group_sees_how_many_never_who(
    client: httpx.AsyncClient, org: Org, person: Person, other_person: Person
) -> None:
    campaign = await _campaign(client, org)

    joined = await _join(client, person, campaign["join_code"])
    again = await _join(client, person, campaign["join_code"].upper())
    await _join(client, other_person, " " + campaign["join_code"] + " ")
    seen = await client.get(f"/v1/org/campaigns/{campaign['id']}", headers=org.headers)

    assert (joined.status_code, again.status_code) == (201, 200)
    assert joined.json()["organisation"]["id"] == org.organisation_id
    assert seen.json()["members"] == 2
    for someone in (person, other_person):
        assert someone.account_id not in seen.text


async def test_joining_and_leaving_are_in_the_history(
    client: httpx.AsyncClient, org: Org, person: Person
) -> None:
    campaign = await _campaign(client, org)
    await _join(client, person, campaign["join_code"])

    mine = await client.get("/v1/me/campaigns", headers=person.headers)
    left = await client.delete(f"/v1/me/campaigns/{campaign['id']}", headers=person.headers)
    left_again = await client.delete(f"/v1/me/campaigns/{campaign['id']}", headers=person.headers)
    history = await client.get("/v1/me/history", headers=person.headers)

    assert [item["campaign_id"] for item in mine.json()] == [campaign["id"]]
    assert (left.status_code, left_again.status_code) == (204, 404)
    types = [entry["type"] for entry in history.json()["entries"]]
    assert {"campaign.joined", "campaign.left"} <= set(types)
    listed = await client.get("/v1/org/campaigns", headers=org.headers)
    assert listed.json()[0]["members"] == 0


async def test_unknown_and_closed_codes_are_refused_alike(
    client: httpx.AsyncClient, org: Org, person: Person
) -> None:
    campaign = await _campaign(client, org)
    closed = await client.delete(f"/v1/org/campaigns/{campaign['id']}", headers=org.headers)

    unknown = await _join(client, person, "a" * 26)
    on_closed = await _join(client, person, campaign["join_code"])

    assert closed.json()["closed_at"] is not None
    assert unknown.status_code == on_closed.status_code == 404
    assert unknown.json()["type"] == on_closed.json()["type"]


async def test_a_group_cannot_read_another_groups_campaign(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    campaign = await _campaign(client, org)
    other = make_org(engine, name="Other")

    read = await client.get(f"/v1/org/campaigns/{campaign['id']}", headers=other.headers)
    close = await client.delete(f"/v1/org/campaigns/{campaign['id']}", headers=other.headers)

    assert read.status_code == close.status_code == 404
    assert (await client.get("/v1/org/campaigns", headers=other.headers)).json() == []


async def test_reading_and_writing_campaigns_need_their_scopes(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    reader = issue_key(engine, org, "campaigns:read")
    writer = issue_key(engine, org, "campaigns:write")

    create = await client.post("/v1/org/campaigns", headers=reader.headers, json={"name": "x"})
    listing = await client.get("/v1/org/campaigns", headers=writer.headers)

    assert create.status_code == listing.status_code == 403


async def test_the_joined_webhook_names_only_members_who_authorised_the_group(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    subscribed = await client.post(
        "/v1/org/webhooks",
        headers=org.headers,
        json={"url": "https://hooks.example.org/in", "events": ["campaign.joined"]},
    )
    assert subscribed.status_code == 201
    campaign = await _campaign(client, org)
    stranger, supporter = await sign_up(client), await sign_up(client)
    await authorise(client, supporter, org)

    await _join(client, stranger, campaign["join_code"])
    await _join(client, supporter, campaign["join_code"])

    events = [message["data"] for message in queued(engine, "campaign.joined")]
    assert [event["member_id"] is None for event in events] == [True, False]
    assert stranger.account_id not in str(events)
    assert supporter.account_id not in str(events)


async def test_the_group_export_lists_campaigns_with_counts(
    client: httpx.AsyncClient, org: Org, person: Person
) -> None:
    campaign = await _campaign(client, org, name="=HYPERLINK(1)")
    await _join(client, person, campaign["join_code"])

    as_json = await client.get("/v1/org/exports/campaigns", headers=org.headers)
    as_csv = await client.get("/v1/org/exports/campaigns?format=csv", headers=org.headers)

    assert as_json.json()["rows"][0]["members"] == 1
    assert as_csv.headers["content-type"].startswith("text/csv")
    header, row = as_csv.text.strip().split("\n")
    assert header.startswith("campaign_id,name,join_code")
    assert ",'=HYPERLINK(1)," in row  # a formula stays text in a spreadsheet
