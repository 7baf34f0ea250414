"""Objection steps people can correct: a step taken by mistake is taken back with a reason, a
repeated step changes nothing, and removing and re-adding an account is no way around the order
of the steps."""

from typing import Any

import httpx
import pytest

from tests.conftest import Person
from tests.receipts.factories import FACEBOOK, opt_out, put_preferences, verify

STEPS = "/v1/me/objections/facebook/steps"
KEY = "accounts[facebook:jane.doe]"


async def step(client: httpx.AsyncClient, person: Person, **body: Any) -> httpx.Response:
    response = await client.post(STEPS, json=body, headers=person.headers)
    return response


async def ok_step(client: httpx.AsyncClient, person: Person, **body: Any) -> dict[str, Any]:
    response = await step(client, person, **body)
    assert response.status_code == 200, response.text
    return dict(response.json())


def correction(state: str, reason: str = "I pressed it by mistake") -> dict[str, Any]:
    return {"state": state, "correction": {"reason": reason}}


async def history(client: httpx.AsyncClient, person: Person) -> list[dict[str, Any]]:
    response = await client.get("/v1/me/history", headers=person.headers)
    assert response.status_code == 200
    return list(response.json()["entries"])


async def receipt_ids(client: httpx.AsyncClient, person: Person) -> list[str]:
    response = await client.get("/v1/me/receipts", headers=person.headers)
    assert response.status_code == 200
    return [item["id"] for item in response.json()["receipts"]]


async def objection(client: httpx.AsyncClient, person: Person) -> dict[str, Any]:
    current = await client.get("/v1/me/preferences", headers=person.headers)
    return dict(current.json()["accounts"][0]["objection"])


