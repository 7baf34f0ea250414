"""Reading and changing a person's preferences; every accepted change is an event in the log."""

import json
from dataclasses import dataclass
from typing import Any, cast

from sqlmodel import Session, col, delete, select

from api.errors import NotFound, PreconditionFailed
from api.ledger import service as ledger
from api.ledger.models import LedgerEvent
from api.preferences.models import LinkedAccount, Preferences
from api.preferences.objections import ObjectionState, check_transition
from api.preferences.schemas import Objection, PreferencesIn, PreferencesOut
from api.preferences.views import preferences_view
from api.sqltypes import utcnow

PREFERENCES_CHANGED = "preferences.changed"


@dataclass(frozen=True)
class PreferencesChange:
    """The outcome of an accepted write: the new state and the event that records it."""

    preferences: PreferencesOut
    event: LedgerEvent
    previous: PreferencesOut


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
    """Replace the preferences if nobody changed them since `expected_version` was read."""
    row = session.exec(
        select(Preferences).where(Preferences.account_id == account_id).with_for_update()
    ).first()
    if row is None:
        raise NotFound("This account has no preferences.")
    if row.version != expected_version:
        raise PreconditionFailed(
            f"Your copy is version {expected_version}; the current one is {row.version}."
        )
    existing = _linked(session, account_id)
    previous = preferences_view(row, list(existing))
    _check_objection_steps(existing, data)

    row.region, row.listed = data.region, data.listed
    row.scope = json.dumps(data.scope)
    row.version += 1
    row.updated_at = utcnow()
    session.add(row)
    session.exec(delete(LinkedAccount).where(col(LinkedAccount.account_id) == account_id))
    linked = [
        _linked_row(account_id, position, account) for position, account in enumerate(data.accounts)
    ]
    session.add_all(linked)
    current = preferences_view(row, list(linked))
    event = ledger.append(
        session,
        type=PREFERENCES_CHANGED,
        account_id=account_id,
        payload={"account_id": account_id, **current.model_dump(mode="json")},
    )
    return PreferencesChange(preferences=current, event=event, previous=previous)


def _check_objection_steps(existing: list[LinkedAccount], data: PreferencesIn) -> None:
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


def _linked_row(account_id: str, position: int, account: Any) -> LinkedAccount:
    objection: Objection = account.objection
    return LinkedAccount(
        account_id=account_id,
        position=position,
        platform=account.platform,
        profile=account.profile,
        objection_state=objection.state,
        submitted_on=objection.submitted_on,
        confirmed_on=objection.confirmed_on,
        rejected_reason=objection.rejected_reason,
    )
