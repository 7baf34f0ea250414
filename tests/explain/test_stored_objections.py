"""Explaining for a signed-in person by their stored record: a withdrawn objection covers
nothing after the day it was withdrawn, and one objection covers the accounts the person marked
as being in the same Meta Accounts Center (meta-policy.md, sources 20 and 21)."""

from typing import Any

import httpx
import pytest

from tests.conftest import Person
from tests.support.preferences import whole

SENT = {"state": "submitted", "submitted_on": "2025-05-20"}  # before EU training began
WITHDRAWN = {**SENT, "state": "withdrawn", "withdrawn_on": "2025-09-01"}


def _item(id: str, platform: str = "facebook", created_at: str = "2025-10-01") -> dict[str, Any]:
    return {
        "id": id,
        "platform": platform,
        "kind": "post",
        "audience": "public",
        "created_at": created_at,
        "author": "self",
        "author_age": "adult",
    }


async def _record(client: httpx.AsyncClient, person: Person, accounts: list[Any]) -> None:
    etag = (await client.get("/v1/me/preferences", headers=person.headers)).headers["etag"]
    headers = {**person.headers, "If-Match": etag}
    body = whole(region="FR", accounts=accounts)
    answer = await client.put("/v1/me/preferences", json=body, headers=headers)
    assert answer.status_code == 200, answer.text


async def _verdicts(client: httpx.AsyncClient, person: Person, *items: Any) -> list[Any]:
    body = {"as_of": "2026-01-15", "items": list(items)}
    answer = await client.post("/v1/explain", json=body, headers=person.headers)
    assert answer.status_code == 200, answer.text
    return [result["verdict"] for result in answer.json()["results"]]


async def _reason_codes(client: httpx.AsyncClient, person: Person, item: Any) -> list[str]:
    body = {"as_of": "2026-01-15", "items": [item]}
    answer = await client.post("/v1/explain", json=body, headers=person.headers)
    return [reason["code"] for reason in answer.json()["results"][0]["reasons"]]


async def test_an_item_made_after_the_objection_was_withdrawn_is_not_covered(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _record(client, person, [{"platform": "facebook", "objection": SENT}])
    standing = await _verdicts(client, person, _item("after"))
    await _record(client, person, [{"platform": "facebook", "objection": WITHDRAWN}])

    withdrawn = await _verdicts(client, person, _item("after"))

    assert standing == ["excluded"]
    assert withdrawn == ["included"]
    assert "objection.withdrawn" in await _reason_codes(client, person, _item("after"))


@pytest.mark.parametrize(("marked", "verdict"), [(True, "excluded"), (False, "included")])
async def test_a_facebook_objection_covers_instagram_only_in_the_same_accounts_center(
    client: httpx.AsyncClient, person: Person, marked: bool, verdict: str
) -> None:
    await _record(
        client,
        person,
        [
            {"platform": "facebook", "objection": SENT, "accounts_center": True},
            {"platform": "instagram", "accounts_center": marked},
        ],
    )

    facebook, instagram = await _verdicts(
        client, person, _item("fb"), _item("ig", platform="instagram")
    )

    assert facebook == "excluded"
    assert instagram == verdict


async def test_an_account_not_marked_lends_its_objection_to_no_other(
    client: httpx.AsyncClient, person: Person
) -> None:
    await _record(
        client,
        person,
        [
            {"platform": "facebook", "objection": SENT},
            {"platform": "instagram", "accounts_center": True},
        ],
    )

    assert await _verdicts(client, person, _item("ig", platform="instagram")) == ["included"]


async def test_the_latest_objection_in_the_accounts_center_decides_withdrawn_included(
    client: httpx.AsyncClient, person: Person
) -> None:
    """The Instagram objection was filed later and withdrawn: it is the one that counts for
    both accounts, so neither is covered after the withdrawal."""
    later = {**WITHDRAWN, "submitted_on": "2025-06-01"}
    await _record(
        client,
        person,
        [
            {"platform": "facebook", "objection": SENT, "accounts_center": True},
            {"platform": "instagram", "objection": later, "accounts_center": True},
        ],
    )

    verdicts = await _verdicts(client, person, _item("fb"), _item("ig", platform="instagram"))

    assert verdicts == ["included", "included"]
