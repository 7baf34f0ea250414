"""`If-Match: *` matches whatever version is current (RFC 9110 13.1.1), for PUT and PATCH alike;
an ETag still has to be the current one, and no `If-Match` at all is still 428."""

import httpx
import pytest

from tests.conftest import Person
from tests.support.preferences import whole

MERGE_PATCH = "application/merge-patch+json"


async def _change(
    client: httpx.AsyncClient, person: Person, method: str, if_match: str | None, listed: bool
) -> httpx.Response:
    headers = dict(person.headers)
    if if_match is not None:
        headers["If-Match"] = if_match
    if method == "PUT":
        return await client.put("/v1/me/preferences", headers=headers, json=whole(listed=listed))
    headers["Content-Type"] = MERGE_PATCH
    body = b'{"listed": true}' if listed else b'{"listed": false}'
    return await client.patch("/v1/me/preferences", headers=headers, content=body)


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
@pytest.mark.parametrize("star", ["*", " * "])
async def test_a_star_changes_whatever_version_is_current(
    client: httpx.AsyncClient, person: Person, method: str, star: str
) -> None:
    first = await _change(client, person, method, star, listed=True)
    assert first.status_code == 200, first.text
    again = await _change(client, person, method, star, listed=False)  # no read in between
    assert again.status_code == 200, again.text

    read = await client.get("/v1/me/preferences", headers=person.headers)
    assert read.json()["listed"] is False
    assert read.headers["etag"] == again.headers["etag"] != first.headers["etag"]


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
async def test_a_stale_etag_is_still_refused_and_none_is_still_required(
    client: httpx.AsyncClient, person: Person, method: str
) -> None:
    read = await client.get("/v1/me/preferences", headers=person.headers)
    changed = await _change(client, person, method, "*", listed=True)
    assert changed.status_code == 200, changed.text

    stale = await _change(client, person, method, read.headers["etag"], listed=False)
    assert stale.status_code == 412, stale.text
    missing = await _change(client, person, method, None, listed=False)
    assert missing.status_code == 428, missing.text
    after = await client.get("/v1/me/preferences", headers=person.headers)
    assert after.json()["listed"] is True
