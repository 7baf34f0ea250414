"""`HEAD` answers wherever `GET` does, with the GET's status and headers and no body
(RFC 9110 9.3.2): the health checks, a person's reads, and every documented GET."""

import re

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import Person

# Headers that differ between any two answers, GET or HEAD.
_PER_ANSWER = {"date", "x-request-id", "content-length"}


def _same_answer(get: httpx.Response, head: httpx.Response) -> None:
    assert head.status_code == get.status_code, (get.request.url, head.text)
    assert head.content == b""
    assert head.headers.get("content-type") == get.headers.get("content-type")
    for name in ("etag", "cache-control", "www-authenticate", "allow"):
        assert head.headers.get(name) == get.headers.get(name), name


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics", "/openapi.json"])
async def test_the_service_s_own_pages_answer_head(client: httpx.AsyncClient, path: str) -> None:
    get = await client.get(path)
    head = await client.head(path)

    assert head.status_code != 405
    _same_answer(get, head)


async def test_head_of_a_person_s_preferences_has_the_etag_and_the_length(
    client: httpx.AsyncClient, person: Person
) -> None:
    get = await client.get("/v1/me/preferences", headers=person.headers)
    head = await client.head("/v1/me/preferences", headers=person.headers)

    assert get.status_code == 200
    _same_answer(get, head)
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))


async def test_every_documented_get_answers_head_as_it_answers_get(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    paths = [
        re.sub(r"\{[^}]+\}", "facebook", path)
        for path, item in app.openapi()["paths"].items()
        if "get" in item
    ]
    assert len(paths) > 20
    for path in paths:
        head = await client.head(path)
        assert head.status_code != 405, path
        _same_answer(await client.get(path), head)


async def test_a_path_without_get_still_says_which_methods_it_has(
    client: httpx.AsyncClient,
) -> None:
    response = await client.head("/v1/accounts")

    assert response.status_code == 405
    assert "POST" in response.headers["allow"]
    assert response.content == b""


async def test_head_is_logged_and_counted_as_head_under_its_route(
    client: httpx.AsyncClient, person: Person
) -> None:
    await client.head("/v1/me/preferences", headers=person.headers)
    metrics = (await client.get("/metrics")).text

    assert re.search(r'method="HEAD"[^}]*route="/v1/me/preferences"', metrics) or re.search(
        r'route="/v1/me/preferences"[^}]*method="HEAD"', metrics
    ), "no HEAD sample under the route's template"
