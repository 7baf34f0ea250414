"""The objection timeline: what may already have been used, what is covered from now on."""

import httpx
import pytest

from tests.conftest import Person
from tests.objections.helpers import TIMELINE, timeline, with_objection
from tests.receipts.factories import FACEBOOK, INSTAGRAM, put_preferences


async def test_an_eu_objection_after_training_began_covers_from_its_date_only(
    client: httpx.AsyncClient, person: Person
) -> None:
    submitted = with_objection(FACEBOOK, state="submitted", submitted_on="2025-07-01")

    body = await timeline(client, person, region="DE", accounts=[submitted, INSTAGRAM])

    assert body["region"] == "DE"
    assert body["objection_right"] is True
    assert body["training_started"]["on"] == "2025-05-27"
    assert body["training_started"]["source"].startswith("https://")
    facebook, instagram = body["accounts"]
    assert [entry["what"] for entry in facebook["entries"]] == [
        "training_started",
        "objection_submitted",
    ]
    assert [entry["on"] for entry in facebook["entries"]] == ["2025-05-27", "2025-07-01"]
    assert facebook["entries"][1]["basis"] == "your_record"
    assert facebook["covered_from"] == "2025-07-01"
    assert (
        "between 2025-05-27 and 2025-07-01 may already have been used"
        in (facebook["may_already_be_used"])
    )
    assert instagram["covered_from"] is None
    assert "nothing is covered until you object" in instagram["may_already_be_used"]


async def test_an_objection_before_training_began_keeps_past_posts_out(
    client: httpx.AsyncClient, person: Person
) -> None:
    confirmed = with_objection(
        FACEBOOK, state="confirmed", submitted_on="2025-05-20", confirmed_on="2025-05-21"
    )

    body = await timeline(client, person, region="AT", accounts=[confirmed])

    account = body["accounts"][0]
    assert [entry["what"] for entry in account["entries"]] == [
        "objection_submitted",
        "objection_confirmed",
        "training_started",
    ]
    assert account["covered_from"] == "2025-05-20"
    assert "before training began here on 2025-05-27" in account["may_already_be_used"]
    assert account["source"].startswith("https://")


async def test_a_2024_objection_in_the_eu_is_flagged_as_disputed(
    client: httpx.AsyncClient, person: Person
) -> None:
    submitted = with_objection(FACEBOOK, state="submitted", submitted_on="2024-06-20")

    body = await timeline(client, person, region="IE", accounts=[submitted])

    entries = body["accounts"][0]["entries"]
    assert [entry["what"] for entry in entries] == [
        "objection_submitted",
        "objections_disputed_before",
        "training_started",
    ]
    assert entries[1]["basis"] == "unclear"
    assert entries[1]["on"] == "2025-04-14"


async def test_the_uk_timeline_starts_in_september_2024(
    client: httpx.AsyncClient, person: Person
) -> None:
    body = await timeline(client, person, region="GB", accounts=[FACEBOOK])

    assert body["training_started"]["on"] == "2024-09-13"
    assert body["policy_version"] is None or "gb" in body["policy_version"]


async def test_without_an_objection_right_everything_public_may_be_used(
    client: httpx.AsyncClient, person: Person
) -> None:
    body = await timeline(client, person, region="US", accounts=[FACEBOOK])

    assert body["objection_right"] is False
    assert body["training_started"]["at_the_latest"] is True
    account = body["accounts"][0]
    assert account["covered_from"] is None
    assert "offers no objection" in account["may_already_be_used"]
    assert "2007" in account["entries"][0]["text"]


@pytest.mark.parametrize("state", ["rejected", "needs_resubmission"])
async def test_a_rejected_or_returned_objection_covers_nothing(
    client: httpx.AsyncClient, person: Person, state: str
) -> None:
    await put_preferences(
        client,
        person,
        region="FR",
        accounts=[with_objection(FACEBOOK, state="submitted", submitted_on="2025-06-01")],
    )
    body = await timeline(
        client,
        person,
        region="FR",
        accounts=[with_objection(FACEBOOK, state=state, submitted_on="2025-06-01")],
    )

    assert body["accounts"][0]["covered_from"] is None


async def test_an_unknown_region_says_so(client: httpx.AsyncClient, person: Person) -> None:
    body = await timeline(client, person, accounts=[FACEBOOK])

    assert body["region"] is None
    assert body["objection_right"] is None
    assert body["training_started"] is None
    assert "set your region" in body["accounts"][0]["may_already_be_used"]


async def test_the_timeline_is_the_callers_own(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    await put_preferences(client, person, region="DE", accounts=[FACEBOOK])

    theirs = await client.get(TIMELINE, headers=other_person.headers)
    anonymous = await client.get(TIMELINE)

    assert theirs.json()["accounts"] == []
    assert anonymous.status_code == 401
