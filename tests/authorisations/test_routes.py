"""A person's grants to a group, and the rule they enforce: a group reads a person's status only
while that person's authorisation is live."""

from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from tests.conftest import Person, sign_up
from tests.organisations.factories import (
    Org,
    account,
    authorise,
    issue_key,
    make_org,
    write_preferences,
)
from tests.support.profiles import prove

PROFILE = "jane.member"


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine)


@pytest.fixture
async def member(client: httpx.AsyncClient, person: Person, engine: Engine) -> Person:
    """A person whose profile is proved theirs (only then do groups see it named)."""
    await write_preferences(
        client,
        person,
        region="DE",
        accounts=[account("facebook", PROFILE, "submitted", submitted_on="2025-05-20")],
        listed=False,
    )
    prove(engine, person.account_id)
    return person


async def _history_types(client: httpx.AsyncClient, person: Person) -> list[str]:
    history = await client.get("/v1/me/history", headers=person.headers)
    return [entry["type"] for entry in history.json()["entries"]]


async def test_authorising_is_idempotent_listed_and_in_the_history(
    client: httpx.AsyncClient, member: Person, org: Org
) -> None:
    first = await authorise(client, member, org)
    again = await authorise(client, member, org)
    listed = await client.get("/v1/me/authorisations", headers=member.headers)

    assert (first.status_code, again.status_code) == (201, 200)
    assert [grant["organisation"]["id"] for grant in listed.json()] == [org.organisation_id]
    assert (await _history_types(client, member)).count("authorisation.granted") == 1


async def test_revoking_ends_the_grant_and_is_in_the_history(
    client: httpx.AsyncClient, member: Person, org: Org
) -> None:
    await authorise(client, member, org)

    revoked = await client.delete(
        f"/v1/me/authorisations/{org.organisation_id}", headers=member.headers
    )
    again = await client.delete(
        f"/v1/me/authorisations/{org.organisation_id}", headers=member.headers
    )

    assert revoked.status_code == 204
    assert again.status_code == 404
    assert (await client.get("/v1/me/authorisations", headers=member.headers)).json() == []
    assert "authorisation.revoked" in await _history_types(client, member)


