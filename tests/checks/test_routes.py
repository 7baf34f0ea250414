"""Bulk checks: only listed opt-outs are named; the rest look alike, but for invalid ids."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from tests.conftest import Person
from tests.organisations.factories import Org, account, issue_key, make_org, write_preferences
from tests.support.profiles import prove_in


@pytest.fixture(params=["index", "database"])
def settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Every answer must be the same from the in-memory index and from the database."""
    return settings.model_copy(update={"checks_use_index": request.param == "index"})


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine, scopes=("checks:read",))


async def _check(client: httpx.AsyncClient, org: Org, body: Any) -> httpx.Response:
    return await client.post("/v1/checks", headers=org.headers, json=body)


async def _listed_person(
    client: httpx.AsyncClient, app: FastAPI, person: Person, *profiles: str
) -> None:
    """Listed, and each profile proved the person's own (only proved profiles are named)."""
    await write_preferences(
        client, person, accounts=[account("facebook", profile) for profile in profiles], listed=True
    )
    prove_in(app, person.account_id)


async def test_only_listed_opt_outs_are_named_with_their_ai_preference(
    client: httpx.AsyncClient, app: FastAPI, org: Org, person: Person, other_person: Person
) -> None:
    await _listed_person(client, app, person, "jane.doe")
    await write_preferences(
        client, other_person, accounts=[account("facebook", "bob.smith")], listed=False
    )
    ids = [
        "jane.doe",
        "bob.smith",  # opted out, not listed
        "nobody.here",  # unknown
        "https://www.facebook.com/Jane.Doe/",
        "@jane.doe",
        "not a profile!",
    ]

    response = await _check(client, org, {"platform": "facebook", "ids": ids})

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["checked"] == 6
    assert [item["index"] for item in body["listed"]] == [0, 3, 4]
    assert body["listed"][0] == {
        "index": 0,
        "platform": "facebook",
        "profile": "jane.doe",
        "ai_preferences": "train-ai=n",
    }
    assert body["invalid"] == [5]
    assert "bob" not in response.text and "nobody" not in response.text


async def test_unlisted_and_unknown_profiles_get_the_same_answer(
    client: httpx.AsyncClient, org: Org, person: Person
) -> None:
    await write_preferences(client, person, accounts=[account("facebook", "bob.smith")])

    unlisted = await _check(client, org, {"platform": "facebook", "ids": ["bob.smith"]})
    unknown = await _check(client, org, {"platform": "facebook", "ids": ["nobody.here"]})

    assert unlisted.content == unknown.content


async def test_numeric_ids_match_however_they_are_written(
    client: httpx.AsyncClient, app: FastAPI, org: Org, person: Person
) -> None:
    await _listed_person(client, app, person, "100004123456789")

    response = await _check(
        client,
        org,
        {
            "platform": "facebook",
            "ids": [
                "100004123456789",
                "https://www.facebook.com/profile.php?id=100004123456789",
                "https://www.facebook.com/people/Jane-Doe/100004123456789/",
                "100004123456780",
            ],
        },
    )

    body = response.json()
    assert [(item["index"], item["profile"]) for item in body["listed"]] == [
        (0, "id:100004123456789"),
        (1, "id:100004123456789"),
        (2, "id:100004123456789"),
    ]
    assert body["invalid"] == []


async def test_ids_of_both_platforms_go_as_objects(
    client: httpx.AsyncClient, app: FastAPI, org: Org, person: Person
) -> None:
    await write_preferences(
        client,
        person,
        accounts=[account("facebook", "jane.doe"), account("instagram", "jane_doe")],
        listed=True,
    )
    prove_in(app, person.account_id)

    response = await _check(
        client,
        org,
        {
            "ids": [
                {"platform": "instagram", "id": "https://www.instagram.com/jane_doe/"},
                {"platform": "facebook", "id": "jane_doe"},  # not a Facebook handle
                {"platform": "facebook", "id": "jane.doe"},
            ]
        },
    )

    body = response.json()
    assert [(item["index"], item["platform"]) for item in body["listed"]] == [
        (0, "instagram"),
        (2, "facebook"),
    ]
    assert body["invalid"] == [1]


