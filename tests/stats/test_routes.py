"""Statistics never reveal a group smaller than k, however queries are combined."""

import itertools
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from api.config import Settings
from tests.conftest import sign_up
from tests.organisations.factories import Org, account, issue_key, make_org, write_preferences

K = 3


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"stats_min_count": K})


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine, scopes=("stats:read",))


async def _people(
    client: httpx.AsyncClient,
    count: int,
    *,
    region: str | None,
    platform: str,
    state: str,
    day: str | None,
) -> None:
    dates = {"submitted_on": day} if day else {}
    for number in range(count):
        person = await sign_up(client)
        handle = f"{platform[:2]}.{region or 'xx'}.{state}.{number}".lower().replace("_", ".")
        await write_preferences(
            client, person, region=region, accounts=[account(platform, handle, state, **dates)]
        )


async def _stats(client: httpx.AsyncClient, org: Org, **params: Any) -> dict[str, Any]:
    response = await client.get("/v1/org/stats", headers=org.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _population(client: httpx.AsyncClient) -> None:
    await _people(client, 4, region="DE", platform="facebook", state="submitted", day="2025-05-20")
    await _people(client, 3, region="FR", platform="facebook", state="submitted", day="2025-05-21")
    await _people(client, 3, region="DE", platform="instagram", state="ready", day=None)


async def test_cells_below_k_are_withheld_and_counted_nowhere(
    client: httpx.AsyncClient, org: Org
) -> None:
    await _population(client)
    await _people(client, 1, region="DE", platform="instagram", state="submitted", day="2025-05-20")

    by_country = await _stats(client, org, by="country")

    assert by_country["threshold"] == K
    cells = {cell["country"]: cell for cell in by_country["cells"]}
    assert cells["DE"] == {
        "platform": None,
        "country": "DE",
        "week": None,
        "state": None,
        "count": 7,  # 4 + 3; the lone DE Instagram submission is not in it
        "complete": False,
    }
    assert cells["FR"]["count"] == 3 and cells["FR"]["complete"]
    assert by_country["total"]["count"] == 10
    states = await _stats(client, org, by="state", country="DE", platform="instagram")
    assert [(cell["state"], cell["count"]) for cell in states["cells"]] == [
        ("ready", 3),
        ("submitted", None),  # fewer than k: withheld, shown only as "some"
    ]


def _queries() -> list[dict[str, Any]]:
    groupings = [
        list(combination)
        for size in range(5)
        for combination in itertools.combinations(["platform", "country", "week", "state"], size)
    ]
    filters: list[dict[str, str]] = [
        {},
        {"country": "DE"},
        {"platform": "instagram"},
        {"week": "2025-W21"},
        {"state": "submitted"},
        {"country": "DE", "platform": "instagram"},
    ]
    return [{"by": by, **where} for by in groupings for where in filters]


async def test_no_pair_of_queries_can_be_subtracted_to_reveal_a_small_cell(
    client: httpx.AsyncClient, org: Org
) -> None:
    """Every published number is the same whether or not a person in a small cell exists, so
    no difference between any queries (marginals, filters, totals) can reveal them."""
    await _population(client)
    without = [await _stats(client, org, **query) for query in _queries()]

    await _people(client, 1, region="DE", platform="instagram", state="submitted", day="2025-05-20")
    with_them = [await _stats(client, org, **query) for query in _queries()]

    for query, before, after in zip(_queries(), without, with_them, strict=True):
        counted = {
            tuple(cell.get(d) for d in ("platform", "country", "week", "state")): cell["count"]
            for cell in [*after["cells"], after["total"]]
            if cell["count"] is not None
        }
        expected = {
            tuple(cell.get(d) for d in ("platform", "country", "week", "state")): cell["count"]
            for cell in [*before["cells"], before["total"]]
            if cell["count"] is not None
        }
        assert counted == expected, query


async def test_weeks_are_iso_weeks_of_the_submission(client: httpx.AsyncClient, org: Org) -> None:
    await _people(client, K, region="DE", platform="facebook", state="submitted", day="2024-12-30")
    await _people(client, K, region="DE", platform="facebook", state="submitted", day="2025-05-25")

    weeks = await _stats(client, org, by="week")

    assert [(cell["week"], cell["count"]) for cell in weeks["cells"]] == [
        ("2025-W01", K),  # 30 December 2024 is in ISO week 1 of 2025
        ("2025-W21", K),  # a Sunday closes its ISO week
    ]


async def test_only_people_with_a_linked_account_count(client: httpx.AsyncClient, org: Org) -> None:
    for _ in range(K + 1):
        await write_preferences(client, await sign_up(client), region="DE", accounts=[])

    assert (await _stats(client, org))["total"] == {
        "platform": None,
        "country": None,
        "week": None,
        "state": None,
        "count": 0,
        "complete": True,
    }


async def test_statistics_need_stats_read_and_valid_parameters(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    checks_only = issue_key(engine, org, "checks:read")

    forbidden = await client.get("/v1/org/stats", headers=checks_only.headers)
    bad_by = await client.get("/v1/org/stats", headers=org.headers, params={"by": "name"})
    bad_week = await client.get("/v1/org/stats", headers=org.headers, params={"week": "2025-21"})

    assert forbidden.status_code == 403
    assert bad_by.status_code == bad_week.status_code == 422
