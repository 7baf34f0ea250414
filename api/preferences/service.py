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
from api.preferences.profiles import Platform, profile_url
from api.preferences.schemas import (
    LinkedAccountOut,
    Objection,
    PreferencesIn,
    PreferencesOut,
    Scope,
)
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
    return _view(row, _linked(session, account_id))


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
    previous = _view(row, existing)
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
    current = _view(row, linked)
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


def _view(row: Preferences, linked: list[LinkedAccount]) -> PreferencesOut:
    return PreferencesOut(
        region=row.region,
        accounts=[_linked_view(item) for item in linked],
        scope=cast(Scope, json.loads(row.scope)),
        listed=row.listed,
        version=row.version,
        updated_at=row.updated_at,
    )


def _linked_view(row: LinkedAccount) -> LinkedAccountOut:
    platform = cast(Platform, row.platform)
    return LinkedAccountOut(
        platform=platform,
        profile=row.profile,
        profile_url=profile_url(platform, row.profile) if row.profile else None,
        objection=Objection.model_construct(
            state=cast(ObjectionState, row.objection_state),
            submitted_on=row.submitted_on,
            confirmed_on=row.confirmed_on,
            rejected_reason=row.rejected_reason,
        ),
    )
