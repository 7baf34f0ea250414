"""Real databases for tests: a migrated SQLite file per test, a fresh PostgreSQL database per run.

PostgreSQL comes from AI_OPTOUT_TEST_DATABASE_URL (`make test` and CI set it). Without it the
PostgreSQL half of the suite is skipped locally but fails under CI (CI=true): never a silent pass.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from api.db import normalise_url
from api.ops.migrations import upgrade
from tests.support.requirements import missing

POSTGRES_ENV = "AI_OPTOUT_TEST_DATABASE_URL"
# Kept across tests: the chain head's seed row and the migration stamp.
_KEEP_ROWS = {"alembic_version", "ledger_head", "signing_keys"}


def postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        missing(
            f"{POSTGRES_ENV} not set (PostgreSQL half of the suite)",
            under_ci="CI must run the suite on PostgreSQL too",
        )
    return url


@contextmanager
def fresh_postgres_database(*, migrate: bool = True) -> Iterator[str]:
    """Create a throw-away database on the server, migrate it (unless told not to), drop it
    afterwards."""
    admin_url = make_url(normalise_url(postgres_admin_url()))
    name = f"aoo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # a dead server is a test failure, not a skip
        pytest.fail(f"PostgreSQL at {admin_url.render_as_string()} is unreachable: {error}")
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    try:
        if migrate:
            upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrated_sqlite_template(directory: Path) -> Path:
    path = directory / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


def sqlite_copy(template: Path, directory: Path) -> str:
    target = directory / f"{uuid.uuid4().hex[:8]}.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def empty_tables(engine: Engine) -> None:
    """Return a shared PostgreSQL database to its just-migrated state between tests."""
    from sqlmodel import SQLModel

    names = [t.name for t in SQLModel.metadata.sorted_tables if t.name not in _KEEP_ROWS]
    with engine.begin() as connection:
        if names:
            connection.execute(text(f"TRUNCATE {', '.join(names)} CASCADE"))
        connection.execute(text("UPDATE ledger_head SET seq = 0, hash = :h"), {"h": "0" * 64})
