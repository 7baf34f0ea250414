"""Which refusal a request gets when several apply, and what it costs: a bad sign-in first, then
a day no policy covers, then facts that cannot be; and nothing is judged for a request that is
refused."""

from typing import Any

import httpx
import pytest

from api.explain import service
from api.policy import evaluate_many
from tests.explain.helpers import item

BEFORE_ANY_POLICY = "2001-01-01"
# Two facts that cannot be at once: Instagram has no groups, and it was made after the day.
IMPOSSIBLE = item(platform="instagram", audience="group_public", created_at="2026-02-01")


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many items the engine was asked to judge, call by call."""
    calls: list[int] = []

    def counting(items: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(len(items))
        return evaluate_many(items, *args, **kwargs)

    monkeypatch.setattr(service, "evaluate_many", counting)
    return calls


async def test_a_day_no_policy_covers_is_named_before_facts_that_cannot_be(
    client: httpx.AsyncClient, judged: list[int]
) -> None:
    body = {"as_of": BEFORE_ANY_POLICY, "items": [item(), IMPOSSIBLE]}

    response = await client.post("/v1/explain", json=body)

    assert response.status_code == 422
    assert response.json()["type"].endswith(":as-of-out-of-range")
    assert judged == []


async def test_facts_that_cannot_be_are_refused_before_any_item_is_judged(
    client: httpx.AsyncClient, judged: list[int]
) -> None:
    body = {"as_of": "2026-01-15", "items": [item(), item(id="2"), IMPOSSIBLE]}

    response = await client.post("/v1/explain", json=body)

    assert response.status_code == 422
    problem = response.json()
    assert problem["type"].endswith(":validation")
    assert [error["field"] for error in problem["errors"]] == [
        "items[2].audience",
        "items[2].created_at",
    ]
    assert judged == []


async def test_a_bad_sign_in_is_refused_before_the_day_or_the_facts(
    client: httpx.AsyncClient, judged: list[int]
) -> None:
    body = {"as_of": BEFORE_ANY_POLICY, "items": [IMPOSSIBLE]}
    headers = {"Authorization": "Bearer not-a-token"}

    response = await client.post("/v1/explain", json=body, headers=headers)

    assert response.status_code == 401
    assert judged == []


async def test_a_request_that_can_be_answered_is_judged_once_per_platform(
    client: httpx.AsyncClient, judged: list[int]
) -> None:
    items = [item(), item(id="ig", platform="instagram"), item(id="3")]

    response = await client.post("/v1/explain", json={"as_of": "2026-01-15", "items": items})

    assert response.status_code == 200, response.text
    assert sorted(judged) == [1, 2]
