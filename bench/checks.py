"""Bulk checks end to end over HTTP: the in-memory index against the database-only path,
measured back to back in the same run, plus the memory the index takes.

    python -m bench.checks [--backend sqlite|postgresql|both] [--rows N] [--seconds S] [--rounds R]

A registry of N listed opt-outs (default 1,000,000) is bulk-loaded (executemany on SQLite, COPY
on PostgreSQL); one uvicorn worker serves `POST /v1/checks` with 10,000 identifiers per request
(10 % of them listed), loaded by wrk over loopback; the index and the database-only path are
served side by side and loaded in alternating rounds. Targets: ≥ 1,000,000 identifiers per second
through the index and ≥ 3× the database-only path of the same run. Also reports where a call's
time goes inside the service, and the index's memory per entry.
"""

import argparse
import json
import random
import sqlite3
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import httpx
import orjson
import psycopg
from sqlalchemy.engine import make_url

from api.checks import service
from api.checks.identifiers import lookup_keys
from api.checks.index import CheckIndex
from api.checks.schemas import CheckRequest
from api.db import make_engine, session_scope
from api.organisations import service as organisations
from bench.databases import bench_database
from bench.harness import Result, alternate, lua_body, uvicorn_process, wrk

IDS_PER_REQUEST = 10_000
LISTED_SHARE = 0.10
TARGET_IDS_PER_SECOND = 1_000_000
TARGET_RATIO = 3.0
_NOW = "2026-11-26 00:00:00.000000"
_CODE_HASH = "0" * 64  # a proof's code hash; no code is ever looked for in the benchmark
_REGIONS = ["DE", "FR", "IT", "ES", "NL", "PL", "SE", "AT", "BE", "IE"]


def _handle(number: int) -> str:
    return f"user.{number:07d}"


def _rows(count: int) -> Iterator[tuple[str, str, str, str]]:
    """(account id, region, linked-account id, handle) for each opt-out."""
    for number in range(count):
        key = f"{number:032x}"
        yield key, _REGIONS[number % len(_REGIONS)], key, _handle(number)


def load_sqlite(url: str, count: int) -> None:
    connection = sqlite3.connect(make_url(url).database or "")
    connection.execute("PRAGMA synchronous=OFF")
    with connection:
        connection.executemany(
            "INSERT INTO accounts (id, created_at) VALUES (?, ?)",
            ((account, _NOW) for account, _r, _l, _h in _rows(count)),
        )
        connection.executemany(
            "INSERT INTO preferences (account_id, region, scope, listed, version, updated_at)"
            " VALUES (?, ?, '\"all\"', 1, 1, ?)",
            ((account, region, _NOW) for account, region, _l, _h in _rows(count)),
        )
        connection.executemany(
            "INSERT INTO linked_accounts (id, account_id, position, platform, profile,"
            " objection_state, submitted_on, updated_at)"
            " VALUES (?, ?, 0, 'facebook', ?, 'submitted', '2025-05-20', ?)",
            ((linked, account, handle, _NOW) for account, _r, linked, handle in _rows(count)),
        )
        # Only a proved profile is named in checks: each opt-out holds a verified proof.
        connection.executemany(
            "INSERT INTO profile_proofs (id, account_id, platform, profile, code_hash, state,"
            " created_at, verified_at, checked_at) VALUES (?, ?, 'facebook', ?, ?, 'verified',"
            " ?, ?, ?)",
            (
                (linked, account, handle, _CODE_HASH, _NOW, _NOW, _NOW)
                for account, _r, linked, handle in _rows(count)
            ),
        )
    connection.close()


