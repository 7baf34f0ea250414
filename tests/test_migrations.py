"""The schema comes only from Alembic: the migrated database equals the models, and stepping
down and up again keeps every row."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from api import models  # noqa: F401  (the whole metadata)
from api.db import make_engine, session_scope
from api.ops.migrations import alembic_config, downgrade, head_revision, upgrade
from api.preferences.schemas import PreferencesIn
from api.preferences.service import update_preferences
from tests.support.databases import fresh_postgres_database


def _schema_diff(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def test_the_migrated_schema_equals_the_models(engine: Engine) -> None:
    assert _schema_diff(engine) == []


def test_there_is_one_linear_chain_of_migrations() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))

    assert len(script.get_heads()) == 1
    assert head_revision() == script.get_current_head()


def test_downgrade_to_the_foundation_and_upgrade_again_keeps_the_data(
    database_url: str, engine: Engine
) -> None:
    from api.accounts.models import Account
    from api.preferences import service as preferences

    with session_scope(engine) as session:
        account = Account()
        session.add(account)
        session.flush()
        preferences.create_defaults(session, account_id=account.id)
        session.flush()
        update_preferences(
            session,
            account_id=account.id,
            expected_version=1,
            data=PreferencesIn.model_validate(
                {
                    "region": "DE",
                    "accounts": [{"platform": "facebook", "profile": "jane.doe"}],
                    "scope": "all",
                    "listed": False,
                }
            ),
        )
    engine.dispose()
    foundation = ScriptDirectory.from_config(alembic_config("sqlite://")).get_base()
    assert foundation is not None

    downgrade(database_url, foundation)
    upgrade(database_url)

    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT platform, profile FROM linked_accounts WHERE account_id = :a"),
            {"a": account.id},
        ).all()
        region = connection.execute(
            text("SELECT region FROM preferences WHERE account_id = :a"), {"a": account.id}
        ).scalar_one()
    assert [tuple(row) for row in rows] == [("facebook", "jane.doe")]
    assert region == "DE"
    assert _schema_diff(engine) == []


def test_a_full_downgrade_leaves_no_table_behind(database_url: str) -> None:
    if database_url.startswith("postgresql"):
        # The shared test database stays migrated for other tests: use a throw-away one.
        with fresh_postgres_database() as url:
            _downgrade_to_nothing(url)
    else:
        _downgrade_to_nothing(database_url)


def _downgrade_to_nothing(url: str) -> None:
    downgrade(url, "base")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
