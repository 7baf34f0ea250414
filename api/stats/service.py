"""Differentially private statistics, each answer paid for from its organisation's budget.

People counted: those who listed a Facebook or Instagram profile and proved it is theirs (a
verified `ProfileProof` of theirs for that platform and profile). A free, anonymous account has
no such proof, so fake people never enter any count.

One answer, in one transaction: spend ε from the organisation's budget (or refuse with 429 and
when it renews), give each person exactly one cell (their first listed verified profile whose
cell the query asks for; the rest of their profiles are not counted), count per cell, and add
noise through OpenDP (`api.stats.privacy`). The cells are every combination of the grouped
dimensions' public values — every platform, every ISO 3166-1 country and "not said", every week
of the asked range and "not submitted", every state — never only the ones somebody is in, or the
list itself would tell who is there. See docs/statistics.md.

The same question asked again in the same period, over the same data, gets the answer already
released, at ε 0 (`ReleasedStatistics`): a retry spends nothing and averaging repeats learns
nothing. "The same data" is a hash of every record the answer reads, taken in the answer's own
transaction; anything changed among them makes it a new answer, paid for.
"""

import hashlib
import itertools
import json
import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, cast, get_args

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from api.errors import ProblemError
from api.platforms import PLATFORMS
from api.policy.regions import load_regions
from api.preferences.models import LinkedAccount, Preferences
from api.preferences.objections import ObjectionState
from api.profiles.models import VERIFIED, ProfileProof
from api.stats import budget, privacy
from api.stats.budget import MICRO, BudgetPolicy, BudgetSpent
from api.stats.models import ReleasedStatistics
from api.stats.schemas import Cell, Dimension, Privacy, Statistics

Value = str | None
STATES: tuple[str, ...] = get_args(ObjectionState)
# Past this many cells an answer is megabytes of mostly noise: narrow it with a filter instead.
MAX_CELLS = 50_000
# At most three years of weeks in one answer.
MAX_WEEKS = 157
DEFAULT_WEEKS = 12
# A person's listed profile as the statistics read it: account, platform, country, date, state.
Row = tuple[str, str, Value, date | None, str]


class TooManyCells(ProblemError):
    status, code, title = 422, "too-many-cells", "This grouping has too many cells"


class CountryUnknown(ProblemError):
    status, code, title = 422, "country-unknown", "No such country"


class WeeksInvalid(ProblemError):
    status, code, title = 422, "weeks-invalid", "The range of weeks is not valid"


def statistics(
    session: Session,
    *,
    organisation_id: str,
    by: list[Dimension],
    filters: dict[Dimension, str],
    weeks: list[str],
    policy: BudgetPolicy,
    now: datetime,
) -> Statistics:
    """One noisy answer, or the one already released for the same question over the same data
    in this period (at ε 0); raises BudgetSpent (nothing spent, nothing released) when the
    budget cannot pay for a new one, and TooManyCells before spending anything."""
    filters = _canonical(filters)
    keys = _cells(by, filters, weeks)
    index = {key: position for position, key in enumerate(keys)}
    counter = privacy.Counter(size=len(keys), epsilon=policy.epsilon_per_query)
    # The ε OpenDP guarantees, in millionths, rounded up (bar float noise under 1e-12).
    cost = math.ceil(counter.epsilon * MICRO - 1e-6)
    question = _question(by, filters, weeks, cost)
    start, used = budget.hold(session, organisation_id, now)
    rows = _rows(session)
    version = _version(rows)
    kept = _kept(session, organisation_id, question)
    if (
        kept is not None
        and now < start + policy.period
        and kept.period_start == start
        and kept.data_version == version
    ):
        return _again(kept, used=used, policy=policy, renews_at=start + policy.period)
    spent = budget.spend(
        session, organisation_id=organisation_id, cost_micro=cost, policy=policy, now=now
    )
    noisy = counter.release(_place(rows, by=by, filters=filters, index=index))
    cells = [
        Cell.model_validate({**dict(zip(by, key, strict=True)), "count": max(count, 0)})
        for key, count in zip(keys, noisy, strict=True)
    ]
    answer = Statistics(
        by=by,
        weeks=weeks if "week" in by else [],
        cells=cells,
        # Post-processing of the noisy counts: costs nothing more.
        total=max(sum(noisy), 0),
        privacy=Privacy(
            epsilon_spent=spent.epsilon,
            epsilon_left=spent.left,
            epsilon_per_period=policy.epsilon_per_period,
            renews_at=spent.renews_at,
            released_at=now,
            mechanism="discrete Laplace (OpenDP make_laplace on integer counts)",
            noise_scale=counter.scale,
            margin_95=privacy.margin(policy.epsilon_per_query),
        ),
    )
    _keep(
        session,
        organisation_id=organisation_id,
        question=question,
        period_start=spent.renews_at - policy.period,
        version=version,
        answer=answer,
        now=now,
    )
    return answer


