"""Tracking an objection to Meta step by step: only steps that follow make it, each one logged."""

from typing import Any

import httpx
import pytest

from tests.conftest import Person
from tests.objections.helpers import STEPS, step
from tests.receipts.factories import FACEBOOK, INSTAGRAM, opt_out, put_preferences, verify


async def test_an_objection_goes_from_ready_to_confirmed_with_a_receipt_per_step(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)

    ready = await step(client, person, state="ready")
    submitted = await step(client, person, state="submitted", on="2025-05-20")
    confirmed = await step(client, person, state="confirmed", on="2025-05-22")

    for response in (ready, submitted, confirmed):
        assert response.status_code == 200, response.text
        assert response.headers["etag"] == f'"v{response.json()["version"]}"'
        assert (await verify(client, response.json()["receipt"]["jws"]))["valid"] is True
    assert confirmed.json()["accounts"][0]["objection"] == {
        "state": "confirmed",
        "submitted_on": "2025-05-20",
        "confirmed_on": "2025-05-22",
        "rejected_reason": None,
        "withdrawn_on": None,
    }


async def test_each_accepted_step_is_in_the_history(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await step(client, person, state="submitted", on="2025-05-20")
    await step(client, person, state="rejected", reason="Meta says it has overriding grounds")
    await step(client, person, state="needs_resubmission")

    history = (await client.get("/v1/me/history", headers=person.headers)).json()["entries"]

    states = [
        entry["data"]["accounts"][0]["objection"]["state"]
        for entry in reversed(history)
        if entry["type"] == "preferences.changed"
    ]
    assert states == ["not_started", "submitted", "rejected", "needs_resubmission"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("not_started", {"state": "confirmed", "on": "2025-05-22"}),
        ("not_started", {"state": "rejected"}),
        ("not_started", {"state": "needs_resubmission"}),
        ("ready", {"state": "confirmed"}),
    ],
)
async def test_a_step_that_does_not_follow_gets_409_and_changes_nothing(
    client: httpx.AsyncClient, person: Person, before: str, after: dict[str, str]
) -> None:
    await opt_out(client, person)
    if before != "not_started":
        await step(client, person, state=before)
    version = (await client.get("/v1/me/preferences", headers=person.headers)).json()["version"]

    response = await step(client, person, **after)

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(":objection-transition")
    assert f"'{before}' to '{after['state']}'" in response.json()["detail"]
    again = (await client.get("/v1/me/preferences", headers=person.headers)).json()
    assert again["version"] == version


async def test_a_confirmation_before_the_submission_date_is_invalid(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await step(client, person, state="submitted", on="2025-05-20")

    response = await step(client, person, state="confirmed", on="2025-05-01")

    assert response.status_code == 422
    assert response.json()["type"].endswith(":objection-step-invalid")


@pytest.mark.parametrize(
    "body",
    [
        {"state": "ready", "on": "2025-05-20"},
        {"state": "submitted", "reason": "why"},
        {"state": "submitted", "on": "2999-01-01"},
        {"state": "sent"},
        {"state": "submitted", "extra": 1},
    ],
)
async def test_a_malformed_step_gets_422(
    client: httpx.AsyncClient, person: Person, body: dict[str, Any]
) -> None:
    await opt_out(client, person)

    response = await step(client, person, **body)

    assert response.status_code == 422


async def test_the_account_must_be_linked_and_named_when_there_are_several(
    client: httpx.AsyncClient, person: Person
) -> None:
    second = {"platform": "facebook", "profile": "john.roe"}
    await put_preferences(client, person, region="DE", accounts=[FACEBOOK, second])

    unlinked = await step(client, person, platform="instagram", state="ready")
    ambiguous = await step(client, person, state="ready")
    named = await step(client, person, state="ready", profile="https://facebook.com/john.roe")
    bad_profile = await step(client, person, state="ready", profile="not a profile!")

    assert unlinked.status_code == 404
    assert unlinked.json()["type"].endswith(":no-linked-account")
    assert ambiguous.status_code == 409
    assert named.status_code == 200
    objections = {a["profile"]: a["objection"]["state"] for a in named.json()["accounts"]}
    assert objections == {"jane.doe": "not_started", "john.roe": "ready"}
    assert bad_profile.status_code == 422


async def test_steps_need_a_sign_in_and_touch_only_your_own_accounts(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    await put_preferences(client, person, region="DE", accounts=[INSTAGRAM])

    anonymous = await client.post(STEPS.format(platform="instagram"), json={"state": "ready"})
    theirs = await step(client, other_person, platform="instagram", state="ready")

    assert anonymous.status_code == 401
    assert theirs.status_code == 404
    mine = (await client.get("/v1/me/preferences", headers=person.headers)).json()
    assert mine["accounts"][0]["objection"]["state"] == "not_started"
