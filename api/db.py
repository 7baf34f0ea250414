"""The database engine and the one way to open a unit of work.

SQLite is the embedded default (a file in WAL mode with `synchronous=FULL`, so an acknowledged write
survives a crash); PostgreSQL is the production and scale-out database. Both take the same models.
"""

import asyncio
import logging
import select
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, ClassVar, Protocol

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url
from sqlalchemy.exc import DBAPIError, InvalidatePoolError
from sqlalchemy.pool import Pool, QueuePool
from sqlmodel import Session, create_engine

from api.errors import ProblemError, storage_trouble

log = logging.getLogger(__name__)
WRITE_OPTION = "ai_optout_write"
_AFTER_COMMIT = "ai_optout.after_commit"
# Connection pools, per process. SQLite connections are file handles; PostgreSQL's are server
# processes: 2 workers × 30 stays under its default max_connections of 100 (see docs/operations).
SQLITE_OVERFLOW = 24
POSTGRES_OVERFLOW = 20
CONNECTIONS_PER_REQUEST = 1
BACKGROUND_CONNECTIONS = 2
# A PostgreSQL server that does not answer a connection attempt (gone, or its packets dropped)
# costs a request this long, then a 503, instead of a thread held for minutes.
CONNECT_TIMEOUT = 5
# How long a write refused for storage trouble keeps /readyz failing, unless a write succeeds.
RECENT_TROUBLE_SECONDS = 30.0


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the URL names (or omits)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    # Leave BEGIN to `_sqlite_begin`: pysqlite's implicit one cannot be made IMMEDIATE.
    dbapi_connection.isolation_level = None


