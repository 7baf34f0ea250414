"""What the organisation features learn from a person's changes, inside the change's transaction.

Installed once (`install()`, from `create_app`) as SQLAlchemy events, so no other domain has to
call into this one:

- a `preferences.changed` event appended to the ledger → feed rows for the profiles whose
  listing changed (bulk checks), and `objection.state_changed` webhooks for every group the
  person authorised;
- an account's deletion → feed rows for its listed profiles and `member.revoked` webhooks;
- once such a transaction commits → this process's check index catches up and its webhook
  worker wakes (other replicas hear of it through the feed).

Everything here runs inside the flush, on the flush's connection, so it commits or rolls back
with the change.
"""

import json
import threading
import weakref
from collections.abc import Callable
from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Mapper, Session, object_session
from sqlmodel import col, select

from api.accounts.models import Account
from api.authorisations.models import Authorisation
from api.checks import feed
from api.ledger.models import LedgerEvent, LedgerHead
from api.preferences.models import LinkedAccount, Preferences
from api.preferences.service import PREFERENCES_CHANGED
from api.sqltypes import utcnow
from api.webhooks import events
from api.webhooks.outbox import enqueue

Kind = Literal["checks", "webhooks"]
_PENDING = "ai_optout.organisations.pending"
_installed = False
_install_lock = threading.Lock()
Listener = tuple[Kind, "weakref.WeakMethod[Callable[[], None]]"]
# Per engine (not per URL: tests and restarts hold several engines on one database).
_listeners: "weakref.WeakKeyDictionary[Engine, list[Listener]]" = weakref.WeakKeyDictionary()


def install() -> None:
    """Register the events (once per process; later calls do nothing)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        event.listen(LedgerEvent, "after_insert", _on_ledger_event)
        event.listen(Account, "before_delete", _on_account_deleting)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)
        _installed = True


def on_commit(engine: Engine, kind: Kind, callback: Callable[[], None]) -> None:
    """Call the bound method `callback` after each commit on `engine` that queued `kind` work.
    Held weakly: an index or worker that is gone is simply not called."""
    _listeners.setdefault(engine, []).append((kind, weakref.WeakMethod(callback)))


def mark(session: Session, kind: Kind) -> None:
    session.info.setdefault(_PENDING, set()).add(kind)


def _base_engine(bind: object) -> Engine | None:
    # Sessions are opened on `engine.execution_options(...)`, which wraps the engine itself.
    engine = getattr(bind, "_proxied", bind)
    return engine if isinstance(engine, Engine) else None


def _after_commit(session: Session) -> None:
    kinds: set[Kind] = session.info.pop(_PENDING, set())
    if not kinds:
        return
    engine = _base_engine(session.get_bind())
    for kind, reference in list(_listeners.get(engine, [])) if engine is not None else []:
        callback = reference()
        if kind in kinds and callback is not None:
            callback()


def _after_rollback(session: Session, _previous: Any) -> None:
    session.info.pop(_PENDING, None)


def _on_ledger_event(_mapper: Mapper[Any], connection: Connection, target: LedgerEvent) -> None:
    if target.type != PREFERENCES_CHANGED or target.account_id is None or target.payload is None:
        return
    after = json.loads(target.payload)
    before = _previous_preferences(connection, target)
    session = object_session(target)
    assert session is not None
    changed = _listed(before) ^ _listed(after)
    if changed:
        feed.record(connection, sorted(changed), at=target.created_at)
        mark(session, "checks")
    queued = 0
    for member_id, organisation_id in _live_authorisations(connection, target.account_id):
        for data in events.objection_changes(
            before, after, member_id=member_id, at=target.created_at
        ):
            queued += enqueue(
                connection,
                organisation_id=organisation_id,
                type="objection.state_changed",
                data=data,
                at=target.created_at,
            )
    if queued:
        mark(session, "webhooks")


def _on_account_deleting(_mapper: Mapper[Any], connection: Connection, target: Account) -> None:
    # The ledger's head lock first, as every feed writer takes it: feed rows stay in seq order.
    connection.execute(select(LedgerHead.id).where(LedgerHead.id == 1).with_for_update())
    listed = connection.execute(
        select(LinkedAccount.platform, LinkedAccount.profile)
        .join(Preferences, col(Preferences.account_id) == col(LinkedAccount.account_id))
        .where(col(LinkedAccount.account_id) == target.id)
        .where(col(Preferences.listed))
        .where(col(LinkedAccount.profile).is_not(None))
    ).all()
    session = object_session(target)
    assert session is not None
    now = utcnow()
    if listed:
        feed.record(connection, sorted({(p, k) for p, k in listed}), at=now)
        mark(session, "checks")
    for member_id, organisation_id in _live_authorisations(connection, target.id):
        data = events.member_revoked(member_id, now, reason="account_deleted")
        if enqueue(
            connection, organisation_id=organisation_id, type="member.revoked", data=data, at=now
        ):
            mark(session, "webhooks")


def _previous_preferences(connection: Connection, current: LedgerEvent) -> dict[str, Any] | None:
    payload = connection.execute(
        select(LedgerEvent.payload)
        .where(col(LedgerEvent.account_id) == current.account_id)
        .where(col(LedgerEvent.type) == PREFERENCES_CHANGED)
        .where(col(LedgerEvent.seq) < current.seq)
        .order_by(col(LedgerEvent.seq).desc())
        .limit(1)
    ).scalar()
    return None if payload is None else dict(json.loads(payload))


def _listed(snapshot: dict[str, Any] | None) -> set[tuple[str, str]]:
    if not snapshot or not snapshot.get("listed"):
        return set()
    return {
        (account["platform"], account["profile"])
        for account in snapshot.get("accounts", [])
        if account.get("profile")
    }


def _live_authorisations(connection: Connection, account_id: str) -> list[tuple[str, str]]:
    rows = connection.execute(
        select(Authorisation.id, Authorisation.organisation_id)
        .where(col(Authorisation.account_id) == account_id)
        .where(col(Authorisation.revoked_at).is_(None))
    ).all()
    return [(member_id, organisation_id) for member_id, organisation_id in rows]
