"""The database engine and the one way to open a unit of work.

SQLite is the embedded default (a file in WAL mode with `synchronous=FULL`, so an acknowledged write
survives a crash); PostgreSQL is the production and scale-out database. Both take the same models.
"""

import asyncio
import logging
import select
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine, make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.selectable import TextualSelect
from sqlmodel import Session, create_engine

from api.errors import ProblemError

log = logging.getLogger(__name__)
WRITE_OPTION = "ai_optout_write"
_AFTER_COMMIT = "ai_optout.after_commit"
# Connection pools, per process. SQLite connections are file handles; PostgreSQL's are server
# processes: 2 workers × 30 stays under its default max_connections of 100 (see docs/operations).
SQLITE_OVERFLOW = 24
POSTGRES_OVERFLOW = 20
CONNECTIONS_PER_REQUEST = 1
BACKGROUND_CONNECTIONS = 2


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
    engine = create_engine(
        url,
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
    return engine


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


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the lock at BEGIN, so concurrent writers queue (busy_timeout) instead of
    # failing when a read snapshot is upgraded; readers never wait on them (WAL).
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def session_scope(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """A unit of work: commits when the block ends, rolls back if it raises (except a domain
    error whose side effects must stand, such as revoking a replayed token). Its owner then runs
    the work queued with `after_commit`, in order; a rollback drops it.

    `write=False` marks a read-only unit, which on SQLite does not queue behind writers.
    """
    bind = engine.execution_options(**{WRITE_OPTION: write})
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
        except ProblemError as error:
            if not error.keeps_changes:
                session.rollback()
                raise
            session.commit()
            _run_after_commit(session)
            raise
        except BaseException:
            session.rollback()
            raise
        else:
            session.commit()
            _run_after_commit(session)


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


class RawQuery:
    """A fixed SELECT run straight on a pooled DBAPI connection, for the few hot read paths.

    SQLAlchemy Core costs about 200 µs a statement here against about 25 µs for the driver
    alone. The statement is compiled once per dialect, and each column is converted with the
    same result processor Core would use, so values come back as the models' types.
    """

    def __init__(self, statement: TextualSelect) -> None:
        self._statement = statement
        self._prepared: dict[str, _Prepared] = {}

    def _prepare(self, dialect: Dialect) -> "_Prepared":
        prepared = self._prepared.get(dialect.name)
        if prepared is None:
            compiled = self._statement.compile(dialect=dialect)
            processors = [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in self._statement.selected_columns
            ]
            order = compiled.positiontup if compiled.positional else None
            prepared = _Prepared(str(compiled), order, processors)
            self._prepared[dialect.name] = prepared
        return prepared

    def all(self, engine: Engine, **params: Any) -> list[tuple[Any, ...]]:
        """The rows, read in autocommit: one round trip on PostgreSQL (no BEGIN, no ROLLBACK,
        and the driver's prepared statement survives on the connection for the next read).
        A connection found dead is dropped and the read tried once more on a fresh one."""
        prepared = self._prepare(engine.dialect)
        arguments = prepared.arguments(params)
        try:
            rows = self._fetch(engine, prepared.sql, arguments)
        except engine.dialect.loaded_dbapi.OperationalError:
            rows = self._fetch(engine, prepared.sql, arguments)  # a read is safe to repeat
        return [prepared.convert(row) for row in rows]

    async def all_async(self, engine: Engine, **params: Any) -> list[tuple[Any, ...]]:
        """The same rows without blocking the event loop on PostgreSQL: a network round trip
        would stall every other request of the worker while it waits, so the hot reads go
        through a few autocommit `AsyncConnection`s of their own (prepared statements, one
        round trip). SQLite answers from the page cache in microseconds: `all` as it is."""
        prepared = self._prepare(engine.dialect)
        if engine.dialect.name != "postgresql":
            return [prepared.convert(row) for row in _loop_sqlite(engine, prepared, params)]
        reads = RawQuery._AsyncReads.of(engine)
        try:
            rows = await reads.fetch(prepared.sql, params)
        except engine.dialect.loaded_dbapi.OperationalError:
            rows = await reads.fetch(prepared.sql, params)  # a read is safe to repeat
        return [prepared.convert(row) for row in rows]

    class _AsyncReads:
        """A small pool of autocommit psycopg `AsyncConnection`s for one engine and one event
        loop (a connection belongs to the loop that opened it). Closed with the engine."""

        SIZE = 4
        _by_engine: ClassVar["weakref.WeakKeyDictionary[Engine, RawQuery._AsyncReads]"] = (
            weakref.WeakKeyDictionary()
        )

        def __init__(self, engine: Engine) -> None:
            self._conninfo = engine.url.set(drivername="postgresql").render_as_string(
                hide_password=False
            )
            self._loop: asyncio.AbstractEventLoop | None = None
            self._slots = asyncio.Semaphore(self.SIZE)
            self._idle: list[Any] = []

        @classmethod
        def of(cls, engine: Engine) -> "RawQuery._AsyncReads":
            reads = cls._by_engine.get(engine)
            if reads is None:
                reads = cls._by_engine[engine] = cls(engine)
                event.listen(engine, "engine_disposed", lambda _engine: reads.close())
            loop = asyncio.get_running_loop()
            if reads._loop is not loop:  # a new loop (tests start one per client): start over
                reads.close()
                reads._loop, reads._slots = loop, asyncio.Semaphore(cls.SIZE)
            return reads

        async def fetch(self, sql: str, params: dict[str, Any]) -> list[Any]:
            import psycopg  # only PostgreSQL comes here

            loop = self._loop
            async with self._slots:
                connection = self._idle.pop() if self._idle else None
                if connection is None:
                    connection = await psycopg.AsyncConnection.connect(
                        self._conninfo, autocommit=True
                    )
                try:
                    cursor = await connection.execute(sql, params)
                    rows = await cursor.fetchall()
                except BaseException:
                    # Broken, cancelled half-way or failed: never hand it out again. A broken
                    # one says the server went away: the idle ones are likely gone too.
                    broken = connection.broken
                    connection.pgconn.finish()
                    if broken:
                        self.close()
                    raise
                if self._loop is loop:
                    self._idle.append(connection)
                else:  # the pool moved on to another loop meanwhile
                    connection.pgconn.finish()
                return rows

        def close(self) -> None:
            """Drop every idle connection (synchronously: also from `engine.dispose()`)."""
            idle, self._idle = self._idle, []
            for connection in idle:
                connection.pgconn.finish()

    @staticmethod
    def _fetch(engine: Engine, sql: str, arguments: Any) -> list[Any]:
        connection = engine.raw_connection()
        driver: Any = connection.driver_connection
        # SQLite connections are in autocommit already (isolation_level None, see above).
        autocommit = engine.dialect.name == "postgresql"
        try:
            if autocommit:
                driver.autocommit = True  # client-side only: the connection is idle
            try:
                cursor = connection.cursor()
                cursor.execute(sql, arguments)
                rows = list(cursor.fetchall())
                cursor.close()
            finally:
                if autocommit and not driver.closed:
                    driver.autocommit = False  # sessions on this connection stay transactional
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, driver, None) or (
                autocommit and driver.autocommit
            ):
                connection.invalidate(error)
            raise
        finally:
            connection.close()
        return rows


# SQLite reads made on the event loop keep one connection of their own per engine and loop:
# in autocommit, each read sees every commit before it, and no pool checkout is paid per read.
_LOOP_SQLITE: "weakref.WeakKeyDictionary[Engine, tuple[asyncio.AbstractEventLoop, Any]]" = (
    weakref.WeakKeyDictionary()
)


def _loop_sqlite(engine: Engine, prepared: "_Prepared", params: dict[str, Any]) -> list[Any]:
    loop = asyncio.get_running_loop()
    held = _LOOP_SQLITE.get(engine)
    if held is None or held[0] is not loop:
        if held is None:
            event.listen(engine, "engine_disposed", _close_loop_sqlite)
        else:  # that loop is gone (tests run one per client): its connection goes too
            held[1].close()
        # Detached from the pool (which makes another when it needs one), with the engine's
        # connect settings already applied (WAL, foreign keys, autocommit).
        connection = engine.raw_connection()
        connection.detach()
        held = _LOOP_SQLITE[engine] = (loop, connection)
    cursor = held[1].cursor()
    try:
        cursor.execute(prepared.sql, prepared.arguments(params))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _close_loop_sqlite(engine: Engine) -> None:
    held = _LOOP_SQLITE.pop(engine, None)
    if held is not None:
        held[1].close()


class _Prepared:
    __slots__ = ("order", "processors", "sql")

    def __init__(self, sql: str, order: Any, processors: list[Any]) -> None:
        self.sql = sql
        self.order = order
        self.processors = processors

    def arguments(self, params: dict[str, Any]) -> Any:
        """The parameters as the driver takes them: by name, or in the statement's order."""
        return params if self.order is None else tuple(params[name] for name in self.order)

    def convert(self, row: Any) -> tuple[Any, ...]:
        return tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(self.processors, row, strict=True)
        )
