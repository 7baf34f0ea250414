"""Reading and changing a person's preferences; every accepted change is an event in the log."""

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import bindparam, insert, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, delete, select

from api.errors import NotFound, PreconditionFailed
from api.ledger import service as ledger
from api.ledger.models import LedgerEvent
from api.preferences.diff import Change, changes
from api.preferences.models import LinkedAccount, Preferences
from api.preferences.objections import ObjectionState, check_transition
from api.preferences.schemas import Objection, PreferencesIn, PreferencesOut
from api.preferences.views import preferences_view
from api.sqltypes import new_id, utcnow

_PREFERENCES = Preferences.__table__  # type: ignore[attr-defined]  # SQLModel sets it on tables
_LINKED_ACCOUNTS = LinkedAccount.__table__  # type: ignore[attr-defined]
_LOCK = (
    core_select(
        _PREFERENCES.c.region,
        _PREFERENCES.c.scope,
        _PREFERENCES.c.listed,
        _PREFERENCES.c.version,
        _PREFERENCES.c.updated_at,
    )
    .where(_PREFERENCES.c.account_id == bindparam("account_id"))
    .with_for_update()
)
_LINKED = (
    core_select(_LINKED_ACCOUNTS)
    .where(_LINKED_ACCOUNTS.c.account_id == bindparam("account_id"))
    .order_by(_LINKED_ACCOUNTS.c.position)
)

PREFERENCES_CHANGED = "preferences.changed"


@dataclass(frozen=True)
class PreferencesChange:
    """The outcome of an accepted write: the new state and the event that records it."""

    preferences: PreferencesOut
    event: LedgerEvent
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
    session: Session, *, account_id: str, expected_version: int, data: PreferencesIn
) -> PreferencesChange:
    """Replace the preferences if nobody changed them since `expected_version` was read.

    Plain statements on the session's connection: this is every change's path, and the ORM's
    unit of work cost more than the statements themselves.
    """
    connection = session.connection()
    row = connection.execute(_LOCK, {"account_id": account_id}).first()
    if row is None:
        raise NotFound("This account has no preferences.")
    if row.version != expected_version:
        raise PreconditionFailed(
            f"Your copy is version {expected_version}; the current one is {row.version}."
        )
    existing = list(connection.execute(_LINKED, {"account_id": account_id}))
    previous = preferences_view(row, existing)
    _check_objection_steps(existing, data)

    now = utcnow()
    stored = _Stored(data.region, json.dumps(data.scope), data.listed, row.version + 1, now)
    connection.execute(
        update(_PREFERENCES)
        .where(_PREFERENCES.c.account_id == account_id)
        .values(
            region=stored.region,
            scope=stored.scope,
            listed=stored.listed,
            version=stored.version,
            updated_at=now,
        )
    )
    connection.execute(delete(_LINKED_ACCOUNTS).where(_LINKED_ACCOUNTS.c.account_id == account_id))
    linked = [
        _linked_values(account_id, position, account, now)
        for position, account in enumerate(data.accounts)
    ]
    if linked:
        connection.execute(insert(_LINKED_ACCOUNTS), linked)
    current = preferences_view(stored, [_Linked(**values) for values in linked])
    what = changes(previous, current)
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


def _check_objection_steps(existing: list[Any], data: PreferencesIn) -> None:
    before = {(row.platform, row.profile): row.objection_state for row in existing}
    for account in data.accounts:
        state = before.get((account.platform, account.profile))
        if state is not None:
            label = f"{account.platform} {account.profile or '(no profile)'}"
            check_transition(cast(ObjectionState, state), account.objection.state, account=label)


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
        "updated_at": now,
    }


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
    updated_at: datetime
