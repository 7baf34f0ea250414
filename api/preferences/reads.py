"""The hot read path: a person's preferences in one indexed query, without the ORM.

Reading preferences is the most frequent call (the extension asks on every page load), so it
skips the ORM and checks the sign-in in the same query: one round trip per read.
"""

from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Boolean, Date, Integer, String, text
from sqlalchemy.engine import Engine

from api.keyed_reads import KeyedReads
from api.preferences.schemas import PreferencesOut
from api.preferences.views import preferences_view
from api.raw_query import RawQuery
from api.sqltypes import UTCDateTime

_COLUMNS = {
    "region": String,
    "scope": String,
    "listed": Boolean,
    "version": Integer,
    "updated_at": UTCDateTime,
    "platform": String,
    "profile": String,
    "objection_state": String,
    "submitted_on": Date,
    "confirmed_on": Date,
    "rejected_reason": String,
    "withdrawn_on": Date,
    "accounts_center": Boolean,
}
_SELECT = """
    SELECT {keys} p.region, p.scope, p.listed, p.version, p.updated_at,
           l.platform, l.profile, l.objection_state, l.submitted_on, l.confirmed_on,
           l.rejected_reason, l.withdrawn_on, l.accounts_center
    FROM auth_sessions s
    JOIN preferences p ON p.account_id = s.account_id
    LEFT JOIN linked_accounts l ON l.account_id = p.account_id
    WHERE {where} AND s.revoked_at IS NULL
    ORDER BY {order} l.position
"""
_READ = RawQuery(
    text(
        _SELECT.format(keys="", where="s.id = :session_id AND s.account_id = :account_id", order="")
    ).columns(**_COLUMNS)
)
# The same read for many sign-ins at once, on PostgreSQL (see api/keyed_reads.py); the
# sign-in's account is compared here, per read.
_READ_MANY = KeyedReads(
    text(
        _SELECT.format(keys="s.id, s.account_id,", where="s.id = ANY(:keys)", order="s.id,")
    ).columns(session_id=String, session_account_id=String, **_COLUMNS)
)


class _Row(NamedTuple):
    """One result row: the preferences, and one linked account (or none) beside them."""

    region: str | None
    scope: str
    listed: bool
    version: int
    updated_at: datetime
    platform: str | None
    profile: str | None
    objection_state: str
    submitted_on: date | None
    confirmed_on: date | None
    rejected_reason: str | None
    withdrawn_on: date | None
    accounts_center: bool | None


class OwnPreferences(NamedTuple):
    """A person's preferences, and the JSON body that says them (rendered once per version)."""

    view: PreferencesOut
    body: bytes


def read_own_preferences(
    engine: Engine, *, account_id: str, session_id: str
) -> PreferencesOut | None:
    """The preferences behind a live sign-in, or None when the sign-in is revoked or gone.

    The answer is shared between requests that read the same stored rows: treat it as
    read-only."""
    found = _READ.all(engine, account_id=account_id, session_id=session_id)
    return _build(found).view if found else None


async def read_own_preferences_async(
    engine: Engine, *, account_id: str, session_id: str
) -> PreferencesOut | None:
    """The same, for async routes: on PostgreSQL the event loop serves other requests while
    the database answers (see `RawQuery.all_async`)."""
    own = await read_own_answer_async(engine, account_id=account_id, session_id=session_id)
    return None if own is None else own.view


async def read_own_answer_async(
    engine: Engine, *, account_id: str, session_id: str
) -> OwnPreferences | None:
    """The same preferences with the JSON body that says them, for the routes that send it."""
    if engine.dialect.name == "postgresql":
        keyed = await _READ_MANY.rows(engine, session_id)
        found = [row[2:] for row in keyed if row[1] == account_id]
    else:
        found = await _READ.driver_rows_async(engine, account_id=account_id, session_id=session_id)
    if not found:
        return None
    # The driver's rows are the key: a hit skips converting them as well as building the view.
    key = tuple(found)
    own = _VIEWS.get(key)
    if own is None:
        own = _remember(key, _build([_READ.convert(engine, row) for row in found]))
    return own


# The stored rows (as the driver gives them) -> the view and its body. A person's preferences
# are read far more often than they change (the extension asks on every page load), and the key
# is the whole content read, so an entry can never be stale: a change reads as different rows.
_VIEWS: dict[tuple[tuple[Any, ...], ...], OwnPreferences] = {}
_VIEWS_LIMIT = 4096


def _build(found: list[tuple[Any, ...]]) -> OwnPreferences:
    rows = [_Row(*row) for row in found]
    linked = [row for row in rows if row.platform is not None]
    view = preferences_view(rows[0], linked)  # type: ignore[arg-type]  # platform is set
    return OwnPreferences(view, view.model_dump_json().encode())


def _remember(key: tuple[tuple[Any, ...], ...], own: OwnPreferences) -> OwnPreferences:
    if len(_VIEWS) >= _VIEWS_LIMIT:
        _VIEWS.clear()  # atomic, unlike evicting one by one while another thread reads
    _VIEWS[key] = own
    return own
