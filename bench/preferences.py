"""Preference reads and writes through HTTP against bare FastAPI endpoints, in the same run.

    python -m bench.preferences [--backend sqlite|postgresql|both] [--seconds 3] [--rounds 5]

Baseline and candidate run in alternating rounds (bare, read, bare, read…); each round's ratio is
taken within the round and the median and the spread (min–max) over rounds are reported.
Target: a preference read costs no more than 2× a bare FastAPI GET (throughput ratio ≥ 0.5), on
SQLite and on PostgreSQL. On PostgreSQL the read must cost one round trip: counted here from the
driver's own protocol trace (each round trip ends with the server's `ReadyForQuery`).
"""

import argparse
import asyncio
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psycopg

from bench.databases import bench_database
from bench.harness import UNLIMITED_ADDRESS, Result, alternate, lua_body, uvicorn_process, wrk

READ_TARGET = 0.5
WRITE_LUA = """
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.body = [[%(body)s]]
local etag = '"v1"'
local reread = false
request = function()
  if reread then
    -- the warm-up moved the version on: read the current ETag once, then write again
    reread = false
    return wrk.format("GET", nil, {["Authorization"] = "Bearer %(token)s"}, nil)
  end
  wrk.headers["If-Match"] = etag
  return wrk.format()
end
response = function(status, headers, body)
  local tag = headers["etag"] or headers["ETag"]
  if tag then etag = tag end
  if status == 412 then reread = true end
end
"""
PEOPLE = 64
READ_LUA = """
local tokens = {%(tokens)s}
local next_person = 0
request = function()
  next_person = next_person %% #tokens + 1
  return wrk.format("GET", nil, {["Authorization"] = "Bearer " .. tokens[next_person]}, nil)
end
"""
PREFERENCES = {
    "region": "DE",
    "accounts": [
        {
            "platform": "facebook",
            "profile": "jane.doe",
            "objection": {"state": "submitted", "submitted_on": "2025-05-20"},
        },
        {"platform": "instagram", "profile": "jane_doe"},
    ],
    "scope": "all",
    "listed": False,
}


def run(backend: str, seconds: float, rounds: int) -> list[str]:
    rows = [f"## {backend}: one uvicorn worker each, wrk -t1 -c16, {rounds} alternating rounds"]
    with (
        bench_database(backend) as database_url,
        uvicorn_process("bench.baseline_app:app") as bare,
        uvicorn_process(
            "api.main:create_app",
            {"AI_OPTOUT_DATABASE_URL": database_url, **UNLIMITED_ADDRESS},
            factory=True,
        ) as service,
    ):
        # Many people, as in real traffic: each wrk request reads the next person's record.
        body = json.dumps(PREFERENCES)
        tokens = [_person(service, body) for _ in range(PEOPLE)]
        token = tokens[0]

        def load(label: str, url: str, **options: Any) -> Callable[[], Result]:
            wrk(label, url, seconds=1, **options)  # warm-up, once

            def measure() -> Result:
                return wrk(label, url, seconds=seconds, warm_up=False, **options)

            return measure

        bare_get = load("bare FastAPI GET (async)", f"{bare}/bare")
        read = load(
            f"GET /v1/me/preferences ({PEOPLE} people)",
            f"{service}/v1/me/preferences",
            lua=READ_LUA % {"tokens": ", ".join(f'"{token}"' for token in tokens)},
        )
        reads = alternate("GET /v1/me/preferences / bare GET", read, bare_get, rounds)
        bare_sync = load("bare FastAPI GET (thread pool)", f"{bare}/bare-sync")
        threads = alternate("bare GET in the thread pool / bare GET", bare_sync, bare_get, 2)
        put_options: dict[str, Any] = {
            "connections": 1,
            "lua": lua_body("PUT", body, {"Content-Type": "application/json"}),
        }
        bare_put = load("bare FastAPI PUT (1 connection)", f"{bare}/bare-put", **put_options)
        write_lua = WRITE_LUA % {"token": token, "body": body}
        write = load(
            "PUT /v1/me/preferences (1 connection)",
            f"{service}/v1/me/preferences",
            connections=1,
            lua=write_lua,
        )
        writes = alternate("PUT /v1/me/preferences / bare PUT, 1 conn", write, bare_put, 2)
    rows += [reads.row(READ_TARGET), threads.row(), writes.row()]
    if backend == "postgresql":
        rows.append(round_trips())
    return rows


def _person(service: str, body: str) -> str:
    """A new account whose preferences have two linked accounts (so the read joins real rows);
    its access token."""
    token = str(httpx.post(f"{service}/v1/accounts").json()["access_token"])
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    httpx.put(
        f"{service}/v1/me/preferences", content=body, headers={**headers, "If-Match": '"v1"'}
    ).raise_for_status()
    return token


def round_trips() -> str:
    """Round trips per preference read on PostgreSQL, on the sync and the async path, from
    libpq's protocol trace of the connections the reads use (after a warm-up: the driver
    prepares the statement once, on its fifth use)."""
    from api.db import make_engine
    from api.preferences.reads import read_own_preferences, read_own_preferences_async

    reads = 20
    with bench_database("postgresql") as url, tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(url)
        opened = psycopg.AsyncConnection.connect
        connections: list[psycopg.AsyncConnection[Any]] = []

        async def recorded_connect(*args: Any, **kwargs: Any) -> psycopg.AsyncConnection[Any]:
            connection = await opened(*args, **kwargs)
            connections.append(connection)
            return connection

        def traced(
            name: str, pgconns: Callable[[], list[Any]], reads_once: Callable[[], None]
        ) -> float:
            path = Path(scratch) / name
            handle = os.open(path, os.O_WRONLY | os.O_CREAT)
            for pgconn in pgconns():
                pgconn.trace(handle)
            for _ in range(reads):
                reads_once()
            for pgconn in pgconns():
                pgconn.untrace()  # flushes libpq's buffer
            os.close(handle)
            return _round_trips(path) / reads

        def read_sync() -> None:
            read_own_preferences(engine, account_id="a", session_id="s")

        def pooled() -> list[Any]:
            connection = engine.raw_connection()
            try:
                return [connection.driver_connection.pgconn]  # type: ignore[union-attr]
            finally:
                connection.close()

        async def measure_async() -> float:
            loop = asyncio.get_running_loop()
            for _ in range(10):
                await read_own_preferences_async(engine, account_id="a", session_id="s")

            def read_async() -> None:
                asyncio.run_coroutine_threadsafe(
                    read_own_preferences_async(engine, account_id="a", session_id="s"), loop
                ).result()

            return await asyncio.to_thread(
                traced, "async", lambda: [c.pgconn for c in connections], read_async
            )

        try:
            psycopg.AsyncConnection.connect = recorded_connect  # type: ignore[method-assign]
            asynchronous = asyncio.run(measure_async())
            for _ in range(10):
                read_sync()
            synchronous = traced("sync", pooled, read_sync)
        finally:
            psycopg.AsyncConnection.connect = opened  # type: ignore[method-assign]
            engine.dispose()
    return (
        f"round trips per read on PostgreSQL (from libpq's trace, {reads} reads): "
        f"async path {asynchronous:.2f}, sync path {synchronous:.2f} (target 1)"
    )


def _round_trips(trace: Path) -> int:
    """Each round trip ends with the server's `ReadyForQuery`."""
    return sum(
        1
        for line in trace.read_text().splitlines()
        if line.split("\t")[1:2] == ["B"] and "\tReadyForQuery" in line
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        print("\n".join(run(backend, args.seconds, args.rounds)), flush=True)


if __name__ == "__main__":
    main()
