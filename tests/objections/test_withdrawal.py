"""Withdrawing an objection through the steps route: from submitted or confirmed only, dated,
receipted, in the timeline, and followed by a new objection when the person objects again."""

from typing import Any

import httpx
import pytest

from tests.conftest import Person
from tests.objections.helpers import step
from tests.receipts.factories import opt_out, verify


async def _objection(client: httpx.AsyncClient, person: Person) -> dict[str, Any]:
    body = (await client.get("/v1/me/preferences", headers=person.headers)).json()
    return dict(body["accounts"][0]["objection"])


@pytest.mark.parametrize("filed", ["submitted", "confirmed"])
async def test_a_sent_objection_can_be_withdrawn_on_a_day_with_a_receipt(
    client: httpx.AsyncClient, person: Person, filed: str
) -> None:
    await opt_out(client, person)
    await step(client, person, state="submitted", on="2025-05-20")
    if filed == "confirmed":
        await step(client, person, state="confirmed", on="2025-05-22")

    answer = await step(client, person, state="withdrawn", on="2025-09-01")

    assert answer.status_code == 200, answer.text
    assert (await verify(client, answer.json()["receipt"]["jws"]))["claims"]["accounts"][0][
        "withdrawn_on"
    ] == "2025-09-01"
    assert await _objection(client, person) == {
        "state": "withdrawn",
        "submitted_on": "2025-05-20",
        "confirmed_on": None,
        "rejected_reason": None,
        "withdrawn_on": "2025-09-01",
    }


@pytest.mark.parametrize("before", ["not_started", "ready", "rejected", "needs_resubmission"])
async def test_an_objection_not_standing_cannot_be_withdrawn(
    client: httpx.AsyncClient, person: Person, before: str
) -> None:
    await opt_out(client, person)
    if before in {"rejected", "needs_resubmission"}:
        await step(client, person, state="submitted", on="2025-05-20")
    if before != "not_started":
        assert (await step(client, person, state=before)).status_code == 200

    answer = await step(client, person, state="withdrawn")

    assert answer.status_code == 409
    assert answer.json()["type"].endswith("objection-transition")
    assert (await _objection(client, person))["state"] == before


async def test_a_withdrawal_dated_before_the_objection_was_sent_is_refused(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await step(client, person, state="submitted", on="2025-05-20")

    answer = await step(client, person, state="withdrawn", on="2025-05-01")

    assert answer.status_code == 422
    assert "withdrawn_on must not be before submitted_on" in answer.json()["detail"]
    assert (await _objection(client, person))["state"] == "submitted"


async def test_after_withdrawing_one_objects_again_from_that_day_on(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await step(client, person, state="submitted", on="2025-05-20")
    await step(client, person, state="withdrawn", on="2025-09-01")

    too_early = await step(client, person, state="submitted", on="2025-08-01")
    again = await step(client, person, state="submitted", on="2025-10-01")

    assert too_early.status_code == 422
    assert again.status_code == 200, again.text
    assert await _objection(client, person) == {
        "state": "submitted",
        "submitted_on": "2025-10-01",
        "confirmed_on": None,
        "rejected_reason": None,
        "withdrawn_on": None,
    }


async def test_a_withdrawal_taken_back_restores_the_standing_objection(
    client: httpx.AsyncClient, person: Person
) -> None:
    await opt_out(client, person)
    await step(client, person, state="submitted", on="2025-05-20")
    await step(client, person, state="withdrawn", on="2025-09-01")

    answer = await step(
        client, person, state="submitted", correction={"reason": "I pressed withdraw by mistake"}
    )

    assert answer.status_code == 200, answer.text
    objection = await _objection(client, person)
    assert (objection["state"], objection["submitted_on"], objection["withdrawn_on"]) == (
        "submitted",
        "2025-05-20",
        None,
    )


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "You withdrew your objection"), ("de", "zurückgezogen")]
)
async def test_the_timeline_dates_the_withdrawal_and_says_nothing_is_covered(
    client: httpx.AsyncClient, person: Person, lang: str, words: str
) -> None:
    await opt_out(client, person)
    await step(client, person, state="submitted", on="2025-07-01")
    await step(client, person, state="withdrawn", on="2025-09-01")

    response = await client.get(
        "/v1/me/objection-timeline", params={"lang": lang}, headers=person.headers
    )

    assert response.status_code == 200, response.text
    account = response.json()["accounts"][0]
    assert account["objection_state"] == "withdrawn"
    assert [(e["what"], e["on"]) for e in account["entries"]] == [
        ("training_started", "2025-05-27"),
        ("objection_submitted", "2025-07-01"),
        ("objection_withdrawn", "2025-09-01"),
    ]
    assert words in account["entries"][-1]["text"]
    assert account["covered_from"] is None
    assert "2025-09-01" in account["may_already_be_used"]
    assert words in account["may_already_be_used"]
