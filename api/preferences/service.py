"""Reading and changing a person's preferences; every accepted change is an event in the log."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy import select as core_select
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import Session, col, select

from api.errors import NotFound, PreconditionFailed
from api.ledger import service as ledger
from api.ledger.models import LoggedEvent
from api.preferences import history
from api.preferences.diff import Change, account_key, changes
from api.preferences.history import PREFERENCES_CHANGED as PREFERENCES_CHANGED
from api.preferences.models import LinkedAccount, Preferences
from api.preferences.objections import check_transition
from api.preferences.schemas import Objection, PreferencesIn, PreferencesOut
from api.preferences.views import linked_account_view, preferences_view
from api.raw_query import FixedStatement
from api.sqltypes import new_id, utcnow


class _Stored(NamedTuple):
    """The preferences as written, in the shape `preferences_view` reads."""

    region: str | None
    scope: str
    listed: bool
    version: int
    updated_at: datetime


class _Linked(NamedTuple):
    id: str
    account_id: str
    position: int
    platform: str
    profile: str | None
    objection_state: str
    submitted_on: date | None
    confirmed_on: date | None
    rejected_reason: str | None
    withdrawn_on: date | None
    accounts_center: bool
    updated_at: datetime


# Every change runs these: fixed statements, not the ORM or Core's per-statement work.
_PREFERENCES = Preferences.__table__  # type: ignore[attr-defined]  # SQLModel sets it on tables
_LINKED_ACCOUNTS = LinkedAccount.__table__  # type: ignore[attr-defined]
_ACCOUNT: BindParameter[str] = bindparam("account_id")
_LOCK = FixedStatement(
    core_select(*(_PREFERENCES.c[name] for name in _Stored._fields))
    .where(_PREFERENCES.c.account_id == _ACCOUNT)
    .with_for_update()
)
_LINKED = FixedStatement(
    core_select(*(_LINKED_ACCOUNTS.c[name] for name in _Linked._fields))
    .where(_LINKED_ACCOUNTS.c.account_id == _ACCOUNT)
    .order_by(_LINKED_ACCOUNTS.c.position)
)
_WRITE = FixedStatement(
    update(_PREFERENCES)
    .where(_PREFERENCES.c.account_id == _ACCOUNT)
    .values({name: bindparam(f"new_{name}") for name in _Stored._fields})
)
_UNLINK = FixedStatement(delete(_LINKED_ACCOUNTS).where(_LINKED_ACCOUNTS.c.account_id == _ACCOUNT))
_LINK = FixedStatement(insert(_LINKED_ACCOUNTS), columns=_Linked._fields)


@dataclass(frozen=True)
class PreferencesChange:
    """The outcome of an accepted write: the new state and the event that records it."""

    preferences: PreferencesOut
    event: LoggedEvent
    previous: PreferencesOut
    changes: list[Change]  # what this change did, field by field (api/preferences/diff.py)


def create_defaults(session: Session, *, account_id: str) -> Preferences:
    row = Preferences(account_id=account_id)
    session.add(row)
    return row


def get_preferences(session: Session, *, account_id: str) -> PreferencesOut:
    row = session.get(Preferences, account_id)
    if row is None:
        raise NotFound("This account has no preferences.")
    return preferences_view(row, list(_linked(session, account_id)))


def update_preferences(
    session: Session,
    *,
    account_id: str,
    expected_version: int | None,
    data: PreferencesIn,
    corrections: Mapping[str, str] | None = None,
) -> PreferencesChange:
    """Replace the preferences if nobody changed them since `expected_version` was read
    (None: whatever the version, for `If-Match: *`).

    `corrections` (account key → the person's reason) names the objections this change takes
    a step back of: the caller checked that each returns to the state before its last step, so
    the order rule does not apply to them, and the reason is logged with the change.

    Plain statements on the session's connection: this is every change's path, and the ORM's
    unit of work cost more than the statements themselves.
    """
    corrections = corrections or {}
    connection = session.connection()
    found = _LOCK.rows(connection, account_id=account_id)
    if not found:
        raise NotFound("This account has no preferences.")
    row = _Stored(*found[0])
    if expected_version is not None and row.version != expected_version:
        raise PreconditionFailed(
            f"Your copy is version {expected_version}; the current one is {row.version}."
        )
    existing = [_Linked(*linked) for linked in _LINKED.rows(connection, account_id=account_id)]
    previous = preferences_view(row, existing)
    data = _objections_checked(session, account_id, existing, data, corrections)

    now = utcnow()
    stored = _Stored(data.region, json.dumps(data.scope), data.listed, row.version + 1, now)
    _WRITE.rows(
        connection,
        account_id=account_id,
        new_region=stored.region,
        new_scope=stored.scope,
        new_listed=stored.listed,
        new_version=stored.version,
        new_updated_at=now,
    )
    _UNLINK.rows(connection, account_id=account_id)
    linked = [
        _linked_values(account_id, position, account, now)
        for position, account in enumerate(data.accounts)
    ]
    _LINK.many(connection, linked)
    current = preferences_view(stored, [_Linked(**values) for values in linked])
    what = _with_reasons(changes(previous, current), corrections)
    event = ledger.append(
        session,
        type=PREFERENCES_CHANGED,
        account_id=account_id,
        # The whole record as it now stands, and what this change did to it.
        payload={
            "account_id": account_id,
            **current.model_dump(mode="json"),
            "changes": what,
        },
    )
    return PreferencesChange(preferences=current, event=event, previous=previous, changes=what)


def _objections_checked(
    session: Session,
    account_id: str,
    existing: list[Any],
    data: PreferencesIn,
    corrections: Mapping[str, str],
) -> PreferencesIn:
    """Each objection must follow from where it stands, or stood when its account was removed:
    removing and re-adding an account is no way around the order of the steps. An account sent
    without `objection` keeps the one it has (or had); only a new one starts afresh. One sent
    without `accounts_center` keeps its mark (a client that knows no such field resets none)."""
    views = {account_key(row.platform, row.profile): linked_account_view(row) for row in existing}
    known = {key: view.objection for key, view in views.items()}
    centers = {key: view.accounts_center for key, view in views.items()}
    linked = set(known)
    returning = {account_key(a.platform, a.profile) for a in data.accounts} - linked
    if returning:  # only then is the log read: a plain write costs nothing more
        found = history.histories(session, account_id=account_id, keys=returning)
        for key, steps in found.items():
            if (last := history.last_known(steps)) is not None:
                known[key] = last
    accounts = []
    for account in data.accounts:
        key = account_key(account.platform, account.profile)
        if key in centers and "accounts_center" not in account.model_fields_set:
            account = account.model_copy(update={"accounts_center": centers[key]})
        before = known.get(key)
        if before is not None and "objection" not in account.model_fields_set:
            account = account.model_copy(update={"objection": before})
        elif before is not None and key not in corrections:
            check_transition(
                before.state,
                account.objection.state,
                account=f"{account.platform} {account.profile or '(no profile)'}",
                removed=key not in linked,
            )
        accounts.append(account)
    return data.model_copy(update={"accounts": accounts})


def _with_reasons(found: list[Change], corrections: Mapping[str, str]) -> list[Change]:
    """The first change of each corrected objection carries the person's reason."""
    pending = dict(corrections)
    for change in found:
        for key in list(pending):
            if change["field"].startswith(f"accounts[{key}].objection."):
                change["correction"] = pending.pop(key)
    return found


def _linked(session: Session, account_id: str) -> list[LinkedAccount]:
    return list(
        session.exec(
            select(LinkedAccount)
            .where(LinkedAccount.account_id == account_id)
            .order_by(col(LinkedAccount.position))
        )
    )


def _linked_values(account_id: str, position: int, account: Any, now: datetime) -> dict[str, Any]:
    objection: Objection = account.objection
    return {
        "id": new_id(),
        "account_id": account_id,
        "position": position,
        "platform": account.platform,
        "profile": account.profile,
        "objection_state": objection.state,
        "submitted_on": objection.submitted_on,
        "confirmed_on": objection.confirmed_on,
        "rejected_reason": objection.rejected_reason,
        "withdrawn_on": objection.withdrawn_on,
        "accounts_center": bool(account.accounts_center),
        "updated_at": now,
    }
