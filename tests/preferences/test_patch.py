"""Preferences without accidents: PUT takes the whole document, PATCH changes only what it
names (JSON Merge Patch), and the history and receipt say exactly what changed."""

from typing import Any

import httpx

from tests.conftest import Person
from tests.support.preferences import whole

PREFERENCES = "/v1/me/preferences"
MERGE_PATCH = "application/merge-patch+json"
JANE = {"platform": "facebook", "profile": "jane.doe"}


async def _etag(client: httpx.AsyncClient, person: Person) -> str:
    return (await client.get(PREFERENCES, headers=person.headers)).headers["etag"]


async def _put(client: httpx.AsyncClient, person: Person, body: dict[str, Any]) -> httpx.Response:
    headers = {**person.headers, "If-Match": await _etag(client, person)}
    return await client.put(PREFERENCES, headers=headers, json=body)


async def _patch(
    client: httpx.AsyncClient,
    person: Person,
    patch: Any,
    *,
    media_type: str = MERGE_PATCH,
    etag: str | None = None,
) -> httpx.Response:
    headers = {
        **person.headers,
        "If-Match": etag or await _etag(client, person),
        "Content-Type": media_type,
    }
    content = patch if isinstance(patch, bytes) else httpx.Request("x", "/", json=patch).content
    return await client.patch(PREFERENCES, headers=headers, content=content)


async def test_a_put_with_a_partial_body_is_refused_naming_each_missing_field(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _put(client, person, whole(region="DE", accounts=[JANE]))

    answer = await _put(client, person, {"region": "FR"})

    assert answer.status_code == 422
    missing = {error["field"] for error in answer.json()["errors"]}
    assert missing == {"accounts", "scope", "listed"}
    # Nothing changed: the opt-out was not silently withdrawn.
    current = (await client.get(PREFERENCES, headers=person.headers)).json()
    assert current["region"] == "DE"
    assert [account["profile"] for account in current["accounts"]] == ["jane.doe"]


async def test_a_patch_changes_only_what_it_names(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _put(client, person, whole(region="DE", accounts=[JANE], scope=["posts"]))

    answer = await _patch(client, person, {"listed": True})

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["listed"] is True
    assert body["region"] == "DE"
    assert body["scope"] == ["posts"]
    assert [account["profile"] for account in body["accounts"]] == ["jane.doe"]
    assert answer.headers["etag"] == f'"v{body["version"]}"'
    assert body["receipt"] is None  # being listed changes no opt-out


async def test_null_clears_a_field_and_an_invalid_result_is_422_naming_it(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _put(client, person, whole(region="DE", accounts=[JANE]))

    cleared = await _patch(client, person, {"region": None})
    assert cleared.status_code == 200
    assert cleared.json()["region"] is None

    broken = await _patch(client, person, {"scope": "everything", "accounts": None})
    assert broken.status_code == 422
    assert {error["field"] for error in broken.json()["errors"]} == {"scope", "accounts"}


async def test_a_patch_needs_its_media_type_an_object_and_the_current_etag(
    client: httpx.AsyncClient, person: Person
) -> None:
    as_json = await _patch(client, person, {"listed": True}, media_type="application/json")
    not_an_object = await _patch(client, person, ["listed"])
    not_json = await _patch(client, person, b"{listed")
    stale = await _patch(client, person, {"listed": True}, etag='"v99"')
    missing = await client.patch(
        PREFERENCES,
        headers={**person.headers, "Content-Type": MERGE_PATCH},
        content=b'{"listed": true}',
    )

    assert as_json.status_code == 415
    assert as_json.headers["content-type"] == "application/problem+json"
    assert not_an_object.status_code == 422
    assert not_json.status_code == 422
    assert stale.status_code == 412
    assert missing.status_code == 428
    current = (await client.get(PREFERENCES, headers=person.headers)).json()
    assert current["listed"] is False and current["version"] == 1


async def test_the_history_and_the_receipt_say_exactly_what_changed(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _put(client, person, whole(region="DE", accounts=[JANE]))

    answer = await _patch(
        client,
        person,
        {"accounts": [{**JANE, "objection": {"state": "submitted", "submitted_on": "2025-05-20"}}]},
    )

    assert answer.status_code == 200, answer.text
    expected = [
        {
            "field": "accounts[facebook:jane.doe].objection.state",
            "from": "not_started",
            "to": "submitted",
        },
        {
            "field": "accounts[facebook:jane.doe].objection.submitted_on",
            "from": None,
            "to": "2025-05-20",
        },
    ]
    history = (await client.get("/v1/me/history", headers=person.headers)).json()
    assert history["entries"][0]["data"]["changes"] == expected
    receipt = answer.json()["receipt"]
    verified = await client.post("/v1/receipts/verify", json={"receipt": receipt["jws"]})
    assert verified.json()["claims"]["changes"] == expected


async def test_withdrawing_is_explicit_and_its_receipt_names_each_account(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _put(client, person, whole(region="DE", accounts=[JANE]))

    answer = await _patch(client, person, {"accounts": []})

    assert answer.status_code == 200
    receipt = answer.json()["receipt"]
    claims = (await client.post("/v1/receipts/verify", json={"receipt": receipt["jws"]})).json()
    assert claims["claims"]["action"] == "withdrawn"
    assert claims["claims"]["changes"] == [
        {"field": "accounts[facebook:jane.doe]", "from": "not_started", "to": None}
    ]
