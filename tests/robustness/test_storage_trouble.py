"""Storage trouble is a clear 503 with Retry-After, /readyz says which check fails, and the
service recovers by itself (issue 14, point 7): a disk that fills under a real service, a
PostgreSQL database that turns read-only, and one that goes away and comes back.
"""

import errno
import shutil
import socket
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from api.db import normalise_url
from api.errors import BUSY, DISK_FULL, READ_ONLY, UNREACHABLE, storage_trouble
from tests.conftest import sign_up
from tests.support.requirements import missing
from tests.support.server import free_port, live_server, start_server

MIN_FREE_BYTES = 64 * 1024
MOST_WRITES = 400  # far more than the slack a fresh WAL file leaves on a full disk
# An embedded SQLite file is neither unreachable nor read-only but through its file system.
ONLY_POSTGRESQL = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@contextmanager
def small_disk(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted at `path` (the tests run as root)."""
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        reason = f"cannot mount a small file system: {mounted.stderr.decode().strip()}"
        missing(reason, under_ci="CI runs as root: the disk-full proof must not go missing")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(directory: Path) -> Path:
    """Take every free byte of the file system `directory` is on."""
    filler = directory / "filler"
    with filler.open("wb", buffering=0) as out:
        for chunk in (b"\0" * 65536, b"\0" * 4096, b"\0" * 512):
            try:
                while True:
                    out.write(chunk)
            except OSError as error:
                assert error.errno == errno.ENOSPC
    return filler


def assert_storage_unavailable(answer: httpx.Response, saying: str) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert int(answer.headers["retry-after"]) > 0
    body = answer.json()
    assert body["type"].endswith(":storage-unavailable")
    assert saying in body["detail"]


def test_a_full_disk_gives_503_then_the_service_writes_again_and_loses_nothing(
    sqlite_template: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "disk", "8m") as disk:
        database = disk / "ai-optout.db"
        shutil.copyfile(sqlite_template, database)
        url = f"sqlite:///{database}"
        env = {"AI_OPTOUT_STORAGE_MIN_FREE_BYTES": str(MIN_FREE_BYTES)}
        acknowledged: dict[str, str] = {}  # account id → its access token
        with (
            live_server(url, tmp_path / "server.log", extra_env=env) as server,
            httpx.Client(base_url=server.base_url, timeout=15) as http,
        ):
            for _ in range(3):
                created = http.post("/v1/accounts").json()
                acknowledged[created["account_id"]] = created["access_token"]
            filler = fill(disk)
            refused = None
            for _ in range(MOST_WRITES):
                answer = http.post("/v1/accounts")
                if answer.status_code != 201:
                    refused = answer
                    break
                acknowledged[answer.json()["account_id"]] = answer.json()["access_token"]
            assert refused is not None, f"{MOST_WRITES} writes fitted on a full disk"
            assert_storage_unavailable(refused, "storage is full")
            again = http.post("/v1/accounts")
            not_ready = http.get("/readyz")
            some_token = next(iter(acknowledged.values()))
            read = http.get("/v1/me/preferences", headers={"Authorization": f"Bearer {some_token}"})

            filler.unlink()
            written = http.post("/v1/accounts")
            ready = http.get("/readyz")
            server.kill()  # no shutdown: what survives is what was on disk

        assert_storage_unavailable(again, "storage is full")
        assert not_ready.status_code == 503, not_ready.text
        assert not_ready.json()["checks"]["storage"].startswith("the disk is full")
        assert read.status_code == 200  # reading needs no space
        assert written.status_code == 201, written.text
        acknowledged[written.json()["account_id"]] = written.json()["access_token"]
        assert ready.status_code == 200, ready.text

        with (
            live_server(url, tmp_path / "server-again.log", extra_env=env) as server,
            httpx.Client(base_url=server.base_url, timeout=15) as http,
        ):
            reads = [
                http.get("/v1/me/preferences", headers={"Authorization": f"Bearer {token}"})
                for token in acknowledged.values()
            ]
        with sqlite3.connect(database) as connection:
            (accounts,) = connection.execute("SELECT count(*) FROM accounts").fetchone()

    assert [r.status_code for r in reads] == [200] * len(acknowledged)
    assert accounts == len(acknowledged), "a refused write left an account behind"
    assert "Traceback" not in (tmp_path / "server.log").read_text()


def _postgres_admin(engine: Engine) -> tuple[Engine, str]:
    url = make_url(normalise_url(engine.url.render_as_string(hide_password=False)))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    return admin, str(url.database)


@ONLY_POSTGRESQL
async def test_a_read_only_postgresql_gives_503_and_writes_resume_when_it_is_writable(
    database_url: str, app: FastAPI, engine: Engine, client: httpx.AsyncClient
) -> None:
    await sign_up(client)
    admin, name = _postgres_admin(engine)
    try:
        with admin.connect() as connection:
            connection.execute(
                text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
            )
        engine.dispose()  # as after a fail-over: the pool's connections are new ones
        refused = await client.post("/v1/accounts")
        not_ready = await client.get("/readyz")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" RESET default_transaction_read_only'))
        admin.dispose()
    # No restart, no dispose. A connection opened while the database was read-only keeps that
    # setting (ALTER DATABASE applies at connect): its one refused write renews the whole pool.
    attempts = [await client.post("/v1/accounts") for _ in range(2)]
    ready = await client.get("/readyz")

    assert_storage_unavailable(refused, "read-only")
    assert not_ready.status_code == 503
    assert not_ready.json()["checks"]["storage"].startswith("the database is read-only: ")
    assert [answer.status_code for answer in attempts] in ([201, 201], [503, 201])
    assert ready.status_code == 200, ready.text


class _Relay:
    """A loopback TCP relay in front of PostgreSQL that the test can cut and restore: the
    database "goes away" for the service while the server itself stays up."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut every open one."""
        if self._listener is not None:
            with suppress(OSError):  # wakes the accepting thread; close alone would not
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for connection in self._open:
                with suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@ONLY_POSTGRESQL
def test_a_postgresql_that_goes_away_gives_503_and_the_service_recovers_by_itself(
    database_url: str, tmp_path: Path
) -> None:
    url = make_url(normalise_url(database_url))
    assert url.host in {"127.0.0.1", "localhost", "::1"}  # loopback only
    relay = _Relay((str(url.host), int(url.port or 5432)))
    relay.start()
    relayed = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    server = start_server(relayed, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=server.base_url, timeout=15) as http:
            person = http.post("/v1/accounts").json()
            headers = {"Authorization": f"Bearer {person['access_token']}"}
            relay.stop()
            refused = http.post("/v1/accounts")
            read = http.get("/v1/me/preferences", headers=headers)
            not_ready = http.get("/readyz")
            relay.start()
            written = http.post("/v1/accounts")
            read_again = http.get("/v1/me/preferences", headers=headers)
            ready = http.get("/readyz")
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)
        relay.stop()

    assert_storage_unavailable(refused, "cannot reach its database")
    assert_storage_unavailable(read, "cannot reach its database")
    assert not_ready.status_code == 503
    said = not_ready.json()["checks"]["database"]
    assert said.startswith("the database is unreachable: check AI_OPTOUT_DATABASE_URL")
    assert written.status_code == 201, written.text
    assert read_again.status_code == 200, read_again.text
    assert ready.status_code == 200, ready.text
    assert "Traceback" not in server.log()


