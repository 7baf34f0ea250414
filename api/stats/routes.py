"""`GET /v1/org/stats`: counts of opt-outs, k-anonymous however they are grouped or filtered."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ReadSessionDep, SettingsDep
from api.errors import RateLimited, Unauthorized, problem_responses
from api.organisations.auth import MissingScope, StatsReader
from api.platforms import Platform
from api.preferences.objections import ObjectionState
from api.stats import service
from api.stats.schemas import Dimension, Statistics

router = APIRouter()


@router.get(
    "/org/stats",
    summary="Counts of opt-outs by platform, country, week and state (stats:read)",
    description="Over everyone on the service with at least one linked account. `by` groups "
    "(any of platform, country, week, state); the other parameters filter. `week` is the ISO "
    "week an objection was submitted to Meta (null while not submitted). Any finest cell with "
    "fewer people than `threshold` is withheld and never enters any count, so counts from "
    "different queries cannot be subtracted to reveal it. See docs/organisations.md.",
    responses=problem_responses(Unauthorized, MissingScope, RateLimited),
)
def read_statistics(
    _key: StatsReader,
    session: ReadSessionDep,
    settings: SettingsDep,
    by: Annotated[list[Dimension], Query(max_length=4)] = [],  # noqa: B006 (FastAPI copies it)
    platform: Platform | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    week: Annotated[str | None, Query(pattern=r"^\d{4}-W\d{2}$")] = None,
    state: ObjectionState | None = None,
) -> Statistics:
    given: list[tuple[Dimension, str | None]] = [
        ("platform", platform),
        ("country", country),
        ("week", week),
        ("state", state),
    ]
    filters = {dimension: value for dimension, value in given if value is not None}
    return service.statistics(
        session, k=settings.stats_min_count, by=list(dict.fromkeys(by)), filters=filters
    )