def make_engine(url: str) -> Engine:
    # hide_parameters: an error's message (logged with its traceback) never carries people's data.
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 10},
            pool_size=8,
            max_overflow=SQLITE_OVERFLOW,
            hide_parameters=True,
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # No pre-ping: it costs a round trip on every checkout, as much as the hot read itself.
    # Instead a checkout looks at the idle connection's socket (no round trip): the server
    # only ever speaks first to a connection that is not in a query when it is closing it
    # (restart, idle timeout, pg_terminate_backend), so a readable socket means "probably
    # dead" and earns a real ping; a dead one is replaced before anyone uses it, and a
    # disconnect found later still invalidates the pool as usual. pool_recycle retires
    # connections before any idle timeout between here and the server can cut them.
    # Reset on return stays "rollback": psycopg skips it (no round trip) when the connection
    # is idle, which it is after every commit and after every autocommit read (RawQuery).
    # An operator's own connect_timeout in the URL wins.
    timeout = {} if "connect_timeout" in parsed.query else {"connect_timeout": CONNECT_TIMEOUT}
    engine = create_engine(
        url,
        connect_args=timeout,
        pool_size=10,
        max_overflow=POSTGRES_OVERFLOW,
        pool_pre_ping=False,
        pool_recycle=1800,
        pool_reset_on_return="rollback",
        hide_parameters=True,
    )
    ping = engine.dialect.do_ping

    def _check_alive(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection.closed or dbapi_connection.broken:
            raise InvalidatePoolError("connection closed")
        ready = select.poll()
        ready.register(dbapi_connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
        if ready.poll(0):
            try:
                alive = ping(dbapi_connection)
                dbapi_connection.rollback()  # the ping's implicit BEGIN
            except Exception as error:
                raise InvalidatePoolError(f"connection lost: {error}") from error
            if not alive:
                raise InvalidatePoolError("connection lost")

    event.listen(engine, "checkout", _check_alive)
    event.listen(engine, "handle_error", _renew_when_read_only)
    return engine


def _renew_when_read_only(context: ExceptionContext) -> None:
    # A connection refused a write as read-only (a standby, a database set read-only): treat
    # it as lost, so the pool's connections are replaced and pick up the server's state once
    # it is writable again, instead of each keeping its session's read-only setting.
    if getattr(context.original_exception, "sqlstate", None) == "25006":
        context.is_disconnect = True


def request_slots(engine: Engine) -> int:
    """How many requests may use the database at once without ever waiting for a connection.

    A request holds one connection at a time: its one session, or before that the short reads
    that check who is calling; background tasks take two. If more requests than this held
    connections, threads would block in the pool while the connections they wait for can only
    be returned by a thread: the whole process stalls (found by tests/robustness/test_stalls.py).
    """
    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return 64  # a pool without a bound (e.g. in-memory SQLite in a test): nothing to protect
    capacity = pool.size() + max(0, int(getattr(pool, "_max_overflow", 0)))
    return max(1, (capacity - BACKGROUND_CONNECTIONS) // CONNECTIONS_PER_REQUEST)


class RequestSlots:
    """The `request_slots` places, shared by the requests of one event loop: a request takes one
    once its body is in (`api.middleware`) and gives it back when its answer is handed over.

    It also says how long the longest waiter has waited, which `/readyz` reports as starvation.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.busy = 0
        self._semaphore: asyncio.Semaphore | None = None  # made in the serving event loop
        # Each waiter's start, oldest first (dicts keep insertion order).
        self._waiting: dict[object, float] = {}

    async def acquire(self) -> None:
        semaphore = self._semaphore
        if semaphore is None:
            semaphore = self._semaphore = asyncio.Semaphore(self.limit)
        if semaphore.locked():
            token = object()
            self._waiting[token] = time.monotonic()
            try:
                await semaphore.acquire()
            finally:
                del self._waiting[token]
        else:
            await semaphore.acquire()  # a free slot: returns at once
        self.busy += 1

    def release(self) -> None:
        assert self._semaphore is not None
        self.busy -= 1
        self._semaphore.release()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def longest_wait(self) -> float:
        """Seconds the oldest waiting request has waited for a slot (0 when none waits)."""
        for started in self._waiting.values():
            return time.monotonic() - started
        return 0.0


class StorageWatch:
    """The last write the database refused for storage trouble (disk full, read-only, gone),
    until a later write succeeds: `/readyz` reports it, as a failed write is often the only
    sign of a full disk on a database server this process cannot look into."""

    # By pool: an engine with execution options (a session's bind) shares its base's pool.
    _by_pool: ClassVar["weakref.WeakKeyDictionary[Pool, StorageWatch]"] = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self) -> None:
        self.trouble: str | None = None
        self.since = 0.0

    @classmethod
    def of(cls, engine: Engine | Connection) -> "StorageWatch":
        pool = engine.engine.pool
        watch = cls._by_pool.get(pool)
        if watch is None:
            watch = cls._by_pool[pool] = cls()
        return watch

    def failed(self, error: BaseException) -> None:
        trouble = storage_trouble(error)
        if trouble is not None:
            self.trouble, self.since = trouble, time.monotonic()

    def succeeded(self) -> None:
        self.trouble = None

    def recent(self) -> tuple[str, float] | None:
        """The trouble and how many seconds ago it was seen, if recent and not yet overcome."""
        if self.trouble is None:
            return None
        age = time.monotonic() - self.since
        return (self.trouble, age) if age < RECENT_TROUBLE_SECONDS else None


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the lock at BEGIN, so concurrent writers queue (busy_timeout) instead of
    # failing when a read snapshot is upgraded; readers never wait on them (WAL).
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


# Each engine's two views (write units, read units), made once: building one per unit cost about
# a tenth of a preference write's CPU (SQLAlchemy copies the engine's event dispatch each time).
_UNIT_BINDS: "weakref.WeakKeyDictionary[Engine, tuple[Engine, Engine]]" = (
    weakref.WeakKeyDictionary()
)


def _unit_bind(engine: Engine, write: bool) -> Engine:
    binds = _UNIT_BINDS.get(engine)
    if binds is None:
        # The views hold the engine, so the entry would keep it alive: it goes with dispose().
        event.listen(engine, "engine_disposed", _forget_unit_binds)
        binds = _UNIT_BINDS[engine] = (
            engine.execution_options(**{WRITE_OPTION: False}),
            engine.execution_options(**{WRITE_OPTION: True}),
        )
    return binds[write]


def _forget_unit_binds(engine: Engine) -> None:
    _UNIT_BINDS.pop(engine, None)


@contextmanager
def session_scope(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """A unit of work: commits when the block ends, rolls back if it raises (except a domain
    error whose side effects must stand, such as revoking a replayed token). Its owner then runs
    the work queued with `after_commit`, in order; a rollback drops it.

    `write=False` marks a read-only unit, which on SQLite does not queue behind writers.
    Under a `HANDOVER` a write unit that ends well is handed over, uncommitted (see there).
    """
    handover = HANDOVER.get() if write else None
    if handover is not None:
        handover.opening()
    session = Session(_unit_bind(engine, write), expire_on_commit=False)
    handed_over = False
    try:
        yield session
    except ProblemError as error:
        if not error.keeps_changes:
            session.rollback()
            raise
        _commit(session)
        _run_after_commit(session)
        raise
    except BaseException as error:
        if isinstance(error, DBAPIError):  # e.g. PostgreSQL's disk filled during an INSERT
            StorageWatch.of(engine).failed(error)
        session.rollback()
        raise
    else:
        if handover is not None and handover.take(session):
            handed_over = True
        else:
            _commit(session, write=write)
            _run_after_commit(session)
    finally:
        if not handed_over:
            session.close()


class Handover(Protocol):
    """Takes a request's write units to commit them together with what it records about the
    request (api/idempotency: the answer to a retried write goes in the write's own transaction,
    so a crash leaves both or neither). `opening` runs as a write unit opens: the handover
    commits (`finish_unit`) any unit it holds first, so a request holds one connection and, on
    SQLite, never waits on its own write lock."""

    def opening(self) -> None: ...

    def take(self, session: Session) -> bool: ...


HANDOVER: ContextVar[Handover | None] = ContextVar("ai_optout_handover", default=None)


def finish_unit(session: Session) -> None:
    """Commit a unit that was handed over, run its work queued with `after_commit`, close it."""
    try:
        _commit(session)
        _run_after_commit(session)
    finally:
        session.close()


def _commit(session: Session, *, write: bool = True) -> None:
    """Commit, keeping `StorageWatch` up to date: SQLite finds a full disk only here, when it
    writes the pages."""
    bind = session.get_bind()
    try:
        session.commit()
    except DBAPIError as error:
        StorageWatch.of(bind).failed(error)
        raise
    if write:
        StorageWatch.of(bind).succeeded()


def after_commit(session: Session, work: Callable[[], object]) -> None:
    """Queue `work` (once, however often it is queued) to run when `session` has committed:
    for what must wait until the change is on disk, such as waking a worker to deliver it."""
    queued: list[Callable[[], object]] = session.info.setdefault(_AFTER_COMMIT, [])
    if work not in queued:
        queued.append(work)


def _run_after_commit(session: Session) -> None:
    for work in session.info.pop(_AFTER_COMMIT, []):
        try:
            work()
        except Exception:  # the change is committed; a nudge that fails is retried by polling
            log.exception("work after commit failed")
