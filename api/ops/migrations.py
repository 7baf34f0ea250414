"""Alembic, driven from code: `ai-optout migrate`, `serve` on the embedded default, and /readyz."""

from functools import cache
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError as AlembicError
from sqlalchemy.engine import Engine

from api.db import normalise_url

# Package data (pyproject.toml): found the same way in a checkout, a wheel and the image,
# whatever the working directory.
MIGRATIONS_DIR = Path(str(files("api") / "migrations"))


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", normalise_url(database_url).replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str | None:
    return _scripts().get_current_head()


def known_revision(revision: str) -> bool:
    """Whether `revision` (an id, a unique prefix of one, or `head`) names one of this release's
    migrations."""
    if not revision:
        return False
    try:
        return _scripts().get_revision(revision) is not None
    except AlembicError:  # unknown, ambiguous, or not a revision at all
        return False


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
