"""The database engine and the one way to open a session.

SQLite is the embedded default (a file in WAL mode with `synchronous=FULL`, so an acknowledged write
survives a crash); PostgreSQL is the production and scale-out database. Both take the same models.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine, make_url
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.selectable import TextualSelect
from sqlmodel import Session, create_engine

from api.errors import ProblemError

WRITE_OPTION = "ai_optout_write"
# Connection pools, per process. SQLite connections are file handles; PostgreSQL's are server
# processes: 2 workers × 30 stays under its default max_connections of 100 (see docs/operations).
SQLITE_OVERFLOW = 24
POSTGRES_OVERFLOW = 20
CONNECTIONS_PER_REQUEST = 3
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
    return create_engine(
        url,
        pool_size=10,
        max_overflow=POSTGRES_OVERFLOW,
        pool_pre_ping=True,
        hide_parameters=True,
    )


def request_slots(engine: Engine) -> int:
    """How many requests may use the database at once without ever waiting for a connection.

    A request holds up to three connections at a time (who is calling, its own session, a
    key's last-use stamp) and background tasks take two. If more requests than this held
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
    error whose side effects must stand, such as revoking a replayed token).

    `write=False` marks a read-only unit, which on SQLite does not queue behind writers.
    """
    bind = engine.execution_options(**{WRITE_OPTION: write})
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
        except ProblemError as error:
            session.commit() if error.keeps_changes else session.rollback()
            raise
        except BaseException:
            session.rollback()
            raise
        else:
            session.commit()


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
        prepared = self._prepare(engine.dialect)
        arguments: Any = (
            params if prepared.order is None else tuple(params[name] for name in prepared.order)
        )
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(prepared.sql, arguments)
            rows = cursor.fetchall()
            cursor.close()
        finally:
            connection.close()
        return [prepared.convert(row) for row in rows]


class _Prepared:
    __slots__ = ("order", "processors", "sql")

    def __init__(self, sql: str, order: Any, processors: list[Any]) -> None:
        self.sql = sql
        self.order = order
        self.processors = processors

    def convert(self, row: Any) -> tuple[Any, ...]:
        return tuple(
            value if process is None or value is None else process(value)
            for process, value in zip(self.processors, row, strict=True)
        )
