"""POST /v1/explain takes people as they are: the author's age now and when posting, an objection
filed and withdrawn, any region alias the service knows, days before Meta AI's launch; and it
refuses facts that cannot be (an item made after the day it is judged on, an audience the platform
does not have) with a 422 naming the field as the person wrote it."""

from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import httpx
import pytest

from tests.explain.helpers import explain, item

AS_OF = "2026-01-15"
FINE = [item(id=str(n)) for n in range(3)]


async def _problem(client: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, str]:
    response = await client.post("/v1/explain", json=body)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["type"].endswith(":validation")
    return {error["field"]: error["message"] for error in problem["errors"]}


class Refused(NamedTuple):
    name: str
    body: dict[str, Any]
    field: str
    says: str  # a phrase the message must contain


REFUSED = [
    Refused(
        "made-after-as-of",
        {"as_of": AS_OF, "items": [*FINE, item(created_at="2026-02-01")]},
        "items[3].created_at",
        "2026-02-01 is after as_of (2026-01-15)",
    ),
    Refused(
        "instagram-has-no-groups",
        {"as_of": AS_OF, "items": [item(platform="instagram", audience="group_public")]},
        "items[0].audience",
        "instagram has no audience 'group_public'",
    ),
    Refused(
        "threads-has-no-friends",
        {"as_of": AS_OF, "items": [item(platform="threads", audience="friends")]},
        "items[0].audience",
        "threads has no audience 'friends'",
    ),
    Refused(
        "facebook-has-no-followers-audience",
        {"as_of": AS_OF, "items": [item(audience="followers")]},
        "items[0].audience",
        "facebook has no audience 'followers'",
    ),
    Refused(
        "adult-then-minor-now",
        {"as_of": AS_OF, "items": [item(author_age="minor", author_age_at_posting="adult")]},
        "items[0].author_age_at_posting",
        "not a minor now",
    ),
    Refused(
        "withdrawn-before-filed",
        {
            "as_of": AS_OF,
            "objection": {"filed_on": "2025-05-01", "withdrawn_on": "2025-04-01"},
            "items": [item()],
        },
        "objection.withdrawn_on",
        "must not be before filed_on (2025-05-01)",
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
async def test_facts_that_cannot_be_are_refused_naming_the_field(
    client: httpx.AsyncClient, case: Refused
) -> None:
    errors = await _problem(client, case.body)

    assert case.field in errors, errors
    assert case.says in errors[case.field]


async def test_without_as_of_an_item_dated_tomorrow_in_utc_is_a_time_zone_not_an_error(
    client: httpx.AsyncClient,
) -> None:
    today = datetime.now(UTC).date()
    tomorrow = (today + timedelta(days=1)).isoformat()
    later = (today + timedelta(days=2)).isoformat()

    answer = await explain(client, {"region": "DE", "items": [item(created_at=tomorrow)]})
    errors = await _problem(client, {"region": "DE", "items": [item(created_at=later)]})

    assert answer["results"][0]["verdict"] == "included"
    assert f"{later} is after today" in errors["items[0].created_at"]


async def test_posted_as_a_minor_adult_now_is_judged_by_both(client: httpx.AsyncClient) -> None:
    teen = item(author_age="adult", author_age_at_posting="minor", created_at="2015-08-01")
    body = {"region": "DE", "as_of": AS_OF, "items": [teen, item(id="p2")]}

    then, now = (await explain(client, body))["results"]

    assert (then["verdict"], then["may_already_be_used"]) == ("uncertain", None)
    assert then["reasons"][0]["code"] == "age.minor_when_posted"
    assert now["verdict"] == "included"  # `author_age` alone keeps its meaning


async def test_a_withdrawn_objection_no_longer_keeps_the_item_out(
    client: httpx.AsyncClient,
) -> None:
    standing = {"filed_on": "2025-05-01"}
    withdrawn = {**standing, "withdrawn_on": "2025-09-01"}
    base = {"region": "DE", "as_of": AS_OF, "items": [item()]}

    kept = (await explain(client, {**base, "objection": standing}))["results"][0]
    again = (await explain(client, {**base, "objection": withdrawn}))["results"][0]

    assert (kept["verdict"], kept["may_already_be_used"]) == ("excluded", False)
    assert (again["verdict"], again["may_already_be_used"]) == ("included", True)
    assert "objection.withdrawn" in [reason["code"] for reason in again["reasons"]]
    assert again["actions"][0]["code"] == "object.facebook"


@pytest.mark.parametrize(("alias", "region"), [("EL", "GR"), ("el", "GR"), ("UK", "GB")])
async def test_region_aliases_are_accepted(
    client: httpx.AsyncClient, alias: str, region: str
) -> None:
    answer = await explain(client, {"region": alias, "as_of": AS_OF, "items": [item()]})

    assert answer["region"] == region


async def test_a_day_before_meta_ais_launch_is_answered(client: httpx.AsyncClient) -> None:
    body = {"region": "US", "as_of": "2023-03-01", "items": [item(created_at="2019-06-01")]}

    answer = await explain(client, body)

    assert answer["policy"]["id"] == "meta-world-2023-09-27"
    assert (answer["results"][0]["verdict"], answer["results"][0]["may_already_be_used"]) == (
        "included",
        None,
    )


async def test_with_the_region_unknown_the_person_is_asked_for_their_country(
    client: httpx.AsyncClient,
) -> None:
    answer = await explain(client, {"as_of": AS_OF, "items": [item()]})

    codes = [action["code"] for action in answer["results"][0]["actions"]]
    assert codes[0] == "region.tell"
    assert "Switzerland" in answer["results"][0]["actions"][0]["text"]