def weeks_between(since: str | None, until: str | None, *, today: date) -> list[str]:
    """The ISO weeks from `since` to `until`, both included ("2025-W21"); by default the 12
    weeks ending with this one."""
    last = _monday(until, "until") if until else today - timedelta(days=today.weekday())
    try:
        first = _monday(since, "since") if since else last - timedelta(weeks=DEFAULT_WEEKS - 1)
    except OverflowError as error:  # 12 weeks before the first week of year 1
        raise WeeksInvalid(f"until: {until} leaves no 12 weeks before it; give since.") from error
    if first > last:
        raise WeeksInvalid(f"since ({since or _week(first)}) is after until ({_week(last)}).")
    count = (last - first).days // 7 + 1
    if count > MAX_WEEKS:
        raise WeeksInvalid(f"since to until spans {count} weeks; at most {MAX_WEEKS} at once.")
    return [_week(first + timedelta(weeks=step)) for step in range(count)]


def _canonical(filters: dict[Dimension, str]) -> dict[Dimension, str]:
    """A country given as an alias a person's region may be (`EL`, `UK`) is its ISO code."""
    country = filters.get("country")
    if country is None:
        return filters
    return {**filters, "country": load_regions().canonical(country)}


def _cells(
    by: list[Dimension], filters: dict[Dimension, str], weeks: list[str]
) -> list[tuple[Value, ...]]:
    """Every cell of the grouping, from public lists only, in a fixed order."""
    domains: dict[Dimension, Sequence[Value]] = {
        "platform": PLATFORMS,
        "country": [*sorted(load_regions().countries), None],
        "week": [*weeks, None],
        "state": STATES,
    }
    if "week" in filters:
        _monday(filters["week"], "week")
    country = filters.get("country")
    if country is not None and country not in load_regions().countries:
        raise CountryUnknown(f"country: {country} is not an ISO 3166-1 alpha-2 country code.")
    chosen = [[filters[d]] if d in filters else domains[d] for d in by]
    size = math.prod(len(values) for values in chosen)
    if size > MAX_CELLS:
        raise TooManyCells(
            f"Grouping by {', '.join(by)} makes {size} cells; at most {MAX_CELLS}: filter by "
            "platform, country, week or state, or ask for fewer weeks (since, until)."
        )
    return list(itertools.product(*chosen))