async def test_an_unknown_organisation_cannot_be_authorised(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await client.post(
        "/v1/me/authorisations", headers=person.headers, json={"organisation_id": "0" * 32}
    )

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_members_show_objection_states_per_account_and_nothing_else(
    client: httpx.AsyncClient, member: Person, org: Org
) -> None:
    await authorise(client, member, org)

    response = await client.get("/v1/org/members", headers=org.headers)

    assert response.status_code == 200
    [shown] = response.json()["members"]
    assert set(shown) == {"member_id", "authorised_at", "accounts"}
    assert shown["accounts"] == [
        {
            "platform": "facebook",
            "profile": PROFILE,
            "objection": {
                "state": "submitted",
                "submitted_on": "2025-05-20",
                "confirmed_on": None,
                "withdrawn_on": None,
            },
        }
    ]
    assert member.account_id not in response.text
    assert "DE" not in response.text


async def test_a_withdrawn_objection_shows_its_day_to_the_group_and_in_its_export(
    client: httpx.AsyncClient, member: Person, org: Org
) -> None:
    # The day matters to a group acting for the member: from it on, Meta may train on them again.
    withdrawn = {"submitted_on": "2025-05-20", "withdrawn_on": "2025-09-01"}
    await write_preferences(
        client, member, accounts=[account("facebook", PROFILE, "withdrawn", **withdrawn)]
    )
    await authorise(client, member, org)

    [shown] = (await client.get("/v1/org/members", headers=org.headers)).json()["members"]
    exported = await client.get("/v1/org/exports/members?format=json", headers=org.headers)
    csv = await client.get("/v1/org/exports/members?format=csv", headers=org.headers)

    assert shown["accounts"][0]["objection"] == {
        "state": "withdrawn",
        "submitted_on": "2025-05-20",
        "confirmed_on": None,
        "withdrawn_on": "2025-09-01",
    }
    [row] = exported.json()["rows"]
    assert (row["objection_state"], row["withdrawn_on"]) == ("withdrawn", "2025-09-01")
    assert exported.json()["columns"][-1] == "withdrawn_on"
    header, line = csv.text.splitlines()
    assert header.endswith(",submitted_on,confirmed_on,withdrawn_on")
    assert line.endswith(",withdrawn,2025-05-20,,2025-09-01")
    # As with every other day of the record: gone from every group view once the grant is.
    await client.delete(f"/v1/me/authorisations/{org.organisation_id}", headers=member.headers)
    for path, text in (await _org_views(client, org)).items():
        assert "2025-09-01" not in text, path


async def _org_views(client: httpx.AsyncClient, org: Org) -> dict[str, str]:
    """Everything the group can read that could carry a person's data."""
    paths = [
        "/v1/org/members",
        "/v1/org/exports/members?format=json",
        "/v1/org/exports/members?format=csv",
    ]
    views = {}
    for path in paths:
        response = await client.get(path, headers=org.headers)
        assert response.status_code == 200, response.text
        views[path] = response.text
    return views


async def test_a_group_sees_a_person_only_while_their_authorisation_is_live(
    client: httpx.AsyncClient, member: Person, org: Org, engine: Engine
) -> None:
    other_org = make_org(engine, name="Other Group")

    before = await _org_views(client, org)
    await authorise(client, member, org)
    during = await _org_views(client, org)
    unrelated = await _org_views(client, other_org)
    await client.delete(f"/v1/me/authorisations/{org.organisation_id}", headers=member.headers)
    after = await _org_views(client, org)

    for path in before:
        assert PROFILE not in before[path], path
        assert PROFILE in during[path], path
        assert PROFILE not in unrelated[path], path
        assert PROFILE not in after[path], path


async def test_an_unproved_profile_is_named_nowhere_a_group_reads(
    client: httpx.AsyncClient, person: Person, org: Org, engine: Engine
) -> None:
    # Anyone can type any handle: until it is proved, the group sees the objection, not whose.
    claimed = [account("facebook", "some.celebrity", "submitted", submitted_on="2025-05-20")]
    await write_preferences(client, person, accounts=claimed, listed=True)
    await authorise(client, person, org)
    await write_preferences(client, person, accounts=[*claimed, account("instagram", "x_y")])

    views = await _org_views(client, org)

    for path, text in views.items():
        assert "some.celebrity" not in text and "x_y" not in text, path
    [shown] = (await client.get("/v1/org/members", headers=org.headers)).json()["members"]
    assert [a["profile"] for a in shown["accounts"]] == [None, None]
    assert [a["objection"]["state"] for a in shown["accounts"]] == ["submitted", "not_started"]


async def test_a_member_who_deletes_their_account_is_gone(
    client: httpx.AsyncClient, member: Person, org: Org
) -> None:
    await authorise(client, member, org)

    assert (await client.delete("/v1/me", headers=member.headers)).status_code == 204

    assert (await client.get("/v1/org/members", headers=org.headers)).json()["members"] == []


async def test_members_page_through_with_a_cursor(client: httpx.AsyncClient, org: Org) -> None:
    people = [await sign_up(client) for _ in range(3)]
    for someone in people:
        await authorise(client, someone, org)

    seen: list[str] = []
    after: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"after": after} if after else {})}
        page = (await client.get("/v1/org/members", headers=org.headers, params=params)).json()
        seen += [shown["member_id"] for shown in page["members"]]
        after = page["next_after"]
        if after is None:
            break

    assert len(seen) == len(set(seen)) == 3


async def test_reading_members_needs_members_read(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    exports_only = issue_key(engine, org, "exports:read")

    members = await client.get("/v1/org/members", headers=exports_only.headers)
    exported = await client.get("/v1/org/exports/members", headers=exports_only.headers)

    assert members.status_code == exported.status_code == 403
