"""Each organisation's privacy budget for statistics: ε spent per period, taken atomically.

A row per organisation (`PrivacyBudget`) holds its period's start and the ε spent in it, in
millionths. An answer first holds the row (`hold`), then pays (`spend`); both run in the
answer's own transaction, so a refused or failed answer spends nothing.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from api.errors import RateLimited
from api.stats.models import PrivacyBudget

MICRO = 1_000_000
_TABLE = cast(sa.Table, PrivacyBudget.__table__)  # type: ignore[attr-defined]


class BudgetSpent(RateLimited):
    code = "privacy-budget-spent"
    title = "This organisation's privacy budget for statistics is spent until it renews"


@dataclass(frozen=True, slots=True)
class BudgetPolicy:
    """The operator's settings: ε per answer, per organisation per period, and the period."""

    epsilon_per_query: float
    epsilon_per_period: float
    period: timedelta


@dataclass(frozen=True, slots=True)
class Spent:
    epsilon: float
    left: float
    renews_at: datetime


def hold(session: Session, organisation_id: str, now: datetime) -> tuple[datetime, int]:
    """Lock the organisation's budget row (made if new) until the answer commits; its period's
    start and the ε spent in it.

    One answer of an organisation at a time decides whether to reuse or to pay and store, so two
    identical questions at once spend once: the second waits and finds the first's answer. On
    PostgreSQL the row lock does it (READ COMMITTED: the next statement sees what the first
    committed); SQLite's write units begin IMMEDIATE, one at a time.
    """
    _ensure_row(session, organisation_id, now)
    start, used = (
        session.connection()
        .execute(
            sa.select(_TABLE.c.period_start, _TABLE.c.spent_micro)
            .where(_TABLE.c.organisation_id == organisation_id)
            .with_for_update()
        )
        .one()
    )
    return start, int(used)


def _ensure_row(session: Session, organisation_id: str, now: datetime) -> None:
    """The organisation's budget row, made (empty, its period starting now) if it has none."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(_TABLE)
        .values(organisation_id=organisation_id, period_start=now, spent_micro=0)
        .on_conflict_do_nothing(index_elements=["organisation_id"])
    )


def spend(
    session: Session, *, organisation_id: str, cost_micro: int, policy: BudgetPolicy, now: datetime
) -> Spent:
    """Take `cost_micro` millionths of ε from the organisation's budget, or raise BudgetSpent.

    Each step is one conditional UPDATE (compare-and-set on the period, compare-and-add under
    the budget): two answers at once cannot both take the last of it. On PostgreSQL the second
    waits for the first's row lock and re-checks the condition; SQLite runs one writer at a time.
    """
    budget = round(policy.epsilon_per_period * MICRO)
    _ensure_row(session, organisation_id, now)
    mine = _TABLE.c.organisation_id == organisation_id
    for _ in range(5):
        # UTCDateTime: an aware datetime on either backend.
        start, used = session.execute(
            sa.select(_TABLE.c.period_start, _TABLE.c.spent_micro).where(mine)
        ).one()
        if now >= start + policy.period:
            renewed = (
                sa.update(_TABLE)
                .where(mine, _TABLE.c.period_start == start)
                .values(period_start=now, spent_micro=cost_micro)
            )
            if _changed(session, renewed) is not None:
                return _spent(cost_micro, cost_micro, budget, now + policy.period)
            continue  # another answer renewed it first: read again
        if used + cost_micro > budget:
            renews = start + policy.period
            raise BudgetSpent(
                f"This organisation has spent its ε = {policy.epsilon_per_period:g} for "
                f"statistics; it renews at {renews.isoformat().replace('+00:00', 'Z')}.",
                headers={"Retry-After": str(max(1, math.ceil((renews - now).total_seconds())))},
            )
        taken = (
            sa.update(_TABLE)
            .where(
                mine,
                _TABLE.c.period_start == start,
                _TABLE.c.spent_micro + cost_micro <= budget,
            )
            .values(spent_micro=_TABLE.c.spent_micro + cost_micro)
        )
        total = _changed(session, taken)
        if total is not None:  # what the row holds now, others' answers included
            return _spent(cost_micro, total, budget, start + policy.period)
    raise RuntimeError("the privacy budget kept changing under this answer")


def _changed(session: Session, statement: sa.Update) -> int | None:
    """Run a conditional UPDATE of the budget; the ε spent after it, or None if it did not match."""
    row = session.connection().execute(statement.returning(_TABLE.c.spent_micro)).first()
    return None if row is None else int(row[0])


def _spent(cost: int, used: int, budget: int, renews_at: datetime) -> Spent:
    return Spent(epsilon=cost / MICRO, left=max(budget - used, 0) / MICRO, renews_at=renews_at)
