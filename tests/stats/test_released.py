"""A question asked again in the same period, over the same data, gets the answer already
released at ε 0; a new grouping, a changed population or a new period is a new answer, paid
for; identical questions at once pay once."""

import threading
from datetime import timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col

from api.config import Settings
from api.db import session_scope
from api.sqltypes import utcnow
from api.stats.models import PrivacyBudget, ReleasedStatistics
from api.stats.schemas import Statistics
from api.stats.service import MICRO, BudgetPolicy, statistics, weeks_between
from tests.organisations.factories import Org, account, write_preferences
from tests.stats.factories import people
from tests.stats.helpers import ask

# Enough noise that two independent draws of the 251 country cells are never alike: at ε = 1
# an empty cell reads the same twice with probability 0.57, all 251 with probability < 1e-60.
EPSILON, BUDGET = 1.0, 4.0


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"stats_epsilon_per_query": EPSILON, "stats_epsilon_per_period": BUDGET}
    )


def _spent(engine: Engine, org: Org) -> int:
    with session_scope(engine, write=False) as session:
        budget = session.get(PrivacyBudget, org.organisation_id)
        assert budget is not None
        return budget.spent_micro


def _kept(engine: Engine, org: Org) -> list[ReleasedStatistics]:
    with session_scope(engine, write=False) as session:
        return list(
            session.execute(
                sa.select(ReleasedStatistics).where(
                    col(ReleasedStatistics.organisation_id) == org.organisation_id
                )
            ).scalars()
        )


def _without_cost(body: dict[str, Any]) -> dict[str, Any]:
    """The answer less what depends on the budget at the time of asking."""
    privacy = {
        name: value
        for name, value in body["privacy"].items()
        if name not in {"epsilon_spent", "epsilon_left"}
    }
    return {**body, "privacy": privacy}


