"""Statistics count only proven people, once each, over public cells, with noise of the stated
scale, and every answer is paid for from its organisation's budget."""

from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col

from api.config import Settings
from api.db import session_scope
from api.policy.regions import load_regions
from api.preferences.objections import ObjectionState
from api.sqltypes import utcnow
from api.stats.models import PrivacyBudget
from api.stats.privacy import tail
from tests.conftest import sign_up
from tests.organisations.factories import Org, account, issue_key, make_org, write_preferences
from tests.stats.factories import people, verify
from tests.stats.helpers import EPSILON, NEAR, ask, counts_by, near

STATES = list(ObjectionState.__args__)  # type: ignore[attr-defined]


def test_the_tolerance_is_as_unlikely_to_fail_as_stated() -> None:
    assert tail(EPSILON, NEAR) < 1e-10


async def test_only_people_with_a_verified_profile_count(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    await people(client, engine, 20, tag="proven", region="DE")
    await people(client, None, 30, tag="claimed", region="DE")  # listed, never proven
    for _ in range(10):  # no profile at all
        await write_preferences(client, await sign_up(client), region="DE", accounts=[])

    body = await ask(client, org, by="country")

    assert near(counts_by(body, "country")["DE"], 20)
    # The total sums 251 cells' noise (standard deviation 1.9 at ε = 5): far from 50 or 60.
    assert abs(body["total"] - 20) <= 15


async def test_a_proof_of_another_profile_or_by_another_account_does_not_count(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    listed = await people(client, None, 12, tag="listed", region="FR")
    for number, person in enumerate(listed[:6]):  # proved a profile they do not list
        verify(engine, person, ("facebook", f"elsewhere.{number}"))
    for number, person in enumerate(listed[6:]):  # listed on Instagram, proved on Facebook
        verify(engine, person, ("instagram", f"listed.{number + 6}"))

    body = await ask(client, org, by="country", platform="facebook")

    assert near(counts_by(body, "country")["FR"], 0)


async def test_each_person_counts_once_under_their_first_listed_verified_profile(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    for number in range(15):
        person = await sign_up(client)
        profiles = [("instagram", f"both.ig.{number}"), ("facebook", f"both.fb.{number}")]
        await write_preferences(
            client,
            person,
            region="NL",
            accounts=[account(platform, handle, "ready") for platform, handle in profiles],
        )
        verify(engine, person, *profiles)

    by_platform = await ask(client, org, by="platform", country="NL")
    facebook_only = await ask(client, org, by="platform", country="NL", platform="facebook")

    counts = counts_by(by_platform, "platform")
    assert near(counts["instagram"], 15) and near(counts["facebook"], 0)
    # Filtered to Facebook, their first listed profile that matches is the Facebook one.
    assert near(counts_by(facebook_only, "platform")["facebook"], 15)


async def test_every_cell_of_the_public_domain_is_listed_in_a_fixed_order(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    await people(client, engine, 3, tag="few", region="DE", day="2025-05-20")

    by_country = await ask(client, org, by="country")
    by_platform_state = await ask(client, org, by=["platform", "state"])
    by_week = await ask(client, org, by="week", since="2025-W20", until="2025-W23")
    nothing = await ask(client, org)

    countries = sorted(load_regions().countries)
    assert [cell["country"] for cell in by_country["cells"]] == [*countries, None]
    assert [(cell["platform"], cell["state"]) for cell in by_platform_state["cells"]] == [
        (platform, state) for platform in ("facebook", "instagram") for state in STATES
    ]
    weeks = ["2025-W20", "2025-W21", "2025-W22", "2025-W23"]
    assert by_week["weeks"] == weeks
    assert [cell["week"] for cell in by_week["cells"]] == [*weeks, None]
    assert near(counts_by(by_week, "week")["2025-W21"], 3)
    assert len(nothing["cells"]) == 1 and near(nothing["cells"][0]["count"], 3)
    assert all(cell["count"] >= 0 for cell in by_country["cells"])


async def test_weeks_are_iso_weeks_of_the_submission(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    await people(client, engine, 10, tag="newyear", region="DE", day="2024-12-30")
    await people(client, engine, 10, tag="sunday", region="DE", day="2025-05-25")
    await people(client, engine, 10, tag="waiting", region="DE", state="ready", day=None)

    body = await ask(client, org, by="week", since="2025-W01", until="2025-W30")
    weeks = counts_by(body, "week")

    assert near(weeks["2025-W01"], 10)  # 30 December 2024 is in ISO week 1 of 2025
    assert near(weeks["2025-W21"], 10)  # a Sunday closes its ISO week
    assert near(weeks[None], 10)  # not submitted
    empty = [count for week, count in weeks.items() if week not in {"2025-W01", "2025-W21", None}]
    assert len(empty) == 28 and all(near(count, 0) for count in empty)


async def test_each_answer_states_its_cost_and_the_budget_left(
    client: httpx.AsyncClient, org: Org
) -> None:
    first = await client.get("/v1/org/stats", headers=org.headers)
    second = await ask(client, org, by="state")

    privacy = first.json()["privacy"]
    assert first.headers["cache-control"] == "no-store"
    assert privacy["epsilon_spent"] == EPSILON
    assert privacy["epsilon_left"] == 100.0 - EPSILON
    assert second["privacy"]["epsilon_left"] == 100.0 - 2 * EPSILON
    assert privacy["epsilon_per_period"] == 100.0
    assert privacy["noise_scale"] == pytest.approx(1 / EPSILON)
    assert privacy["margin_95"] == 0  # at ε = 5, 98.7% of the noise is exactly 0
    assert second["privacy"]["renews_at"] == privacy["renews_at"]


async def test_a_spent_budget_is_429_naming_when_it_renews_and_renews_then(
    client: httpx.AsyncClient, engine: Engine, org: Org, settings: Settings
) -> None:
    other = make_org(engine, scopes=("stats:read",), name="Other group")
    # 21 different questions (the same one again would be answered at no cost).
    answers = [
        await client.get("/v1/org/stats", headers=org.headers, params={"week": f"2025-W{n:02d}"})
        for n in range(1, 22)
    ]
    renews_at = answers[0].json()["privacy"]["renews_at"]

    assert [answer.status_code for answer in answers] == [200] * 20 + [429]
    assert answers[19].json()["privacy"]["epsilon_left"] == 0
    refused = answers[20]
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:ai-optout:problem:privacy-budget-spent"
    assert str(renews_at)[:19] in refused.json()["detail"]
    retry = int(refused.headers["retry-after"])
    assert 29 * 86_400 < retry <= 30 * 86_400
    # Another organisation's budget is its own.
    assert (await client.get("/v1/org/stats", headers=other.headers)).status_code == 200

    with session_scope(engine) as session:  # the period ends
        session.execute(
            sa.update(PrivacyBudget)
            .where(col(PrivacyBudget.organisation_id) == org.organisation_id)
            .values(period_start=utcnow() - timedelta(days=31))
        )
    renewed = await ask(client, org)
    assert renewed["privacy"]["epsilon_left"] == 100.0 - EPSILON
    assert renewed["privacy"]["renews_at"] > renews_at


async def test_refused_queries_spend_nothing(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    checks_only = issue_key(engine, org, "checks:read")
    refused = [
        await client.get("/v1/org/stats", headers=checks_only.headers),
        await client.get("/v1/org/stats", headers=org.headers, params={"by": "name"}),
        await client.get("/v1/org/stats", headers=org.headers, params={"week": "2025-21"}),
        await client.get("/v1/org/stats", headers=org.headers, params={"country": "XX"}),
        await client.get(
            "/v1/org/stats", headers=org.headers, params={"by": "week", "since": "2025-W53"}
        ),
        await client.get(
            "/v1/org/stats",
            headers=org.headers,
            params={"by": "week", "since": "2025-W10", "until": "2025-W09"},
        ),
        await client.get("/v1/org/stats", headers=org.headers, params={"since": "2025-W10"}),
        await client.get("/v1/org/stats", headers=org.headers, params={"week": "2025-W99"}),
        await client.get(
            "/v1/org/stats", headers=org.headers, params={"by": "week", "until": "0001-W01"}
        ),
        await client.get(
            "/v1/org/stats",
            headers=org.headers,
            params={
                "by": ["platform", "country", "week", "state"],
                "since": "2025-W01",
                "until": "2025-W52",
            },
        ),
    ]

    assert [answer.status_code for answer in refused] == [403] + [422] * 9
    assert refused[3].json()["type"].endswith("country-unknown")
    assert refused[9].json()["type"].endswith("too-many-cells")
    assert all(a.headers["content-type"] == "application/problem+json" for a in refused)
    first = await ask(client, org)
    assert first["privacy"]["epsilon_left"] == 100.0 - EPSILON


async def test_withdrawn_objections_are_counted_as_their_own_state(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    await people(client, engine, 10, tag="standing", region="DE")
    for number in range(10):
        person = await sign_up(client)
        handle = f"withdrew.{number}"
        dates = {"submitted_on": "2025-05-20", "withdrawn_on": "2025-09-01"}
        await write_preferences(
            client,
            person,
            region="DE",
            accounts=[account("facebook", handle, "withdrawn", **dates)],
        )
        verify(engine, person, ("facebook", handle))

    states = counts_by(await ask(client, org, by="state"), "state")

    assert near(states["withdrawn"], 10) and near(states["submitted"], 10)
