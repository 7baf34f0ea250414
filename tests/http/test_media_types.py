"""A body of a media type the operation does not take is a 415 problem that names the one it
does: for every operation with a body, before anything parses, validates or authorises it."""

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import Person
from tests.support.preferences import whole

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"


def _operations_with_a_body(app: FastAPI) -> list[tuple[str, str, set[str]]]:
    """(method, path with its parameters filled in, the media types it documents)."""
    found = []
    for path, item in app.openapi()["paths"].items():
        for method, operation in item.items():
            content = operation.get("requestBody", {}).get("content", {})
            if content:
                filled = re.sub(r"\{[^}]+\}", "facebook", path)
                found.append((method.upper(), filled, set(content)))
    return found


def _is_415(response: httpx.Response, expected: set[str]) -> None:
    assert response.status_code == 415, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:ai-optout:problem:unsupported-media-type"
    assert problem["status"] == 415
    for media_type in expected:
        assert f"`{media_type}`" in problem["detail"]


async def test_every_operation_with_a_body_refuses_another_media_type(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    operations = _operations_with_a_body(app)
    assert len(operations) >= 20  # the service's writes, not a handful
    for method, path, documented in operations:
        for sent in ("text/plain", "application/x-www-form-urlencoded", "application/xml"):
            response = await client.request(
                method, path, content=b'{"a": 1}', headers={"Content-Type": sent}
            )
            _is_415(response, documented)


async def test_a_body_without_a_content_type_is_refused_the_same_way(
    client: httpx.AsyncClient,
) -> None:
    request = client.build_request("POST", "/v1/explain", content=b'{"items": []}')
    assert "content-type" not in request.headers  # raw bytes: httpx says nothing

    _is_415(await client.send(request), {JSON})


async def test_json_with_its_parameters_is_taken(client: httpx.AsyncClient, person: Person) -> None:
    read = await client.get("/v1/me/preferences", headers=person.headers)
    response = await client.put(
        "/v1/me/preferences",
        headers={
            **person.headers,
            "If-Match": read.headers["etag"],
            "Content-Type": "Application/JSON; charset=utf-8",
        },
        content=b'{"region": null, "accounts": [], "scope": "all", "listed": true}',
    )

    assert response.status_code == 200, response.text
    assert response.json()["listed"] is True


async def test_a_patch_takes_only_a_merge_patch_and_says_so_in_accept_patch(
    client: httpx.AsyncClient, person: Person
) -> None:
    read = await client.get("/v1/me/preferences", headers=person.headers)
    headers = {**person.headers, "If-Match": read.headers["etag"]}

    refused = await client.patch(
        "/v1/me/preferences", headers={**headers, "Content-Type": JSON}, content=b"{}"
    )
    _is_415(refused, {MERGE_PATCH})
    assert refused.headers["accept-patch"] == MERGE_PATCH

    taken = await client.patch(
        "/v1/me/preferences",
        headers={**headers, "Content-Type": MERGE_PATCH},
        content=b'{"listed": true}',
    )
    assert taken.status_code == 200, taken.text


async def test_a_refused_body_changes_nothing(client: httpx.AsyncClient, person: Person) -> None:
    read = await client.get("/v1/me/preferences", headers=person.headers)
    response = await client.put(
        "/v1/me/preferences",
        headers={**person.headers, "If-Match": read.headers["etag"], "Content-Type": "text/plain"},
        content=b'{"region": null, "accounts": [], "scope": "all", "listed": true}',
    )
    _is_415(response, {JSON})

    after = await client.get("/v1/me/preferences", headers=person.headers)
    assert after.headers["etag"] == read.headers["etag"]
    assert after.json()["listed"] is False


@pytest.mark.parametrize("length", [None, "0"])
async def test_a_request_without_a_body_needs_no_content_type(
    client: httpx.AsyncClient, length: str | None
) -> None:
    headers: dict[str, Any] = {} if length is None else {"Content-Length": length}
    response = await client.post("/v1/accounts", headers=headers)

    assert response.status_code == 201, response.text


async def test_a_json_body_still_goes_through(client: httpx.AsyncClient, person: Person) -> None:
    read = await client.get("/v1/me/preferences", headers=person.headers)
    response = await client.put(
        "/v1/me/preferences",
        headers={**person.headers, "If-Match": read.headers["etag"]},
        json=whole(listed=True),
    )

    assert response.status_code == 200, response.text
