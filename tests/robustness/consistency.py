"""Reading the database behind a (possibly crashed) service: is everything acknowledged there,
is the event chain whole, is any state half-written?"""

import json
from collections import defaultdict
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from api.db import session_scope
from api.ledger.models import LedgerEvent
from api.ledger.service import audit
from api.preferences.models import LinkedAccount, Preferences
from api.preferences.service import PREFERENCES_CHANGED

# What a written body and its recorded event must agree on.
CONTENT_FIELDS = ("region", "accounts", "scope", "listed", "version")


def content(body: dict[str, Any]) -> dict[str, Any]:
    return {name: body[name] for name in CONTENT_FIELDS}


def recorded_versions(engine: Engine) -> dict[str, dict[int, dict[str, Any]]]:
    """Every preferences change in the log: account → version → content."""
    found: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    with session_scope(engine, write=False) as session:
        events = session.exec(
            select(LedgerEvent)
            .where(LedgerEvent.type == PREFERENCES_CHANGED)
            .order_by(col(LedgerEvent.seq))
        )
        for event in events:
            assert event.account_id is not None and event.payload is not None
            payload = json.loads(event.payload)
            found[event.account_id][payload["version"]] = content(payload)
    return found


def half_written_state(engine: Engine) -> list[str]:
    """Preference rows whose version, or linked accounts, no event records."""
    history = recorded_versions(engine)
    problems: list[str] = []
    with session_scope(engine, write=False) as session:
        for row in session.exec(select(Preferences)):
            if row.version == 1:
                continue  # the defaults, written with the account
            event = history.get(row.account_id, {}).get(row.version)
            if event is None:
                problems.append(f"{row.account_id} at v{row.version} has no history event")
                continue
            linked = session.exec(
                select(LinkedAccount)
                .where(LinkedAccount.account_id == row.account_id)
                .order_by(col(LinkedAccount.position))
            )
            stored = [(item.platform, item.profile, item.objection_state) for item in linked]
            expected = [
                (item["platform"], item["profile"], item["objection"]["state"])
                for item in event["accounts"]
            ]
            if stored != expected or row.region != event["region"]:
                problems.append(f"{row.account_id} at v{row.version} differs from its event")
    return problems


def chain_faults(engine: Engine) -> list[str]:
    with session_scope(engine, write=False) as session:
        return [f"{fault.seq}: {fault.problem}" for fault in audit(session)]
