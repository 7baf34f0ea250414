"""A person's opt-out preferences: read, replace with If-Match, history, validation, ownership."""

from typing import Any

import httpx

from tests.conftest import Person
from tests.support.preferences import whole

PREFERENCES = "/v1/me/preferences"
FULL_PREFERENCES: dict[str, Any] = {
    "region": "de",
    "accounts": [
        {
            "platform": "facebook",
            "profile": "https://www.facebook.com/Jane.Doe",
            "objection": {"state": "submitted", "submitted_on": "2025-05-20"},
        },
        {"platform": "instagram", "profile": "@jane_doe"},
    ],
    "scope": ["posts", "comments"],
    "listed": True,
}


async def _read(client: httpx.AsyncClient, person: Person) -> httpx.Response:
    response = await client.get(PREFERENCES, headers=person.headers)
    assert response.status_code == 200, response.text
    return response


async def _replace(
    client: httpx.AsyncClient, person: Person, body: dict[str, Any], etag: str | None
) -> httpx.Response:
    headers = dict(person.headers)
    if etag is not None:
        headers["If-Match"] = etag
    return await client.put(PREFERENCES, headers=headers, json=whole(**body))


async def test_a_new_account_starts_with_nothing_listed_and_no_objection(
    client: httpx.AsyncClient, person: Person
) -> None:
    response = await _read(client, person)

    assert response.json() | {"updated_at": None} == {
        "region": None,
        "accounts": [],
        "scope": "all",
        "listed": False,
        "version": 1,
        "updated_at": None,
    }
    assert response.headers["etag"] == '"v1"'


async def test_replacing_stores_normalised_values_and_moves_the_etag(
    client: httpx.AsyncClient, person: Person
) -> None:
    etag = (await _read(client, person)).headers["etag"]

    response = await _replace(client, person, FULL_PREFERENCES, etag)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["region"] == "DE"
    assert [(a["platform"], a["profile"]) for a in body["accounts"]] == [
        ("facebook", "jane.doe"),
        ("instagram", "jane_doe"),
    ]
    assert body["accounts"][0]["objection"]["state"] == "submitted"
    assert body["scope"] == ["posts", "comments"]
    assert body["listed"] is True
    assert response.headers["etag"] == '"v2"'
    body.pop("receipt")  # the write's evidence; reads show the preferences alone
    assert (await _read(client, person)).json() == body


async def test_a_stale_etag_gets_412_and_changes_nothing(
    client: httpx.AsyncClient, person: Person
) -> None:
    first = (await _read(client, person)).headers["etag"]
    assert (await _replace(client, person, {"region": "FR"}, first)).status_code == 200

    stale = await _replace(client, person, {"region": "IT"}, first)

    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert (await _read(client, person)).json()["region"] == "FR"


async def test_a_write_without_if_match_gets_428(client: httpx.AsyncClient, person: Person) -> None:
    response = await _replace(client, person, {"region": "FR"}, None)

    assert response.status_code == 428
    assert response.json()["type"].endswith(":precondition-required")


async def test_every_accepted_change_is_in_the_history_newest_first(
    client: httpx.AsyncClient, person: Person
) -> None:
    etag = (await _read(client, person)).headers["etag"]
    for region in ("FR", "IT"):
        etag = (await _replace(client, person, {"region": region}, etag)).headers["etag"]

    history = (await client.get("/v1/me/history", headers=person.headers)).json()

    assert [entry["type"] for entry in history["entries"]] == [
        "preferences.changed",
        "preferences.changed",
        "account.created",
    ]
    assert [entry["data"].get("region") for entry in history["entries"][:2]] == ["IT", "FR"]


