"""The privacy budget: spent with compare-and-set UPDATEs, so answers at once never overspend,
a renewal happens once, and a refused answer spends nothing."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import col

from api.db import session_scope
from api.sqltypes import utcnow
from api.stats.budget import MICRO, BudgetPolicy, BudgetSpent, Spent, spend
from api.stats.models import PrivacyBudget
from tests.organisations.factories import make_org

POLICY = BudgetPolicy(epsilon_per_query=1.0, epsilon_per_period=5.0, period=timedelta(days=30))
AT_ONCE = 12


def _race(engine: Engine, organisation_id: str) -> tuple[list[Spent], int]:
    """AT_ONCE answers, each in its own transaction, all released at the same moment."""
    start = threading.Barrier(AT_ONCE)
    paid: list[Spent] = []
    refused: list[BudgetSpent] = []
    lock = threading.Lock()

    def answer() -> None:
        start.wait()
        try:
            with session_scope(engine) as session:
                spent = spend(
                    session,
                    organisation_id=organisation_id,
                    cost_micro=MICRO,
                    policy=POLICY,
                    now=utcnow(),
                )
        except BudgetSpent as error:
            with lock:
                refused.append(error)
        else:
            with lock:
                paid.append(spent)

    threads = [threading.Thread(target=answer) for _ in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return paid, len(refused)


def _row(engine: Engine, organisation_id: str) -> PrivacyBudget:
    with session_scope(engine, write=False) as session:
        row = session.get(PrivacyBudget, organisation_id)
        assert row is not None
        return row


def test_answers_at_once_never_spend_more_than_the_budget(engine: Engine) -> None:
    org = make_org(engine)

    paid, refused = _race(engine, org.organisation_id)

    assert (len(paid), refused) == (5, AT_ONCE - 5)
    assert sorted(spent.left for spent in paid) == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert _row(engine, org.organisation_id).spent_micro == 5 * MICRO


def test_a_period_that_ended_renews_once_however_many_answers_arrive(engine: Engine) -> None:
    org = make_org(engine)
    with session_scope(engine) as session:
        session.add(
            PrivacyBudget(
                organisation_id=org.organisation_id,
                period_start=utcnow() - timedelta(days=31),
                spent_micro=5 * MICRO,
            )
        )

    paid, refused = _race(engine, org.organisation_id)

    assert (len(paid), refused) == (5, AT_ONCE - 5)
    assert len({spent.renews_at for spent in paid}) == 1
    row = _row(engine, org.organisation_id)
    assert row.spent_micro == 5 * MICRO
    assert utcnow() - row.period_start < timedelta(minutes=1)


def test_a_refused_answer_spends_nothing_and_says_when_the_budget_renews(engine: Engine) -> None:
    org = make_org(engine)
    started = utcnow() - timedelta(days=10)
    with session_scope(engine) as session:
        session.add(
            PrivacyBudget(
                organisation_id=org.organisation_id,
                period_start=started,
                spent_micro=4 * MICRO + 500_000,
            )
        )

    with pytest.raises(BudgetSpent) as refused, session_scope(engine) as session:
        spend(
            session,
            organisation_id=org.organisation_id,
            cost_micro=MICRO,
            policy=POLICY,
            now=utcnow(),
        )

    renews = (started + POLICY.period).isoformat().replace("+00:00", "Z")
    assert renews in str(refused.value.detail)
    assert 19 * 86_400 < int(refused.value.headers["Retry-After"]) <= 20 * 86_400
    assert _row(engine, org.organisation_id).spent_micro == 4 * MICRO + 500_000
    with session_scope(engine) as session:  # what is left still pays for a smaller answer
        spent = spend(
            session,
            organisation_id=org.organisation_id,
            cost_micro=500_000,
            policy=POLICY,
            now=utcnow(),
        )
    assert spent.left == 0.0
    with session_scope(engine, write=False) as session:
        total = session.execute(
            sa.select(col(PrivacyBudget.spent_micro)).where(
                col(PrivacyBudget.organisation_id) == org.organisation_id
            )
        ).scalar_one()
    assert total == 5 * MICRO