def load_postgresql(url: str, count: int) -> None:
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
        with cursor.copy("COPY accounts (id, created_at) FROM STDIN") as copy:
            for account, _r, _l, _h in _rows(count):
                copy.write_row((account, _NOW))
        columns = "account_id, region, scope, listed, version, updated_at"
        with cursor.copy(f"COPY preferences ({columns}) FROM STDIN") as copy:
            for account, region, _l, _h in _rows(count):
                copy.write_row((account, region, '"all"', True, 1, _NOW))
        columns = (
            "id, account_id, position, platform, profile, objection_state, submitted_on, updated_at"
        )
        with cursor.copy(f"COPY linked_accounts ({columns}) FROM STDIN") as copy:
            for account, _r, linked, handle in _rows(count):
                copy.write_row(
                    (linked, account, 0, "facebook", handle, "submitted", "2025-05-20", _NOW)
                )
        columns = "id, account_id, platform, profile, code_hash, state, created_at, verified_at"
        with cursor.copy(f"COPY profile_proofs ({columns}) FROM STDIN") as copy:
            for account, _r, linked, handle in _rows(count):
                copy.write_row(
                    (linked, account, "facebook", handle, _CODE_HASH, "verified", _NOW, _NOW)
                )
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def request_body(count: int) -> str:
    """10,000 handles: a tenth from the registry, the rest unknown but of the same shape."""
    rng = random.Random(7)
    listed = int(IDS_PER_REQUEST * LISTED_SHARE)
    ids = [_handle(rng.randrange(count)) for _ in range(listed)]
    ids += [f"nobody.{rng.randrange(10**7):07d}" for _ in range(IDS_PER_REQUEST - listed)]
    rng.shuffle(ids)
    return json.dumps({"platform": "facebook", "ids": ids}, separators=(",", ":"))


def index_memory(url: str) -> tuple[float, float, int]:
    """(MiB the loaded index holds, by tracemalloc; seconds to load it, untraced; entries)."""
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        CheckIndex(engine).reload()
        seconds = time.perf_counter() - started
        index = CheckIndex(engine)
        tracemalloc.start()
        index.reload()
        size, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return size / 2**20, seconds, len(index)
    finally:
        engine.dispose()


@contextmanager
def serving(url: str, key: str, body: str, *, use_index: bool) -> Iterator[str]:
    """One uvicorn worker answering checks from the index or from the database alone."""
    env = {
        "AI_OPTOUT_DATABASE_URL": url,
        "AI_OPTOUT_ENVIRONMENT": "test",
        "AI_OPTOUT_LOG_LEVEL": "warning",
        "AI_OPTOUT_CHECKS_USE_INDEX": "true" if use_index else "false",
        "AI_OPTOUT_API_KEY_RATE_PER_MINUTE": str(10**9),
        "AI_OPTOUT_WEBHOOK_WORKER": "false",
        "AI_OPTOUT_MAX_BODY_BYTES": str(4 * 2**20),
    }
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    with uvicorn_process("api.main:create_app", env, factory=True) as base:
        answer = httpx.post(f"{base}/v1/checks", content=body, headers=headers, timeout=60)
        answer.raise_for_status()
        listed = len(answer.json()["listed"])
        assert listed >= IDS_PER_REQUEST * LISTED_SHARE * 0.9, f"only {listed} listed"
        yield base


def breakdown(url: str, body: str) -> list[str]:
    """Where a 10,000-id call's time goes inside the service (no HTTP), best of 20 each."""
    engine = make_engine(url)
    try:
        index = CheckIndex(engine)
        index.reload()
        raw = body.encode()
        request = CheckRequest.model_validate_json(raw)
        ids = cast(list[str], request.ids)
        keys = lookup_keys("facebook", ids)
        listed = service.from_index(index)
        answer = service.check(request, listed)
        probe = index.keys("facebook").__contains__
        steps: list[tuple[str, Callable[[], object]]] = [
            ("parse the body (Pydantic, from the raw bytes)", lambda: _parse(raw)),
            ("normalise each identifier (lookup_keys)", lambda: lookup_keys("facebook", ids)),
            ("look up each key in the index", lambda: list(map(probe, keys))),
            ("all of check(): normalise, look up, build", lambda: service.check(request, listed)),
            ("serialise the answer (orjson)", lambda: orjson.dumps(answer)),
        ]
        rows = ["| step (in process, best of 20) | ms per 10,000-id call |", "|---|---:|"]
        for label, step in steps:
            best = min(_timed(step) for _ in range(20))
            rows.append(f"| {label} | {best * 1000:.2f} |")
        return rows
    finally:
        engine.dispose()


