"""A withdrawn objection and accounts in one Meta Accounts Center, as the stored record keeps
them: PUT, PATCH and GET round trips, the dates a withdrawal needs, and writers that do not
know the Accounts Center mark leave it as it is."""

from typing import Any

import httpx
import pytest

from tests.conftest import Person
from tests.support.preferences import whole

PREFERENCES = "/v1/me/preferences"
MERGE_PATCH = "application/merge-patch+json"
WITHDRAWN = {"state": "withdrawn", "submitted_on": "2025-05-20", "withdrawn_on": "2025-09-01"}


async def _read(client: httpx.AsyncClient, person: Person) -> httpx.Response:
    response = await client.get(PREFERENCES, headers=person.headers)
    assert response.status_code == 200, response.text
    return response


async def _put(client: httpx.AsyncClient, person: Person, **body: Any) -> httpx.Response:
    etag = (await _read(client, person)).headers["etag"]
    headers = {**person.headers, "If-Match": etag}
    return await client.put(PREFERENCES, headers=headers, json=whole(**body))


async def _patch(client: httpx.AsyncClient, person: Person, patch: Any) -> httpx.Response:
    etag = (await _read(client, person)).headers["etag"]
    headers = {**person.headers, "If-Match": etag, "Content-Type": MERGE_PATCH}
    content = httpx.Request("x", "/", json=patch).content
    return await client.patch(PREFERENCES, headers=headers, content=content)


async def _submitted_then_withdrawn(client: httpx.AsyncClient, person: Person) -> None:
    submitted = {"state": "submitted", "submitted_on": "2025-05-20"}
    first = await _put(client, person, accounts=[{"platform": "facebook", "objection": submitted}])
    assert first.status_code == 200, first.text
    answer = await _put(client, person, accounts=[{"platform": "facebook", "objection": WITHDRAWN}])
    assert answer.status_code == 200, answer.text


async def test_a_withdrawn_objection_is_stored_and_read_back_with_its_date(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _submitted_then_withdrawn(client, person)

    account = (await _read(client, person)).json()["accounts"][0]

    assert account["objection"] == {**WITHDRAWN, "confirmed_on": None, "rejected_reason": None}
    assert account["accounts_center"] is False


async def test_a_withdrawal_is_in_the_history_and_gets_a_receipt(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _put(
        client,
        person,
        accounts=[
            {
                "platform": "facebook",
                "objection": {"state": "submitted", "submitted_on": "2025-05-20"},
            }
        ],
    )
    etag = (await _read(client, person)).headers["etag"]
    headers = {**person.headers, "If-Match": etag}
    body = whole(accounts=[{"platform": "facebook", "objection": WITHDRAWN}])

    answer = await client.put(PREFERENCES, headers=headers, json=body)

    assert answer.json()["receipt"] is not None
    history = (await client.get("/v1/me/history", headers=person.headers)).json()["entries"]
    changes = history[0]["data"]["changes"]
    withdrawn_on = {"from": None, "to": "2025-09-01"}
    assert {"field": "accounts[facebook:].objection.withdrawn_on", **withdrawn_on} in changes


@pytest.mark.parametrize(
    ("objection", "field"),
    [
        ({"state": "withdrawn", "submitted_on": "2025-05-20"}, "needs withdrawn_on"),
        ({"state": "withdrawn", "withdrawn_on": "2025-09-01"}, "needs submitted_on"),
        ({**WITHDRAWN, "withdrawn_on": "2025-05-19"}, "before submitted_on"),
        ({**WITHDRAWN, "withdrawn_on": "2999-01-01"}, "future"),
        ({**WITHDRAWN, "state": "submitted"}, "only for state 'withdrawn'"),
    ],
)
async def test_a_withdrawal_with_dates_that_make_no_sense_is_422_naming_the_objection(
    client: httpx.AsyncClient, person: Person, objection: dict[str, str], field: str
) -> None:
    answer = await _put(client, person, accounts=[{"platform": "facebook", "objection": objection}])

    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    errors = answer.json()["errors"]
    assert any(e["field"].startswith("accounts[0].objection") for e in errors), errors
    assert any(field in e["message"] for e in errors), errors


async def test_an_objection_cannot_be_withdrawn_before_it_was_sent(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _put(client, person, accounts=[{"platform": "facebook"}])

    answer = await _put(client, person, accounts=[{"platform": "facebook", "objection": WITHDRAWN}])

    assert answer.status_code == 409
    assert answer.json()["type"].endswith("objection-transition")


async def test_after_withdrawing_a_person_can_object_again(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _submitted_then_withdrawn(client, person)
    again = {"state": "submitted", "submitted_on": "2025-10-01"}

    answer = await _put(client, person, accounts=[{"platform": "facebook", "objection": again}])

    assert answer.status_code == 200, answer.text
    assert answer.json()["accounts"][0]["objection"]["withdrawn_on"] is None


async def test_the_accounts_center_mark_round_trips_through_put_patch_and_get(
    client: httpx.AsyncClient, person: Person
) -> None:
    accounts = [
        {"platform": "facebook", "profile": "jane.doe", "accounts_center": True},
        {"platform": "instagram", "profile": "jane_doe", "accounts_center": True},
    ]
    put = await _put(client, person, accounts=accounts)
    assert put.status_code == 200, put.text
    assert [a["accounts_center"] for a in put.json()["accounts"]] == [True, True]

    patched = await _patch(
        client,
        person,
        {"accounts": [{**accounts[0], "accounts_center": False}, accounts[1]]},
    )

    assert patched.status_code == 200, patched.text
    read = (await _read(client, person)).json()
    assert [a["accounts_center"] for a in read["accounts"]] == [False, True]
    history = (await client.get("/v1/me/history", headers=person.headers)).json()["entries"]
    unmarked = {"field": "accounts[facebook:jane.doe].accounts_center", "from": True, "to": False}
    assert unmarked in history[0]["data"]["changes"]


async def test_a_writer_that_leaves_out_the_mark_or_the_objection_resets_neither(
    client: httpx.AsyncClient, person: Person
) -> None:
    """An older extension sends each account without `accounts_center` (and a region change
    may send it without its objection): both stay as stored."""
    await _submitted_then_withdrawn(client, person)
    await _put(
        client,
        person,
        accounts=[{"platform": "facebook", "objection": WITHDRAWN, "accounts_center": True}],
    )

    answer = await _put(client, person, region="DE", accounts=[{"platform": "facebook"}])
    patched = await _patch(client, person, {"listed": True})

    assert answer.status_code == 200, answer.text
    assert patched.status_code == 200, patched.text
    account = (await _read(client, person)).json()["accounts"][0]
    assert account["accounts_center"] is True
    assert account["objection"]["state"] == "withdrawn"
    assert account["objection"]["withdrawn_on"] == "2025-09-01"
