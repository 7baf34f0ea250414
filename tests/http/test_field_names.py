"""Validation errors name the field as the person wrote it (`items[3].platform`), never
pydantic's internals (`scope.literal['all']`, `ids.list[str].0`); a body that is not JSON says
so, with its line and column, and names no field."""

import httpx
import pytest
from sqlalchemy.engine import Engine

from api.errors import _field_path
from tests.conftest import Person
from tests.organisations.factories import Org, make_org
from tests.support.preferences import whole


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine)


JSON = "application/json"
ITEM = {"id": "a1", "platform": "facebook", "kind": "post", "audience": "public", "author": "self"}


@pytest.mark.parametrize(
    ("location", "field"),
    [
        (("body", "items", 3, "platform"), "items[3].platform"),
        (("body", "scope", "literal['all']"), "scope"),
        (("body", "scope", "list[literal['posts','comments']]", 2), "scope[2]"),
        (("body", "ids", "list[str]", 0), "ids[0]"),
        (("body", "ids", "list[CheckItem]", 1, "platform"), "ids[1].platform"),
        (("body", "objection", "function-after[_check(), str]"), "objection"),
        (("body", "region", "str"), "region"),
        (("body", "created_at", "date"), "created_at"),
        (("body", "accounts", 0, "objection", "state"), "accounts[0].objection.state"),
        (("body", "url"), "url"),  # a model's field, though pydantic also tags unions `url`
        (("body",), "body"),
        ((), "body"),
        (("body", 0, "id"), "body[0].id"),  # a list as the whole body
        (("query", "limit"), "query.limit"),
        (("path", "receipt_id"), "path.receipt_id"),
        (("header", "if-match"), "header.if-match"),
        (("items", 3, "platform"), "items[3].platform"),  # a route's own validation: no "body"
    ],
)
def test_a_field_is_named_as_the_person_wrote_it(
    location: tuple[int | str, ...], field: str
) -> None:
    assert _field_path(location) == field


def _fields(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


async def test_an_item_of_a_list_is_named_by_its_position(client: httpx.AsyncClient) -> None:
    items = [ITEM, ITEM, ITEM, {**ITEM, "platform": "myspace"}]
    response = await client.post("/v1/explain", json={"region": "DE", "items": items})

    fields = _fields(response)
    assert list(fields) == ["items[3].platform"]
    assert "'facebook'" in fields["items[3].platform"]


async def test_a_union_field_is_named_once_without_its_members(
    client: httpx.AsyncClient, person: Person
) -> None:
    read = await client.get("/v1/me/preferences", headers=person.headers)
    response = await client.put(
        "/v1/me/preferences",
        headers={**person.headers, "If-Match": read.headers["etag"]},
        json=whole(scope="everything"),
    )

    fields = _fields(response)
    assert list(fields) == ["scope"]
    assert "Input should be 'all'" in fields["scope"]  # each member's complaint, in one entry
    assert "valid list" in fields["scope"]


async def test_a_list_of_either_kind_names_the_position_not_the_kind(
    client: httpx.AsyncClient, org: Org
) -> None:
    response = await client.post(
        "/v1/checks", headers=org.headers, json={"platform": "facebook", "ids": ["jane", 7]}
    )

    fields = _fields(response)
    assert "ids[1]" in fields
    assert not any("list[" in field or "CheckItem" in field for field in fields)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('{"region": "DE",\n "items": [}', "line 2, column 12"),
        ('{"listed": true,}', "line 1, column 17"),
        ("not json", "line 1, column 1"),
    ],
)
async def test_a_body_that_is_not_json_says_where_and_names_no_field(
    client: httpx.AsyncClient, person: Person, body: str, where: str
) -> None:
    read = await client.get("/v1/me/preferences", headers=person.headers)
    response = await client.put(
        "/v1/me/preferences",
        headers={
            **person.headers,
            "If-Match": read.headers["etag"],
            "Content-Type": "application/json",
        },
        content=body,
    )

    fields = _fields(response)
    assert list(fields) == ["body"]
    assert fields["body"].startswith("The body is not valid JSON (" + where)


@pytest.mark.parametrize("path", ["/v1/explain", "/v1/checks"])
async def test_a_route_that_parses_its_own_body_says_the_same(
    client: httpx.AsyncClient, org: Org, path: str
) -> None:
    response = await client.post(
        path,
        # Dataset builders' checks need a key; explain answers anyone.
        headers={**(org.headers if path == "/v1/checks" else {}), "Content-Type": JSON},
        content='{"items": [',
    )

    fields = _fields(response)
    assert list(fields) == ["body"]
    assert fields["body"].startswith("The body is not valid JSON (")
    assert "line 1 column 11" in fields["body"]