async def test_a_step_taken_by_mistake_is_taken_back_with_its_reason_logged_and_receipted(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await ok_step(client, person, state="submitted", on="2025-05-20")

    body = await ok_step(client, person, **correction("not_started", "  Sent too early  "))

    assert body["accounts"][0]["objection"] == {
        "state": "not_started",
        "submitted_on": None,
        "confirmed_on": None,
        "rejected_reason": None,
        "withdrawn_on": None,
    }
    expected = {
        "field": f"{KEY}.objection.state",
        "from": "submitted",
        "to": "not_started",
        "correction": "Sent too early",
    }
    claims = await verify(client, body["receipt"]["jws"])
    assert claims["valid"] is True
    assert expected in claims["claims"]["changes"]
    latest = (await history(client, person))[0]
    assert latest["type"] == "preferences.changed"
    assert expected in latest["data"]["changes"]
    # The corrected objection goes on from there as any other.
    again = await ok_step(client, person, state="submitted", on="2025-05-21")
    assert again["accounts"][0]["objection"]["submitted_on"] == "2025-05-21"


async def test_a_correction_restores_the_objection_as_it_was_dates_included(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await ok_step(client, person, state="submitted", on="2025-05-20")
    await ok_step(client, person, state="confirmed", on="2025-05-22")

    body = await ok_step(client, person, **correction("submitted", "Meta only acknowledged it"))

    assert body["accounts"][0]["objection"] == {
        "state": "submitted",
        "submitted_on": "2025-05-20",
        "confirmed_on": None,
        "rejected_reason": None,
        "withdrawn_on": None,
    }


@pytest.mark.parametrize(
    ("steps", "wanted", "said"),
    [
        ([{"state": "submitted", "on": "2025-05-20"}], "ready", "returns it to 'not_started'"),
        ([{"state": "ready"}, {"state": "submitted"}], "not_started", "returns it to 'ready'"),
        ([], "ready", "no step to take back"),
    ],
)
async def test_a_correction_goes_back_exactly_one_step_or_gets_409(
    client: httpx.AsyncClient,
    person: Person,
    steps: list[dict[str, str]],
    wanted: str,
    said: str,
) -> None:
    await opt_out(client, person)
    for taken in steps:
        await ok_step(client, person, **taken)
    before = (await client.get("/v1/me/preferences", headers=person.headers)).json()

    response = await step(client, person, **correction(wanted))

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(":objection-correction")
    assert said in response.json()["detail"]
    after = (await client.get("/v1/me/preferences", headers=person.headers)).json()
    assert after == before


@pytest.mark.parametrize(
    "body",
    [
        correction("not_started", ""),
        correction("not_started", "  a "),
        correction("not_started", "x" * 281),
        correction("not_started", "two\nlines"),
        {"state": "not_started", "correction": {}},
        {"state": "not_started", "correction": {"reason": "mistake", "when": "now"}},
        {"state": "submitted", "on": "2025-05-20", "correction": {"reason": "wrong day"}},
    ],
)
async def test_a_malformed_correction_gets_422_and_changes_nothing(
    client: httpx.AsyncClient, person: Person, body: dict[str, Any]
) -> None:
    await opt_out(client, person)
    await ok_step(client, person, state="submitted", on="2025-05-20")

    response = await step(client, person, **body)

    assert response.status_code == 422, response.text
    assert (await objection(client, person))["state"] == "submitted"


@pytest.mark.parametrize(
    "repeat",
    [
        {"state": "submitted", "on": "2025-05-20"},
        {"state": "submitted"},  # without a day: the day already recorded stays
    ],
)
async def test_a_repeated_step_writes_nothing_and_answers_as_the_first_did(
    client: httpx.AsyncClient, person: Person, repeat: dict[str, str]
) -> None:
    await opt_out(client, person)
    first = await step(client, person, state="submitted", on="2025-05-20")
    events, receipts = await history(client, person), await receipt_ids(client, person)

    second = await step(client, person, **repeat)

    assert second.status_code == 200, second.text
    assert second.json() == first.json()
    assert second.headers["etag"] == first.headers["etag"]
    assert await history(client, person) == events
    assert await receipt_ids(client, person) == receipts


async def test_a_repeated_correction_writes_nothing(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await ok_step(client, person, state="ready")
    await ok_step(client, person, state="submitted", on="2025-05-20")
    first = await ok_step(client, person, **correction("ready"))
    events = await history(client, person)

    second = await ok_step(client, person, **correction("ready"))

    assert second == first
    assert await history(client, person) == events


async def test_a_removed_account_comes_back_with_its_objection_where_it_stood(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await ok_step(client, person, state="submitted", on="2025-05-20")
    assert (await put_preferences(client, person, region="DE", accounts=[])).status_code == 200
    receipts = await receipt_ids(client, person)

    reset = await put_preferences(
        client,
        person,
        region="DE",
        accounts=[{**FACEBOOK, "objection": {"state": "not_started"}}],
    )
    restored = await put_preferences(client, person, region="DE", accounts=[FACEBOOK])

    assert reset.status_code == 409
    assert reset.json()["type"].endswith(":objection-transition")
    assert "'submitted' to 'not_started'" in reset.json()["detail"]
    assert "when you removed the account" in reset.json()["detail"]
    assert len(await receipt_ids(client, person)) == len(receipts) + 1  # the re-adding only
    assert restored.status_code == 200, restored.text
    assert restored.json()["accounts"][0]["objection"]["state"] == "submitted"
    assert restored.json()["accounts"][0]["objection"]["submitted_on"] == "2025-05-20"
    # The history goes on from the restored state: the correction still finds the step before.
    corrected = await ok_step(client, person, **correction("not_started"))
    assert corrected["accounts"][0]["objection"]["state"] == "not_started"


async def test_a_removed_account_may_come_back_one_step_further(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await ok_step(client, person, state="submitted", on="2025-05-20")
    await put_preferences(client, person, region="DE", accounts=[])
    confirmed = {"state": "confirmed", "submitted_on": "2025-05-20", "confirmed_on": "2025-05-30"}

    response = await put_preferences(
        client, person, region="DE", accounts=[{**FACEBOOK, "objection": confirmed}]
    )

    assert response.status_code == 200, response.text
    assert response.json()["accounts"][0]["objection"]["state"] == "confirmed"


async def test_an_account_sent_without_its_objection_keeps_it(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await ok_step(client, person, state="ready")

    response = await put_preferences(client, person, region="FR", accounts=[FACEBOOK])

    assert response.status_code == 200, response.text
    assert response.json()["accounts"][0]["objection"]["state"] == "ready"


async def test_the_timeline_shows_every_state_a_rejection_the_resubmission_and_corrections(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)  # DE: training began on 2025-05-27
    await ok_step(client, person, state="ready")
    await ok_step(client, person, state="submitted", on="2025-06-01")
    await ok_step(client, person, state="rejected", reason="Meta found overriding grounds")
    await ok_step(client, person, state="submitted", on="2025-06-10")
    await ok_step(client, person, state="confirmed", on="2025-06-12")
    await ok_step(client, person, **correction("submitted", "That mail was not a confirmation"))

    response = await client.get("/v1/me/objection-timeline", headers=person.headers)

    assert response.status_code == 200
    account = response.json()["accounts"][0]
    entries = account["entries"]
    assert [entry["what"] for entry in entries] == [
        "training_started",
        "objection_ready",
        "objection_submitted",
        "objection_rejected",
        "objection_submitted",
        "objection_confirmed",
        "objection_corrected",
    ]
    assert [entries[i]["on"] for i in (2, 4, 5)] == ["2025-06-01", "2025-06-10", "2025-06-12"]
    assert entries[3]["reason"] == "Meta found overriding grounds"
    assert entries[6]["reason"] == "That mail was not a confirmation"
    assert "'confirmed'" in entries[6]["text"] and "'submitted' again" in entries[6]["text"]
    assert all(entry["basis"] == "your_record" for entry in entries[1:])
    assert account["objection_state"] == "submitted"
    assert account["covered_from"] == "2025-06-10"


async def test_the_timeline_keeps_the_history_of_a_removed_and_re_added_account(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await ok_step(client, person, state="submitted", on="2025-06-01")
    await put_preferences(client, person, region="DE", accounts=[])
    await put_preferences(client, person, region="DE", accounts=[FACEBOOK])

    response = await client.get("/v1/me/objection-timeline", headers=person.headers)

    whats = [entry["what"] for entry in response.json()["accounts"][0]["entries"]]
    assert whats == ["training_started", "objection_submitted"]