async def test_the_answer_follows_each_change_at_once(
    client: httpx.AsyncClient, app: FastAPI, org: Org, person: Person
) -> None:
    async def listed() -> list[str]:
        response = await _check(
            client, org, {"platform": "facebook", "ids": ["jane.doe", "jane.d"]}
        )
        return [item["profile"] for item in response.json()["listed"]]

    await _listed_person(client, app, person, "jane.doe")
    assert await listed() == ["jane.doe"]
    await write_preferences(
        client, person, accounts=[account("facebook", "jane.doe")], listed=False
    )
    assert await listed() == []
    await _listed_person(client, app, person, "jane.d")
    assert await listed() == ["jane.d"]
    await client.delete("/v1/me", headers=person.headers)
    assert await listed() == []


async def test_a_profile_claimed_by_two_people_is_named_only_for_the_one_who_proved_it(
    client: httpx.AsyncClient, app: FastAPI, org: Org, person: Person, other_person: Person
) -> None:
    await write_preferences(
        client, person, accounts=[account("facebook", "shared.page")], listed=True
    )
    await _listed_person(client, app, other_person, "shared.page")
    body = {"platform": "facebook", "ids": ["shared.page"]}
    assert [item["index"] for item in (await _check(client, org, body)).json()["listed"]] == [0]

    # The unproved claimant changes nothing either way; the owner's leaving does.
    await write_preferences(client, person, accounts=[], listed=False)
    assert [item["index"] for item in (await _check(client, org, body)).json()["listed"]] == [0]
    await write_preferences(client, other_person, accounts=[], listed=False)
    assert (await _check(client, org, body)).json()["listed"] == []


async def test_an_unproved_listed_profile_is_not_named(
    client: httpx.AsyncClient, org: Org, person: Person
) -> None:
    await write_preferences(client, person, accounts=[account("facebook", "jane.doe")], listed=True)

    response = await _check(client, org, {"platform": "facebook", "ids": ["jane.doe"]})

    assert response.json()["listed"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"platform": "facebook", "ids": ["a.b.c.d.e"] * 10_001}, "ids"),
        ({"ids": ["jane.doe"]}, ""),
        ({"platform": "facebook", "ids": "jane.doe"}, "ids"),
        ({"platform": "myspace", "ids": ["jane.doe"]}, "platform"),
        ({"platform": "facebook", "ids": [], "extra": 1}, "extra"),
    ],
    ids=["too-many", "no-platform", "not-a-list", "unknown-platform", "unknown-field"],
)
async def test_bad_requests_get_422_naming_the_field(
    client: httpx.AsyncClient, org: Org, body: Any, field: str
) -> None:
    response = await _check(client, org, body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = [error["field"] for error in response.json()["errors"]]
    assert any(name.startswith(field) for name in fields), fields
    if field == "ids" and isinstance(body["ids"], list):
        assert "10,000" in response.text


async def test_malformed_json_and_oversized_bodies_are_refused(
    client: httpx.AsyncClient, org: Org
) -> None:
    malformed = await client.post(
        "/v1/checks", headers={**org.headers, "content-type": "application/json"}, content=b"{"
    )
    oversized = await _check(
        client, org, {"platform": "facebook", "ids": ["https://www.facebook.com/x" * 2] * 10_000}
    )

    assert malformed.status_code == 422
    assert oversized.status_code == 413
    assert oversized.headers["content-type"] == "application/problem+json"


async def test_checks_need_checks_read(
    client: httpx.AsyncClient, engine: Engine, org: Org, person: Person
) -> None:
    stats_only = issue_key(engine, org, "stats:read")
    body = {"platform": "facebook", "ids": ["jane.doe"]}

    as_stats = await client.post("/v1/checks", headers=stats_only.headers, json=body)
    as_person = await client.post("/v1/checks", headers=person.headers, json=body)

    assert as_stats.status_code == 403
    assert as_person.status_code == 401
