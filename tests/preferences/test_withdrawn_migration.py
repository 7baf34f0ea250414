"""Stepping the schema down below withdrawals leaves no state the older release would refuse,
and stepping up again starts every account unmarked and unwithdrawn."""

from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.accounts.models import Account
from api.db import session_scope
from api.ops.migrations import downgrade, upgrade
from api.preferences import service as preferences
from api.preferences.schemas import PreferencesIn

BEFORE = "c3d4e5f6a7b8"  # the revision before withdrawals and Accounts Center marks


def test_a_withdrawn_objection_steps_down_to_not_started_and_comes_back_unmarked(
    database_url: str, engine: Engine
) -> None:
    withdrawn = {"state": "withdrawn", "submitted_on": "2025-05-20", "withdrawn_on": "2025-09-01"}
    with session_scope(engine) as session:
        account = Account()
        session.add(account)
        session.flush()
        preferences.create_defaults(session, account_id=account.id)
        session.flush()
        preferences.update_preferences(
            session,
            account_id=account.id,
            expected_version=1,
            data=PreferencesIn.model_validate(
                {
                    "region": "DE",
                    "accounts": [
                        {"platform": "facebook", "objection": withdrawn, "accounts_center": True},
                        {
                            "platform": "instagram",
                            "objection": {"state": "submitted", "submitted_on": "2025-05-20"},
                        },
                    ],
                    "scope": "all",
                    "listed": False,
                }
            ),
        )
    engine.dispose()
    query = text(
        "SELECT platform, objection_state, submitted_on FROM linked_accounts "
        "WHERE account_id = :a ORDER BY position"
    )

    downgrade(database_url, BEFORE)
    with engine.connect() as connection:
        stepped_down = [tuple(row) for row in connection.execute(query, {"a": account.id})]
    upgrade(database_url)

    assert [(platform, state, day is None) for platform, state, day in stepped_down] == [
        ("facebook", "not_started", True),
        ("instagram", "submitted", False),
    ]
    with engine.connect() as connection:
        marks = connection.execute(
            text("SELECT accounts_center, withdrawn_on FROM linked_accounts WHERE account_id = :a"),
            {"a": account.id},
        ).all()
    assert [(bool(center), day) for center, day in marks] == [(False, None), (False, None)]
