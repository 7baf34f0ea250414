"""Every answer given in the person's language names it in `Content-Language` and tells caches,
with `Vary: Accept-Language`, that the header chose it: for every operation that takes `lang`."""

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import Person
from tests.explain.helpers import BODY
from tests.receipts.factories import FACEBOOK, put_preferences

# Each operation answering in the person's language: where to send it, with what, to answer 200.
FACEBOOK_ONLY = {"platform": "facebook"}
ROUTES: dict[str, tuple[str, dict[str, str], object]] = {
    "GET /v1/policies": ("/v1/policies", {}, None),
    "GET /v1/policies/changes": ("/v1/policies/changes", {}, None),
    "GET /v1/policies/{policy_id}": ("/v1/policies/meta-eu-2025-05-27", {}, None),
    "POST /v1/explain": ("/v1/explain", {}, BODY),
    "GET /v1/me/objection-letter": ("/v1/me/objection-letter", FACEBOOK_ONLY, None),
    "POST /v1/me/objection-letter": ("/v1/me/objection-letter", FACEBOOK_ONLY, None),
    "GET /v1/me/objection-timeline": ("/v1/me/objection-timeline", {}, None),
    "GET /v1/me/evidence-pack": ("/v1/me/evidence-pack", {}, None),
}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_list_is_every_operation_that_takes_a_language(app: FastAPI) -> None:
    taking = {
        f"{method.upper()} {path}"
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if any(parameter["name"] == "lang" for parameter in operation.get("parameters", []))
    }

    assert taking == set(ROUTES)


@pytest.mark.parametrize("operation", list(ROUTES))
async def test_an_answer_in_the_person_s_language_names_it_and_varies_with_it(
    client: httpx.AsyncClient, person: Person, operation: str
) -> None:
    answer = await put_preferences(client, person, region="DE", accounts=[FACEBOOK])
    assert answer.status_code == 200, answer.text
    path, params, body = ROUTES[operation]
    headers = {**person.headers, "Accept-Language": "fr;q=0.5, de-AT"}

    response = await client.request(
        operation.split(" ")[0], path, params=params, json=body, headers=headers
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-language"] == "de"
    vary = {name.strip().lower() for name in response.headers.get("vary", "").split(",")}
    assert "accept-language" in vary
