"""The command line's database: which one (never an embedded file nobody asked for), whether it
is there, reachable and migrated, and every failure said in one line with what fixes it."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from pydantic import ValidationError
from pydantic_settings import SettingsError
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

import api
from api.config import Settings
from api.db import make_engine
from api.errors import DISK_FULL, READ_ONLY, UNREACHABLE, ProblemError, storage_trouble
from api.ops.migrations import current_revision, head_revision, known_revision

# The checkout `make run` serves from: there the embedded default (data/ai-optout.db) is meant.
CHECKOUT = Path(api.__file__).resolve().parents[1]
SET_DATABASE = (
    "set AI_OPTOUT_DATABASE_URL (postgresql://… or sqlite:///path/to/file.db) or "
    "AI_OPTOUT_DATA_DIR (a directory for the embedded SQLite file)"
)
MIGRATE = "run `ai-optout migrate`"


class CommandError(Exception):
    """A failure the operator can fix; its message is one line that says how."""


def in_checkout() -> bool:
    return Path.cwd().resolve() == CHECKOUT and (CHECKOUT / "pyproject.toml").is_file()


def configured(settings: Settings) -> bool:
    """Whether the operator chose a database (URL or data directory), in the environment or .env."""
    return bool(settings.database_url) or "data_dir" in settings.model_fields_set


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def shown(url: str) -> str:
    """The URL without its password (nor the driver this service picks), fit to print."""
    parsed = make_url(url)
    return parsed.set(drivername=parsed.get_backend_name()).render_as_string(hide_password=True)


def database_url(settings: Settings, *, creating: bool = False) -> str:
    """The database a command works on. Only `creating` commands (`migrate`, `serve`) may make
    a new SQLite file, and the embedded default only in the checkout or once configured: run
    anywhere else, a command would otherwise leave an empty `data/ai-optout.db` behind."""
    url = settings.effective_database_url
    path = sqlite_file(url)
    if path is None or path.exists():
        return url
    if not configured(settings) and not in_checkout():
        raise CommandError(f"no database configured: {SET_DATABASE}; nothing was created")
    if not creating:
        raise CommandError(f"no database at {path} yet: {MIGRATE} to create it")
    return url


@dataclass(frozen=True)
class MigrationState:
    """Where a database's schema stands against this release's migrations."""

    revision: str | None
    head: str | None

    @property
    def current(self) -> bool:
        return self.revision == self.head

    def said(self) -> str:
        if self.current:
            return f"at {self.head}, the newest"
        if self.revision is None:
            return f"not migrated (no tables yet): {MIGRATE}"
        if known_revision(self.revision):
            return f"at {self.revision}, behind the newest {self.head}: {MIGRATE}"
        return f"at {self.revision}, unknown to this release (a newer one migrated it)"


def migration_state(engine: Engine) -> MigrationState:
    """The schema's state; a CommandError when the database cannot be read."""
    try:
        revision = current_revision(engine)
    except SQLAlchemyError as error:
        raise CommandError(explain_database_error(error, shown(str(engine.url)))) from error
    return MigrationState(revision, head_revision())


@contextmanager
def command_engine(settings: Settings) -> Iterator[Engine]:
    """An engine on an existing, reachable database at this release's schema, for the commands
    that read or write data; disposed afterwards."""
    engine = make_engine(database_url(settings))
    try:
        state = migration_state(engine)
        if not state.current:
            raise CommandError(f"the database is {state.said()}")
        yield engine
    finally:
        engine.dispose()


def explain_database_error(error: BaseException, where: str = "") -> str | None:
    """One line for a database error an operator can fix, or None for anything else."""
    cause = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(cause, sqlite3.Error | psycopg.Error) and not isinstance(
        error, SQLAlchemyError
    ):
        return None
    message = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    at = f" at {where}" if where else ""
    if isinstance(cause, psycopg.errors.UndefinedTable) or "no such table" in message:
        return f"the database{at} is not migrated ({message}): {MIGRATE}"
    trouble = storage_trouble(error)
    if trouble == UNREACHABLE:
        return (
            f"cannot reach the database{at} ({message}): check AI_OPTOUT_DATABASE_URL and that "
            "the server is running"
        )
    if trouble == READ_ONLY:
        return f"the database{at} is read-only ({message}): use a writable (primary) database"
    if trouble == DISK_FULL:
        return f"the database{at} is out of space ({message}): free space on its disk"
    if isinstance(cause, psycopg.OperationalError):  # e.g. authentication, unknown database
        return f"cannot use the database{at} ({message}): check AI_OPTOUT_DATABASE_URL"
    return None


def explain(error: BaseException) -> str | None:
    """One line for an error an operator can fix, or None for a bug (which keeps its
    traceback for `--debug`)."""
    if isinstance(error, CommandError):
        return str(error)
    if isinstance(error, ProblemError):
        return error.detail or error.title
    if isinstance(error, ValidationError) and error.title == Settings.__name__:
        return "invalid settings: " + "; ".join(
            f"AI_OPTOUT_{str(entry['loc'][0]).upper()}: {entry['msg']}" for entry in error.errors()
        )
    if isinstance(error, SettingsError):  # e.g. a list setting that is not JSON
        return f"invalid settings: {str(error).splitlines()[0]}"
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.strerror or error}: {error.filename}"
    return explain_database_error(error)
