"""Statistics that never show a group of fewer than k people, however they are combined.

Everything is computed from one fixed, finest table: people with ≥1 linked account, counted
per (platform, country, ISO week of the objection's submission, objection state). A finest
cell under k is withheld. Every number published, at any grouping or filter, is a sum of
finest cells that were *not* withheld, so no two answers can be subtracted to reveal a
withheld cell: its people never enter any sum.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import ColumnElement, Integer, extract, func
from sqlmodel import Session, col

from api.preferences.models import LinkedAccount, Preferences
from api.stats.schemas import DIMENSIONS, Cell, Dimension, Statistics

Key = tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Finest:
    platform: str
    country: str | None
    week: str | None
    state: str
    people: int

    def value(self, dimension: Dimension) -> str | None:
        return cast(str | None, getattr(self, dimension))


def statistics(
    session: Session, *, k: int, by: list[Dimension], filters: dict[Dimension, str]
) -> Statistics:
    cells = [
        cell
        for cell in finest_cells(session)
        if all(cell.value(dimension) == wanted for dimension, wanted in filters.items())
    ]
    groups: dict[Key, list[Finest]] = {}
    for cell in cells:
        groups.setdefault(tuple(cell.value(dimension) for dimension in by), []).append(cell)
    published = [
        _cell(dict(zip(by, key, strict=True)), members, k)
        for key, members in sorted(groups.items(), key=lambda item: _sort_key(item[0]))
    ]
    return Statistics(threshold=k, by=by, cells=published, total=_cell({}, cells, k))


def finest_cells(session: Session) -> list[Finest]:
    """The finest table: distinct people per (platform, country, week, state)."""
    week = _thursday_of_week(session, col(LinkedAccount.submitted_on))
    # Five columns: past what sqlmodel's `select` types, so Core on the session's connection.
    rows = session.connection().execute(
        sa.select(
            col(LinkedAccount.platform),
            col(Preferences.region),
            week,
            col(LinkedAccount.objection_state),
            func.count(func.distinct(col(LinkedAccount.account_id))),
        )
        .join(Preferences, col(Preferences.account_id) == col(LinkedAccount.account_id))
        .group_by(
            col(LinkedAccount.platform),
            col(Preferences.region),
            week,
            col(LinkedAccount.objection_state),
        )
    )
    return [
        Finest(platform, region, _iso_week(thursday), state, int(people))
        for platform, region, thursday, state, people in rows
    ]


def _cell(values: dict[str, str | None], members: list[Finest], k: int) -> Cell:
    shown = [cell.people for cell in members if cell.people >= k]
    withheld = len(shown) < len(members)
    count = sum(shown) if shown or not withheld else None
    return Cell.model_validate({**values, "count": count, "complete": not withheld})


def _thursday_of_week(session: Session, day: Any) -> ColumnElement[Any]:
    """The Thursday of a date's ISO week (it fixes the ISO year and week), on either backend."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(ColumnElement[Any], day + sa.cast(4 - extract("isodow", day), Integer))
    return func.date(day, "-3 days", "weekday 4")


def _iso_week(thursday: Any) -> str | None:
    if thursday is None:
        return None
    year, week, _ = date.fromisoformat(str(thursday)[:10]).isocalendar()
    return f"{year}-W{week:02d}"


def _sort_key(key: Key) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, value or "") for value in key)


__all__ = ["DIMENSIONS", "statistics"]