def _parse(raw: bytes) -> CheckRequest:
    return CheckRequest.model_validate_json(raw)


def _timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def run(backend: str, rows: int, seconds: float, rounds: int) -> list[str]:
    with bench_database(backend) as url:
        started = time.perf_counter()
        (load_sqlite if backend == "sqlite" else load_postgresql)(url, rows)
        loaded = time.perf_counter() - started
        engine = make_engine(url)
        with session_scope(engine) as session:
            organisation = organisations.create_organisation(session, name="bench")
            key = organisations.issue_key(
                session, organisation_id=organisation.id, scopes=["checks:read"]
            ).key
        engine.dispose()
        mebibytes, load_seconds, entries = index_memory(url)
        body = request_body(rows)
        steps = breakdown(url, body)
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        lua = lua_body("POST", body, headers)
        with (
            serving(url, key, body, use_index=False) as database_only,
            serving(url, key, body, use_index=True) as indexed,
        ):

            def load(label: str, base: str) -> Callable[[], Result]:
                options: dict[str, Any] = {"connections": 4, "lua": lua}
                wrk(label, f"{base}/v1/checks", seconds=1, **options)  # warm-up, once

                def measure() -> Result:
                    url = f"{base}/v1/checks"
                    return wrk(label, url, seconds=seconds, warm_up=False, **options)

                return measure

            comparison = alternate(
                "in-memory index / database only",
                load("in-memory index", indexed),
                load("database only", database_only),
                rounds,
            )
    ids_per_second = IDS_PER_REQUEST * statistics.median(
        r.requests_per_second for r in comparison.candidate
    )
    verdict = "met" if ids_per_second >= TARGET_IDS_PER_SECOND else "NOT met"
    ratio_verdict = "met" if comparison.ratio >= TARGET_RATIO else "NOT met"
    return [
        f"## {backend}: {rows:,} listed opt-outs (loaded in {loaded:.1f} s), "
        f"{IDS_PER_REQUEST:,} ids per request ({LISTED_SHARE:.0%} listed), one uvicorn worker "
        f"each, wrk -t1 -c4, {rounds} alternating rounds",
        "",
        "| path | req/s | ids/s, median | ids/s, min–max | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
        _line("database only (baseline)", comparison.baseline),
        _line("in-memory index", comparison.candidate),
        "",
        f"index / database only: {comparison.ratio:.2f}× [{comparison.spread()}], "
        f"target ≥ {TARGET_RATIO:g}×: {ratio_verdict}",
        f"through the index: {ids_per_second:,.0f} ids/s (median), "
        f"target ≥ {TARGET_IDS_PER_SECOND:,}: {verdict}",
        f"index: {entries:,} entries, {mebibytes:.1f} MiB (tracemalloc), "
        f"{mebibytes * 2**20 / max(entries, 1):.0f} bytes each, loaded in {load_seconds:.2f} s",
        "",
        *steps,
        "",
    ]


def _line(label: str, results: list[Result]) -> str:
    rates = sorted(r.requests_per_second for r in results)
    median = statistics.median(rates)
    return (
        f"| {label} | {median:.1f} | {median * IDS_PER_REQUEST:,.0f} "
        f"| {rates[0] * IDS_PER_REQUEST:,.0f}–{rates[-1] * IDS_PER_REQUEST:,.0f} "
        f"| {statistics.median(r.p50_ms for r in results):.1f} "
        f"| {statistics.median(r.p99_ms for r in results):.1f} "
        f"| {sum(r.errors for r in results)} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    backends = ["sqlite", "postgresql"] if arguments.backend == "both" else [arguments.backend]
    for backend in backends:
        lines = run(backend, arguments.rows, arguments.seconds, arguments.rounds)
        print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