def _sqlite_error(tmp_path: Path, trouble: str) -> sqlite3.Error:
    """The error SQLite itself raises for each kind of trouble."""
    path = tmp_path / "kinds.db"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE IF NOT EXISTS t (x BLOB)")
    statements = {
        "full": ("PRAGMA max_page_count = 2", "INSERT INTO t VALUES (zeroblob(100000))"),
        "read-only": ("INSERT INTO t VALUES (1)",),
        "busy": ("BEGIN IMMEDIATE",),
        "bug": ("INSERT INTO no_such_table VALUES (1)",),
    }[trouble]
    uri = f"file:{path}?mode=ro" if trouble == "read-only" else f"file:{path}"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # holds the write lock: "busy" waits for nothing
    if trouble != "busy":
        holder.execute("ROLLBACK")
    connection = sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)
    try:
        for statement in statements:
            connection.execute(statement)
    except sqlite3.Error as error:
        return error
    finally:
        connection.close()
        holder.close()
    raise AssertionError(f"SQLite raised nothing for {trouble}")


def test_each_kind_of_storage_trouble_is_told_apart_from_a_bug(tmp_path: Path) -> None:
    told = {
        kind: storage_trouble(_sqlite_error(tmp_path, kind))
        for kind in ("full", "read-only", "busy", "bug")
    }
    assert told == {"full": DISK_FULL, "read-only": READ_ONLY, "busy": BUSY, "bug": None}
    # PostgreSQL's by SQLSTATE (the driver's own error classes), and a connection that failed
    # without any answer from the server.
    assert storage_trouble(psycopg.errors.DiskFull()) == DISK_FULL
    assert storage_trouble(psycopg.errors.ReadOnlySqlTransaction()) == READ_ONLY
    assert storage_trouble(psycopg.errors.AdminShutdown()) == UNREACHABLE
    assert storage_trouble(psycopg.errors.ConnectionFailure()) == UNREACHABLE
    assert storage_trouble(psycopg.OperationalError("connection refused")) == UNREACHABLE
    assert storage_trouble(psycopg.errors.UniqueViolation()) is None
    assert storage_trouble(ValueError("not a database error")) is None
