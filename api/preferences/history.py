"""What each linked account's objection went through, read back from the person's event log.

Every preferences change is logged whole, with what it changed (service.py, diff.py), so the
history of an objection is kept per (platform, profile) even while the account is not linked:
re-adding an account continues from where its objection stood, a correction finds the state
before the last step, and the timeline shows every state in order. Nothing is stored twice.
"""

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import or_
from sqlmodel import Session, col, select

from api.ledger.models import LedgerEvent
from api.preferences.diff import account_key
from api.preferences.schemas import OBJECTION_FIELDS, Objection

PREFERENCES_CHANGED = "preferences.changed"


@dataclass(frozen=True, slots=True)
class Step:
    """One value an account's objection took, from the event that gave it (None: unlinked)."""

    seq: int
    at: datetime
    objection: Objection | None
    correction: str | None = None  # the person's reason, when this step took another back


def histories(
    session: Session, *, account_id: str, keys: Collection[str] | None = None
) -> dict[str, list[Step]]:
    """Per account key (`platform:profile`), the values its objection took, oldest first.

    With `keys`, only those accounts, reading only the events that name them.
    """
    query = select(LedgerEvent.seq, LedgerEvent.created_at, LedgerEvent.payload).where(
        LedgerEvent.account_id == account_id, LedgerEvent.type == PREFERENCES_CHANGED
    )
    if keys is not None:
        if not keys:
            return {}
        payload = col(LedgerEvent.payload)
        # An event that changed an account names it in `changes`; events logged before changes
        # were recorded say nothing of the kind and are read whole. Extra matches cost a
        # decode, never a wrong answer: values are read from the record itself.
        query = query.where(
            or_(
                payload.not_like('%"changes":%'),
                *(payload.like(f'%"accounts[{_like(key)}]%', escape="!") for key in keys),
            )
        )
    found: dict[str, list[Step]] = {key: [] for key in keys or ()}
    for seq, at, text in session.exec(query.order_by(col(LedgerEvent.seq))):
        if text is None:
            continue
        record: dict[str, Any] = json.loads(text)
        now = {
            account_key(item["platform"], item.get("profile")): _objection(item.get("objection"))
            for item in record.get("accounts", [])
        }
        reasons = _corrections(record.get("changes", []))
        for key in (found.keys() | now.keys()) if keys is None else found.keys():
            steps = found.setdefault(key, [])
            value, reason = now.get(key), reasons.get(key)
            last = steps[-1].objection if steps else None
            if reason is not None or _dump(value) != _dump(last):
                steps.append(Step(seq=seq, at=at, objection=value, correction=reason))
    return found


def last_known(steps: list[Step]) -> Objection | None:
    """The objection as it last stood while the account was linked."""
    for step in reversed(steps):
        if step.objection is not None:
            return step.objection
    return None


def current_since(steps: list[Step], current: Objection) -> Step | None:
    """The step that brought the objection to `current` (a re-link that kept it is no step)."""
    since = None
    for step in steps:
        if step.objection is None:
            continue
        if _dump(step.objection) != _dump(current):
            since = None
        elif since is None:
            since = step
    return since


def before_last_step(steps: list[Step], current: Objection) -> Objection | None:
    """The objection before the step that made it `current`: a correction returns there.

    An account linked straight into a state has the fresh objection before it; one that never
    moved has nothing to take back (None).
    """
    for step in reversed(steps):
        if step.objection is not None and _dump(step.objection) != _dump(current):
            return step.objection
    return Objection() if current.state != "not_started" else None


def _objection(value: Any) -> Objection:
    if not isinstance(value, dict):
        return Objection()
    known: dict[str, Any] = {
        name: value[name] for name in OBJECTION_FIELDS if value.get(name) is not None
    }
    try:
        return Objection.model_validate(known)
    except ValidationError:  # a value the rules of its day allowed: keep it as it was logged
        return Objection.model_construct(**known)


def _corrections(changes: list[Any]) -> dict[str, str]:
    """Account key → reason, for the accounts whose objection a correction moved."""
    found: dict[str, str] = {}
    for change in changes:
        if not isinstance(change, dict) or not isinstance(change.get("correction"), str):
            continue
        field = str(change.get("field", ""))
        if field.startswith("accounts[") and "]" in field:
            found.setdefault(field[len("accounts[") : field.index("]")], change["correction"])
    return found


def _dump(objection: Objection | None) -> dict[str, Any] | None:
    return None if objection is None else objection.model_dump(mode="json")


def _like(text: str) -> str:
    # "!" escapes: a backslash would be read differently by SQLite and PostgreSQL literals.
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
