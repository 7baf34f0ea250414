"""What `/readyz` checks: the request slots are moving, the database answers and is migrated,
and its storage can take writes (not full, not read-only, no write refused for either lately).

The database checks run in one thread at a time, whoever asks: a load balancer polling a
stuck database must not pile up threads or connections, and they never take a request slot
(an answer about starved slots must not queue behind them).
"""

import asyncio
import os
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.db import RequestSlots, StorageWatch
from api.errors import DISK_FULL, READ_ONLY, UNREACHABLE, storage_trouble
from api.ops.migrations import current_revision, head_revision, known_revision
from api.ops.startup import Startup

OK = "ok"
# Longer than any healthy check; a database that takes longer is as good as gone.
PROBE_TIMEOUT_SECONDS = 5.0
# Each reason names what fixes it: /readyz is what an operator looks at first.
MIGRATE = "run `ai-optout migrate` with this service's AI_OPTOUT_DATABASE_URL"
_SAID = {
    DISK_FULL: "the disk is full: free space on the database's disk",
    READ_ONLY: "the database is read-only: point AI_OPTOUT_DATABASE_URL at a writable "
    "(primary) server, or make the database writable",
    UNREACHABLE: "the database is unreachable: check AI_OPTOUT_DATABASE_URL and that the "
    "database server is running and accepts this service's connections",
}


@dataclass
class Report:
    """Each check's outcome (`ok`, or what is wrong), and the schema revision when known."""

    checks: dict[str, str] = field(default_factory=dict)
    revision: str | None = None

    @property
    def ready(self) -> bool:
        return all(outcome == OK for outcome in self.checks.values())


def slots_check(slots: RequestSlots, starved_after: float) -> str:
    waited = slots.longest_wait()
    if waited <= starved_after:
        return OK
    return (
        f"all {slots.limit} request slots are busy; {slots.waiting} requests wait, "
        f"the longest for {waited:.1f} s"
    )


@cache
def _head() -> str | None:
    return head_revision()  # reads the migration scripts: once per process


def _sqlite_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def probe_database(engine: Engine, min_free_bytes: int) -> Report:
    """The database, migrations and storage checks (blocking: run in a thread)."""
    report = Report()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            read_only = engine.dialect.name == "postgresql" and bool(
                connection.execute(
                    text(
                        "SELECT current_setting('transaction_read_only') = 'on'"
                        " OR pg_is_in_recovery()"
                    )
                ).scalar()
            )
        report.revision = current_revision(engine)
    except Exception as error:  # any failure here means "not ready", never a 500
        report.checks["database"] = _SAID.get(
            storage_trouble(error) or UNREACHABLE, _SAID[UNREACHABLE]
        )
        return report
    report.checks["database"] = OK
    report.checks["migrations"] = migrations_check(report.revision)
    report.checks["storage"] = _storage(engine, read_only, min_free_bytes)
    return report


def migrations_check(revision: str | None) -> str:
    """`ok` when the database is at this release's newest revision, else why and what to do."""
    head = _head()
    if revision == head:
        return OK
    if revision is None:
        return f"the database is not migrated (no tables yet): {MIGRATE}"
    if known_revision(revision):
        return f"the database is at revision {revision}, this release needs {head}: {MIGRATE}"
    return (
        f"the database is at revision {revision}, which this release does not know (a newer "
        "release migrated it): run that release, or upgrade this one"
    )


def _storage(engine: Engine, read_only: bool, min_free_bytes: int) -> str:
    if read_only:
        return _SAID[READ_ONLY]
    path = _sqlite_file(engine)
    if path is not None:
        disk = os.statvfs(path.parent)
        if disk.f_flag & os.ST_RDONLY:
            return (
                f"the database's file system is read-only: mount {path.parent} writable, "
                "or set AI_OPTOUT_DATA_DIR to a writable directory"
            )
        free = disk.f_bavail * disk.f_frsize
        if free < min_free_bytes:
            return (
                f"the disk is full: {free} bytes free, {min_free_bytes} needed: free space "
                f"on the disk that holds {path.parent}"
            )
    recent = StorageWatch.of(engine).recent()
    if recent is not None:
        trouble, age = recent
        return f"a write failed {age:.0f} s ago: {_SAID.get(trouble, trouble)}"
    return OK


class Readiness:
    """The database checks of one app, run by at most one thread at a time: concurrent asks
    share the run in flight, and a run that outlasts `PROBE_TIMEOUT_SECONDS` is reported as
    an unanswering database while it finishes in the background. With the app's `Startup`,
    also whether the work that needs the database has started (the data routes wait for it)."""

    def __init__(self, engine: Engine, min_free_bytes: int, startup: Startup | None = None) -> None:
        self.engine = engine
        self.min_free_bytes = min_free_bytes
        self.startup = startup
        self._running: asyncio.Future[Report] | None = None
        self._started = 0.0

    async def database(self) -> Report:
        running, loop = self._running, asyncio.get_running_loop()
        if running is None or running.done() or running.get_loop() is not loop:
            # The loop's own executor: the app's thread pool is left to the requests.
            running = self._running = loop.run_in_executor(
                None, probe_database, self.engine, self.min_free_bytes
            )
            self._started = time.monotonic()
        try:
            report = await asyncio.wait_for(asyncio.shield(running), PROBE_TIMEOUT_SECONDS)
        except TimeoutError:
            waited = time.monotonic() - self._started
            report = Report({"database": f"no answer for {waited:.0f} s: {_SAID[UNREACHABLE]}"})
        startup = self.startup
        if startup is not None and not startup.started:
            # A copy: the report in flight may be shared with other askers.
            report = Report(dict(report.checks), report.revision)
            report.checks["startup"] = (
                f"waiting {startup.waited():.0f} s for the database; the data routes answer "
                "503 until it is reachable and migrated"
            )
        return report
