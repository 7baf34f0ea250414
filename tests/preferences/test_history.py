"""An objection's history read back from the log, also from events logged before each change
said what it changed."""

from typing import Any

from sqlalchemy.engine import Engine

from api.accounts.models import Account
from api.db import session_scope
from api.ledger import service as ledger
from api.preferences import history

KEY = "facebook:jane_doe"


def _account(objection: dict[str, Any], profile: str = "jane_doe") -> dict[str, Any]:
    return {"platform": "facebook", "profile": profile, "objection": objection}


def test_events_from_before_changes_were_logged_are_read_whole(engine: Engine) -> None:
    submitted = {"state": "submitted", "submitted_on": "2025-05-20"}
    with session_scope(engine) as session:
        account = Account()
        session.add(account)
        session.flush()
        payloads: list[dict[str, Any]] = [
            {"accounts": [_account({"state": "not_started"})]},  # no `changes`: an older event
            {"accounts": [_account(submitted)]},
            {"accounts": []},  # removed, said only by its absence
            # A newer event that names another account only (`_` would match its `x` in a LIKE
            # pattern, were it not escaped): whether read or not, it leaves this one unlinked.
            {
                "accounts": [_account(submitted, "janexdoe")],
                "changes": [{"field": "accounts[facebook:janexdoe]", "from": None, "to": "x"}],
            },
        ]
        for payload in payloads:
            ledger.append(
                session, type=history.PREFERENCES_CHANGED, account_id=account.id, payload=payload
            )
        account_id = account.id

    with session_scope(engine, write=False) as session:
        steps = history.histories(session, account_id=account_id, keys=[KEY])[KEY]
        everything = history.histories(session, account_id=account_id)

    states = [None if step.objection is None else step.objection.state for step in steps]
    assert states == ["not_started", "submitted", None]
    last = history.last_known(steps)
    assert last is not None and last.state == "submitted"
    assert str(last.submitted_on) == "2025-05-20"
    assert set(everything) == {KEY, "facebook:janexdoe"}
    assert len(everything["facebook:janexdoe"]) == 1