def _question(
    by: list[Dimension], filters: dict[Dimension, str], weeks: list[str], cost: int
) -> str:
    """The question in one canonical form, hashed: what decides the answer's cells and noise.

    The weeks matter only when listed (by week); `by` keeps its order, which orders the cells.
    """
    canonical = {
        "by": by,
        "filters": dict(sorted(filters.items())),
        "weeks": weeks if "week" in by else [],
        "epsilon_micro": cost,
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _kept(session: Session, organisation_id: str, question: str) -> ReleasedStatistics | None:
    return session.get(ReleasedStatistics, (organisation_id, question))


def _again(
    kept: ReleasedStatistics, *, used: int, policy: BudgetPolicy, renews_at: datetime
) -> Statistics:
    """The released answer once more: post-processing of released data, so it costs ε 0."""
    answer = Statistics.model_validate_json(kept.answer)
    per_period = round(policy.epsilon_per_period * MICRO)
    answer.privacy = answer.privacy.model_copy(
        update={
            "epsilon_spent": 0.0,
            "epsilon_left": max(per_period - used, 0) / MICRO,
            "epsilon_per_period": policy.epsilon_per_period,
            "renews_at": renews_at,
        }
    )
    return answer


def _keep(
    session: Session,
    *,
    organisation_id: str,
    question: str,
    period_start: datetime,
    version: str,
    answer: Statistics,
    now: datetime,
) -> None:
    """Store the answer just paid for (replacing an older one to the same question), in the
    transaction that paid, and drop the organisation's answers of ended periods."""
    table = cast(sa.Table, ReleasedStatistics.__table__)  # type: ignore[attr-defined]
    mine = table.c.organisation_id == organisation_id
    session.execute(sa.delete(table).where(mine, table.c.period_start != period_start))
    values = {
        "period_start": period_start,
        "data_version": version,
        "answer": answer.model_dump_json(),
        "created_at": now,
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(
        insert(table)
        .values(organisation_id=organisation_id, question=question, **values)
        .on_conflict_do_update(index_elements=["organisation_id", "question"], set_=values)
    )


def _rows(session: Session) -> list[Row]:
    """Every listed profile that a verified proof of its owner covers, with its owner's country,
    in a fixed order (person, then their listing order)."""
    rows = session.connection().execute(
        sa.select(
            col(LinkedAccount.account_id),
            col(LinkedAccount.platform),
            col(Preferences.region),
            col(LinkedAccount.submitted_on),
            col(LinkedAccount.objection_state),
        )
        .join(Preferences, col(Preferences.account_id) == col(LinkedAccount.account_id))
        .join(
            ProfileProof,
            sa.and_(
                col(ProfileProof.account_id) == col(LinkedAccount.account_id),
                col(ProfileProof.platform) == col(LinkedAccount.platform),
                col(ProfileProof.profile) == col(LinkedAccount.profile),
                col(ProfileProof.state) == VERIFIED,
            ),
        )
        .order_by(col(LinkedAccount.account_id), col(LinkedAccount.position), col(LinkedAccount.id))
    )
    return [
        (account_id, platform, region, None if day is None else _as_date(day), state)
        for account_id, platform, region, day, state in rows
    ]


def _version(rows: list[Row]) -> str:
    """A hash of everything an answer is computed from: equal hashes, equal exact counts for
    every question. Compared on the server only, never released."""
    digest = hashlib.sha256()
    for account_id, platform, region, day, state in rows:
        fields = [account_id, platform, region, None if day is None else day.isoformat(), state]
        digest.update(json.dumps(fields).encode() + b"\n")
    return digest.hexdigest()


def _place(
    rows: list[Row],
    *,
    by: list[Dimension],
    filters: dict[Dimension, str],
    index: dict[tuple[Value, ...], int],
) -> list[int | None]:
    """Each counted person's one cell: their first listed verified profile (by position) that
    matches the filters and falls in a cell of the grouping. One record per person, whatever
    they list: that is what bounds the sensitivity to 1."""
    placed: dict[str, int | None] = {}
    for account_id, platform, region, submitted_on, state in rows:
        if placed.get(account_id) is not None:
            continue
        values: dict[Dimension, Value] = {
            "platform": platform,
            "country": region,
            "week": None if submitted_on is None else _week(submitted_on),
            "state": state,
        }
        if any(values[d] != wanted for d, wanted in filters.items()):
            placed.setdefault(account_id, None)
            continue
        placed[account_id] = index.get(tuple(values[d] for d in by))
    return list(placed.values())


def _monday(week: str, name: str) -> date:
    year, number = week.split("-W")
    try:
        return date.fromisocalendar(int(year), int(number), 1)
    except ValueError as error:
        raise WeeksInvalid(f"{name}: {week} is not an ISO week ({error}).") from error


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


__all__ = ["MICRO", "BudgetPolicy", "BudgetSpent", "statistics", "weeks_between"]