async def test_an_objection_cannot_be_confirmed_before_it_was_submitted(
    client: httpx.AsyncClient, person: Person
) -> None:
    etag = (await _read(client, person)).headers["etag"]
    started = {"accounts": [{"platform": "facebook", "profile": "jane.doe"}]}
    etag = (await _replace(client, person, started, etag)).headers["etag"]
    confirmed = {
        "accounts": [
            {
                "platform": "facebook",
                "profile": "jane.doe",
                "objection": {
                    "state": "confirmed",
                    "submitted_on": "2025-05-20",
                    "confirmed_on": "2025-05-21",
                },
            }
        ]
    }

    response = await _replace(client, person, confirmed, etag)

    assert response.status_code == 409
    assert response.json()["type"].endswith(":objection-transition")
    assert (await _read(client, person)).headers["etag"] == etag


async def test_bad_fields_are_named_in_a_422_problem(
    client: httpx.AsyncClient, person: Person
) -> None:
    etag = (await _read(client, person)).headers["etag"]
    body = {
        "region": "XX",
        "accounts": [{"platform": "facebook", "profile": "https://evil.example/jane"}],
        "scope": ["posts", "tweets"],
        "listed": "perhaps",
        "colour": "blue",
    }

    response = await _replace(client, person, body, etag)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"region", "accounts[0].profile", "listed", "colour"} <= fields
    assert any(field.startswith("scope") for field in fields)


async def test_dates_that_make_no_sense_are_refused(
    client: httpx.AsyncClient, person: Person
) -> None:
    etag = (await _read(client, person)).headers["etag"]
    future = {
        "accounts": [
            {
                "platform": "facebook",
                "objection": {"state": "submitted", "submitted_on": "2999-01-01"},
            }
        ]
    }
    backwards = {
        "accounts": [
            {
                "platform": "instagram",
                "objection": {
                    "state": "confirmed",
                    "submitted_on": "2025-06-01",
                    "confirmed_on": "2025-05-01",
                },
            }
        ]
    }

    for body in (future, backwards):
        assert (await _replace(client, person, body, etag)).status_code == 422


async def test_an_oversized_body_gets_413_before_parsing(
    client: httpx.AsyncClient, person: Person
) -> None:
    etag = (await _read(client, person)).headers["etag"]
    huge = {"region": "DE", "padding": "x" * 300_000}

    response = await _replace(client, person, huge, etag)

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_no_one_reads_or_changes_another_persons_preferences(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    etag = (await _read(client, person)).headers["etag"]
    assert (await _replace(client, person, FULL_PREFERENCES, etag)).status_code == 200

    theirs = await _read(client, other_person)
    overwrite = await _replace(client, other_person, {"region": "US"}, '"v2"')
    history = (await client.get("/v1/me/history", headers=other_person.headers)).json()

    assert theirs.json()["accounts"] == []
    assert overwrite.status_code == 412  # their own v1, not the person's v2
    assert (await _read(client, person)).json()["region"] == "DE"
    assert all(
        entry["data"]["account_id"] == other_person.account_id for entry in history["entries"]
    )


async def test_the_export_holds_everything_and_only_the_persons_own(
    client: httpx.AsyncClient, person: Person, other_person: Person
) -> None:
    etag = (await _read(client, person)).headers["etag"]
    await _replace(client, person, FULL_PREFERENCES, etag)

    export = (await client.get("/v1/me/export", headers=person.headers)).json()

    assert export["account_id"] == person.account_id
    assert export["preferences"]["region"] == "DE"
    assert [entry["type"] for entry in export["history"]] == [
        "account.created",
        "preferences.changed",
    ]
    assert len(export["sign_ins"]) == 1
    assert other_person.account_id not in str(export)


async def test_the_ai_preferences_statement_follows_the_opt_out(
    client: httpx.AsyncClient, person: Person
) -> None:
    before = await client.get("/v1/me/preferences.aipref", headers=person.headers)
    etag = (await _read(client, person)).headers["etag"]
    await _replace(client, person, FULL_PREFERENCES, etag)
    after = await client.get("/v1/me/preferences.aipref", headers=person.headers)

    assert before.status_code == 200 and before.text == ""
    assert "content-usage" not in before.headers
    assert after.text == "train-ai=n"
    assert after.headers["content-usage"] == "train-ai=n"
    assert after.headers["content-type"].startswith("text/plain")
