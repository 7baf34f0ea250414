"""Fixed statements that skip SQLAlchemy Core's per-statement cost on the hot paths.

`RawQuery`: SELECTs run straight on a pooled DBAPI connection, for the few hot reads (a
person's preferences, a live account, an organisation key). `FixedStatement`: the statements
of the one write path, run inside the unit of work's transaction.
"""

import asyncio
import weakref
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.selectable import TextualSelect

# Each engine's autocommit connections for the async hot reads, per event loop.
ASYNC_READ_CONNECTIONS = 4


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
        convert = self._prepare(engine.dialect).convert
        return [convert(row) for row in await self.driver_rows_async(engine, **params)]

    async def driver_rows_async(self, engine: Engine, **params: Any) -> list[tuple[Any, ...]]:
        """`all_async`'s rows as the driver gave them, before conversion to the models' types:
        for a caller that keeps what it made of them, keyed by these rows (see `convert`)."""
        prepared = self._prepare(engine.dialect)
        if engine.dialect.name != "postgresql":
            return _loop_sqlite(engine, prepared, params)
        reads = RawQuery._AsyncReads.of(engine)
        try:
            return await reads.fetch(prepared.sql, params)
        except engine.dialect.loaded_dbapi.OperationalError:
            return await reads.fetch(prepared.sql, params)  # a read is safe to repeat

    def convert(self, engine: Engine, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """One driver row converted to the models' types, as `all` converts each."""
        return self._prepare(engine.dialect).convert(row)

    class _AsyncReads:
        """A small pool of autocommit psycopg `AsyncConnection`s for one engine and one event
        loop (a connection belongs to the loop that opened it). Closed with the engine."""

        SIZE = ASYNC_READ_CONNECTIONS
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


class FixedStatement:
    """A fixed statement (SELECT, INSERT, UPDATE, DELETE) run on a unit of work's connection.

    Core spends 25 to 100 µs a statement building its cache key, looking up the compiled form
    and processing parameters; a person's change runs about a dozen. Here the statement is
    compiled once per dialect, the types' own bind and result processors are applied as Core
    would, and it goes through `exec_driver_sql`: SQLAlchemy's events, error wrapping
    (`DBAPIError`, `hide_parameters`) and disconnect handling stay exactly as they are.

    `columns` names what an INSERT writes (its parameters), so its SQL is fixed too.
    """

    def __init__(self, statement: ClauseElement, *, columns: Sequence[str] | None = None) -> None:
        self._statement = statement
        self._columns = list(columns) if columns is not None else None
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, dialect: Dialect) -> "_Compiled":
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = _Compiled(self._statement, dialect, self._columns)
            self._compiled[dialect.name] = compiled
        return compiled

    def rows(self, connection: Connection, **params: Any) -> list[tuple[Any, ...]]:
        """Run it once; the rows it returns (none for a write), as the models' types."""
        compiled = self._compile(connection.dialect)
        result = connection.exec_driver_sql(compiled.sql, compiled.arguments(params))
        if not result.returns_rows:
            return []
        if not compiled.processors:  # a textual statement that names no columns: as they come
            return [tuple(row) for row in result.fetchall()]
        return [compiled.convert(row) for row in result.fetchall()]

    def many(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run it once per parameter set, in one `executemany`."""
        if rows:
            compiled = self._compile(connection.dialect)
            connection.exec_driver_sql(compiled.sql, [compiled.arguments(row) for row in rows])


class _Compiled(_Prepared):
    """A `_Prepared` that also converts parameters with their types' bind processors (dates on
    SQLite, UTC times) and fills in the statement's own literal values."""

    __slots__ = ("binds", "literals")

    def __init__(self, statement: ClauseElement, dialect: Dialect, columns: Any) -> None:
        compiled: Any = statement.compile(dialect=dialect, column_keys=columns)
        selected = getattr(statement, "selected_columns", [])
        super().__init__(
            str(compiled),
            compiled.positiontup if compiled.positional else None,
            [
                column.type.dialect_impl(dialect).result_processor(dialect, None)
                for column in selected
            ],
        )
        self.literals = {
            name: bind.effective_value for name, bind in compiled.binds.items() if not bind.required
        }
        self.binds = {
            name: process
            for name, bind in compiled.binds.items()
            if (process := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }

    def arguments(self, params: Mapping[str, Any]) -> Any:
        bound = {**self.literals, **params}
        for name, process in self.binds.items():
            value = bound.get(name)
            if value is not None:
                bound[name] = process(value)
        return super().arguments(bound)