async def test_the_same_question_twice_is_the_same_answer_paid_once(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    await people(client, engine, 5, tag="here", region="DE")

    first = await ask(client, org, by="country")
    again = await ask(client, org, by=["country", "country"])  # the same question, said twice

    assert first["privacy"]["epsilon_spent"] == EPSILON
    assert again["privacy"]["epsilon_spent"] == 0
    assert again["privacy"]["epsilon_left"] == first["privacy"]["epsilon_left"] == BUDGET - 1
    assert _without_cost(again) == _without_cost(first)
    assert _spent(engine, org) == MICRO
    (stored,) = _kept(engine, org)
    with session_scope(engine, write=False) as session:
        budget = session.get(PrivacyBudget, org.organisation_id)
        assert budget is not None and stored.period_start == budget.period_start


async def test_a_spent_budget_still_repeats_what_it_paid_for(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    answers = [await ask(client, org, state=state) for state in ("ready", "submitted")]
    answers += [await ask(client, org, by="state"), await ask(client, org, by="platform")]
    refused = await client.get("/v1/org/stats", headers=org.headers, params={"by": "country"})
    repeated = await ask(client, org, by="state")

    assert [answer["privacy"]["epsilon_left"] for answer in answers] == [3.0, 2.0, 1.0, 0.0]
    assert refused.status_code == 429
    assert repeated["privacy"] == {**answers[2]["privacy"], "epsilon_spent": 0, "epsilon_left": 0}
    assert repeated["cells"] == answers[2]["cells"]


async def test_weeks_said_two_ways_are_one_question(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    default = weeks_between(None, None, today=utcnow().date())

    first = await ask(client, org, by="week")
    spelled_out = await ask(client, org, by="week", since=default[0], until=default[-1])

    assert spelled_out["privacy"]["epsilon_spent"] == 0
    assert spelled_out["cells"] == first["cells"]
    assert _spent(engine, org) == MICRO


async def test_another_grouping_or_filter_is_a_new_answer_paid_for(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    asked = [
        await ask(client, org, by="country"),
        await ask(client, org, by="state"),
        await ask(client, org, by="country", platform="instagram"),
        await ask(client, org, by=["state", "platform"]),
    ]

    assert [answer["privacy"]["epsilon_spent"] for answer in asked] == [EPSILON] * 4
    assert _spent(engine, org) == 4 * MICRO
    assert len(_kept(engine, org)) == 4


async def test_a_changed_population_is_a_new_answer_paid_for(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    (changing,) = await people(client, engine, 1, tag="one", region="FR", state="ready")
    first = await ask(client, org, by="country")

    # Someone without a proof is not counted, so the data did not change: the same answer.
    await people(client, None, 3, tag="unproven", region="FR")
    unchanged = await ask(client, org, by="country")
    # A new proven person: a new population, so a new draw, paid for.
    await people(client, engine, 1, tag="joined", region="FR")
    joined = await ask(client, org, by="country")
    # A counted person's objection changes state: also new.
    await write_preferences(
        client,
        changing,
        region="FR",
        accounts=[account("facebook", "one.0", "submitted", submitted_on="2025-05-20")],
    )
    changed = await ask(client, org, by="country")

    assert unchanged["privacy"]["epsilon_spent"] == 0 and unchanged["cells"] == first["cells"]
    assert [joined["privacy"]["epsilon_spent"], changed["privacy"]["epsilon_spent"]] == [1.0, 1.0]
    # Fresh noise on 251 cells: the draws differ (see EPSILON).
    assert joined["cells"] != first["cells"] and changed["cells"] != joined["cells"]
    assert changed["privacy"]["released_at"] > joined["privacy"]["released_at"]
    assert _spent(engine, org) == 3 * MICRO
    assert len(_kept(engine, org)) == 1  # the newest answer replaced the older ones


async def test_a_new_period_pays_again_and_drops_the_last_periods_answers(
    client: httpx.AsyncClient, engine: Engine, org: Org
) -> None:
    first = await ask(client, org, by="state")
    await ask(client, org, by="platform")
    with session_scope(engine) as session:  # the period ends
        session.execute(
            sa.update(PrivacyBudget)
            .where(col(PrivacyBudget.organisation_id) == org.organisation_id)
            .values(period_start=utcnow() - timedelta(days=31))
        )

    renewed = await ask(client, org, by="state")

    assert renewed["privacy"]["epsilon_spent"] == EPSILON
    assert renewed["privacy"]["epsilon_left"] == BUDGET - EPSILON
    assert renewed["privacy"]["renews_at"] > first["privacy"]["renews_at"]
    stored = _kept(engine, org)
    assert len(stored) == 1  # the old period's platform answer is gone
    assert stored[0].created_at - stored[0].period_start < timedelta(seconds=1)


def test_identical_questions_at_once_pay_once(engine: Engine, org: Org) -> None:
    at_once = 8
    policy = BudgetPolicy(
        epsilon_per_query=EPSILON, epsilon_per_period=BUDGET, period=timedelta(days=30)
    )
    with session_scope(engine) as session:  # a budget already in use: no insert to queue on
        session.add(
            PrivacyBudget(organisation_id=org.organisation_id, period_start=utcnow(), spent_micro=0)
        )
    start = threading.Barrier(at_once)
    answers: list[Statistics] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def ask() -> None:
        start.wait()
        try:
            now = utcnow()
            with session_scope(engine) as session:
                answer = statistics(
                    session,
                    organisation_id=org.organisation_id,
                    by=["country"],
                    filters={},
                    weeks=weeks_between(None, None, today=now.date()),
                    policy=policy,
                    now=now,
                )
        except BaseException as error:  # reported below, with the thread's answer
            with lock:
                failures.append(error)
        else:
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=ask) for _ in range(at_once)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert sorted(answer.privacy.epsilon_spent for answer in answers) == [0.0] * 7 + [EPSILON]
    assert len({answer.model_dump_json(include={"cells"}) for answer in answers}) == 1
    assert _spent(engine, org) == MICRO
    assert len(_kept(engine, org)) == 1
