"""Asking for statistics as a group does, and reading counts that carry noise."""

from typing import Any

import httpx

from tests.organisations.factories import Org

# Much less noise than the default, so counts can be checked: at ε = 5 a count is off by more
# than NEAR with probability 2.8e-11 (`tail`), so a test with a few thousand cells fails by
# chance less than once in ten million runs.
EPSILON = 5.0
NEAR = 4


async def ask(client: httpx.AsyncClient, org: Org, **params: Any) -> dict[str, Any]:
    response = await client.get("/v1/org/stats", headers=org.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def near(count: int, truth: int) -> bool:
    return abs(count - truth) <= NEAR


def counts_by(body: dict[str, Any], dimension: str) -> dict[Any, int]:
    return {cell[dimension]: cell["count"] for cell in body["cells"]}
