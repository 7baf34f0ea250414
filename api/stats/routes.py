"""`GET /v1/org/stats`: differentially private counts of opt-outs, paid from a privacy budget."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import SessionDep, SettingsDep
from api.errors import RateLimited, Unauthorized, problem_responses
from api.organisations.auth import MissingScope, StatsReader
from api.platforms import Platform
from api.preferences.objections import ObjectionState
from api.sqltypes import utcnow
from api.stats import examples, service
from api.stats.schemas import Dimension, Statistics

router = APIRouter()
ISO_WEEK = r"^\d{4}-W\d{2}$"


@router.get(
    "/org/stats",
    summary="Noisy counts of opt-outs by platform, country, week and state (stats:read)",
    description="Over everyone who proved they own a listed profile, each counted once. `by` "
    "groups (any of platform, country, week, state); `platform`, `country`, `week`, `state` "
    "filter; `since`/`until` are the ISO weeks listed when grouped by week (default: the last "
    "12). `week` is the ISO week an objection was submitted to Meta (null: not submitted). "
    "Every cell of the grouping is listed, each count with discrete Laplace noise "
    "(differential privacy through OpenDP). Each new answer spends ε from the organisation's "
    "budget, stated in `privacy`; a spent budget is 429 with when it renews. The same question "
    "asked again in the same period, while nobody counted has changed, returns the answer "
    "already released, at ε 0. "
    "See docs/statistics.md.",
    responses=problem_responses(Unauthorized, MissingScope, RateLimited, service.TooManyCells),
    openapi_extra=examples.READ_STATISTICS,
)
def read_statistics(
    key: StatsReader,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    by: Annotated[list[Dimension], Query(max_length=4)] = [],  # noqa: B006 (FastAPI copies it)
    platform: Platform | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    week: Annotated[str | None, Query(pattern=ISO_WEEK)] = None,
    state: ObjectionState | None = None,
    since: Annotated[str | None, Query(pattern=ISO_WEEK)] = None,
    until: Annotated[str | None, Query(pattern=ISO_WEEK)] = None,
) -> Statistics:
    given: list[tuple[Dimension, str | None]] = [
        ("platform", platform),
        ("country", country),
        ("week", week),
        ("state", state),
    ]
    filters = {dimension: value for dimension, value in given if value is not None}
    if (since or until) and "week" not in by:
        raise service.WeeksInvalid("since, until: they set the weeks listed with by=week.")
    now = utcnow()
    # The service keeps each answer for its period (and knows when the data changed): no cache
    # in between may keep or replay it.
    response.headers["Cache-Control"] = "no-store"
    return service.statistics(
        session,
        organisation_id=key.organisation_id,
        by=list(dict.fromkeys(by)),
        filters=filters,
        weeks=service.weeks_between(since, until, today=now.date()),
        policy=service.BudgetPolicy(
            epsilon_per_query=settings.stats_epsilon_per_query,
            epsilon_per_period=settings.stats_epsilon_per_period,
            period=timedelta(days=settings.stats_budget_period_days),
        ),
        now=now,
    )
