"""A cross-origin preflight the service refuses gets a problem (403) that says what was
refused, as every other error does; an allowed one is unchanged."""

import httpx
import pytest

from api.config import Settings

ALLOWED = "https://optout.example.org"
FOREIGN = "https://evil.example.com"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"cors_origins": [ALLOWED]})


def _preflight(origin: str, method: str = "PUT", headers: str = "if-match") -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    }


async def test_a_foreign_origin_gets_a_problem_naming_it(client: httpx.AsyncClient) -> None:
    response = await client.options("/v1/me/preferences", headers=_preflight(FOREIGN))

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:ai-optout:problem:cors-refused"
    assert problem["status"] == 403
    assert FOREIGN in problem["detail"]
    assert "access-control-allow-origin" not in response.headers
    assert "x-content-type-options" in response.headers  # the edge's headers, as on any answer


async def test_a_method_or_header_not_allowed_is_named(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/v1/me/preferences", headers=_preflight(ALLOWED, method="TRACE", headers="x-secret")
    )

    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "TRACE" in detail
    assert "header" in detail


async def test_an_allowed_origin_still_gets_its_preflight(client: httpx.AsyncClient) -> None:
    response = await client.options("/v1/me/preferences", headers=_preflight(ALLOWED))

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "if-match" in response.headers["access-control-allow-headers"].lower()
