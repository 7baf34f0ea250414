"""The check index's change feed: rows written in the transaction that may change a profile's
listing, read in `seq` order by every replica (prompted by PostgreSQL NOTIFY, or by polling).

Writers take the ledger's head lock before they add rows, so rows become visible in `seq`
order and a reader that has seen `seq` N has seen everything before it.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, insert, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from api.checks.models import CheckChange
from api.raw_query import FixedStatement

CHANNEL = "ai_optout_checks"
Key = tuple[str, str]
# Written by every change to a listing: fixed statements, not Core's per-statement work.
_ADD = FixedStatement(
    insert(CheckChange.__table__),  # type: ignore[attr-defined]  # SQLModel sets it on tables
    columns=["platform", "profile", "changed_at"],
)
_NOTIFY = FixedStatement(text("SELECT pg_notify(:channel, '')"))


def record(connection: Connection, keys: Iterable[Key], *, at: datetime) -> None:
    rows = [
        {"platform": platform, "profile": profile, "changed_at": at} for platform, profile in keys
    ]
    if not rows:
        return
    _ADD.many(connection, rows)
    if connection.dialect.name == "postgresql":
        # Delivered when (and only if) the transaction commits.
        _NOTIFY.rows(connection, channel=CHANNEL)


def latest_seq(session: Session) -> int:
    newest: int | None = session.exec(select(func.max(CheckChange.seq))).one()
    return newest or 0


def changes_after(session: Session, seq: int, *, limit: int) -> list[tuple[int, str, str]]:
    rows = session.exec(
        select(CheckChange.seq, CheckChange.platform, CheckChange.profile)
        .where(col(CheckChange.seq) > seq)
        .order_by(col(CheckChange.seq))
        .limit(limit)
    ).all()
    return [(s or 0, p, k) for s, p, k in rows]


def prune(session: Session, *, before: datetime) -> int:
    """Drop old rows, always keeping the newest (SQLite would otherwise reuse its `seq`)."""
    newest = latest_seq(session)
    result = session.exec(
        delete(CheckChange)
        .where(col(CheckChange.changed_at) < before)
        .where(col(CheckChange.seq) < newest)
    )
    return int(result.rowcount or 0)
