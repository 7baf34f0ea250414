"""Open-loop load: a realistic mix at a fixed rate against 1 or 2 workers, loopback only.

    python -m bench.load --rate 200 --seconds 10 --workers 1
    python -m bench.load --rate 100,200,400,800 --seconds 10 --workers 1,2   # find the ceiling
    python -m bench.load --rate 200,300 --workers 1 --backend postgresql

Requests start on a fixed schedule whatever the server does (open loop), and each latency is
measured from when its request was *due*, so a stalled server cannot hide its queue
(no coordinated omission). The mix, per 100 requests: 40 explain batches of 50 items, 45
preference reads, 15 preference writes (If-Match; a 412 from a race is not an error). After each
run every acknowledged write is looked up in the person's history: "lost" counts those missing.
Reports throughput, p50/p99/p99.9, errors, lost, and the highest rate with p99 < 50 ms, no error
and nothing lost.
"""

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from api.platforms import ExplainablePlatform
from api.policy.facts import PLATFORM_AUDIENCES
from bench.databases import bench_database
from bench.harness import UNLIMITED_ADDRESS, free_port

P99_BUDGET_MS = 50.0
PEOPLE = 64
CONNECTIONS = 64
EXPLAIN_ITEMS = 50


@dataclass
class Run:
    rate: int
    workers: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    lost: int = 0
    elapsed: float = 0.0
    skipped: list[str] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        return _percentile(self.latencies_ms, share)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.lost and self.percentile(0.99) < P99_BUDGET_MS

    def row(self) -> str:
        done = len(self.latencies_ms)
        return (
            f"workers {self.workers}  rate {self.rate:>5}/s  done {done:>6} "
            f"({done / self.elapsed:7.1f}/s)  p50 {self.percentile(0.50):7.2f} ms  "
            f"p99 {self.percentile(0.99):7.2f} ms  p99.9 {self.percentile(0.999):7.2f} ms  "
            f"errors {sum(self.errors.values())}  412s {self.conflicts}  lost {self.lost}  "
            f"{'OK' if self.ok else 'over budget'}\n    p99 by kind: "
            + ", ".join(
                f"{kind} {_percentile(values, 0.99):.1f} ms (n={len(values)})"
                for kind, values in sorted(self.by_kind.items())
            )
        )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@contextmanager
def service(workers: int, database_url: str | None) -> Iterator[str]:
    """`ai-optout serve` with `workers` processes on a loopback port and a fresh database."""
    with tempfile.TemporaryDirectory(prefix="ai-optout-load-") as scratch:
        port = free_port()
        env = {
            **os.environ,
            "AI_OPTOUT_DATABASE_URL": database_url or f"sqlite:///{scratch}/load.db",
            "AI_OPTOUT_DATA_DIR": scratch,
            "AI_OPTOUT_ENVIRONMENT": "test",
            **UNLIMITED_ADDRESS,
        }
        if database_url:
            subprocess.run([sys.executable, "-m", "api.cli", "migrate"], env=env, check=True)
        command = [
            sys.executable,
            "-m",
            "api.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ]
        with (Path(scratch) / "server.log").open("wb") as log:
            process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, process)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the service exited during start-up")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the service did not become ready")


class Person:
    def __init__(self, token: str) -> None:
        self.headers = {"Authorization": f"Bearer {token}"}
        self.etag = '"v1"'
        self.acknowledged: set[int] = set()


def _explain_body(rng: random.Random) -> dict[str, Any]:
    kinds = ["post", "comment", "photo", "video"]
    sites: list[ExplainablePlatform] = ["facebook", "instagram"]
    platforms = [rng.choice(sites) for _ in range(EXPLAIN_ITEMS)]
    return {
        "items": [
            {
                "id": f"i{n}",
                "platform": platform,
                "kind": rng.choice(kinds),
                # Only audiences the platform has: another is refused (422) as impossible facts.
                "audience": rng.choice(sorted(PLATFORM_AUDIENCES[platform])),
                "created_at": f"20{rng.randint(12, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "author": rng.choice(["self", "other"]),
            }
            for n, platform in enumerate(platforms)
        ]
    }


async def _one(
    http: httpx.AsyncClient, run: Run, kind: str, person: Person, body: Any, due: float, step: int
) -> None:
    loop = asyncio.get_running_loop()
    try:
        if kind == "explain":
            response = await http.post("/v1/explain", json=body, headers=person.headers)
        elif kind == "read":
            response = await http.get("/v1/me/preferences", headers=person.headers)
        else:
            region = ["DE", "FR", "IE", "NL"][step % 4]
            response = await http.put(
                "/v1/me/preferences",
                json={"region": region, "accounts": [], "scope": "all", "listed": bool(step % 2)},
                headers={**person.headers, "If-Match": person.etag},
            )
    except httpx.HTTPError as error:
        run.errors[f"{kind}: {type(error).__name__}"] += 1
        return
    latency = (loop.time() - due) * 1000
    run.latencies_ms.append(latency)
    run.by_kind.setdefault(kind, []).append(latency)
    if kind == "write" and response.status_code == 412:
        run.conflicts += 1  # another write of this person's got there first: read again
        fresh = await http.get("/v1/me/preferences", headers=person.headers)
        person.etag = fresh.headers.get("etag", person.etag)
    elif response.status_code >= 400:
        run.errors[f"{kind}: {response.status_code}"] += 1
    elif "etag" in response.headers:
        person.etag = response.headers["etag"]
        if kind == "write":
            person.acknowledged.add(response.json()["version"])


async def _drive(base: str, run: Run, seed: int) -> None:
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as http:
        people = []
        for _ in range(PEOPLE):
            people.append(Person((await http.post("/v1/accounts")).json()["access_token"]))
        probe = await http.post("/v1/explain", json=_explain_body(rng))
        explain = probe.status_code != 404
        if not explain:
            run.skipped.append("POST /v1/explain answers 404: explain left out of the mix")
        bodies = [_explain_body(rng) for _ in range(32)]
        # The schedule fills a queue at the fixed rate whatever the server does; a fixed set of
        # connections drains it (thousands of pending httpx requests would make the client,
        # not the server, the bottleneck). Time spent queued counts in the latency.
        queue: asyncio.Queue[tuple[str, Person, Any, float, int] | None] = asyncio.Queue()

        async def connection() -> None:
            while (job := await queue.get()) is not None:
                await _one(http, run, *job)

        workers = [asyncio.create_task(connection()) for _ in range(CONNECTIONS)]
        loop = asyncio.get_running_loop()
        total = int(run.rate * run.seconds)
        started = loop.time()
        for step in range(total):
            due = started + step / run.rate
            if (delay := due - loop.time()) > 0:
                await asyncio.sleep(delay)
            roll = rng.random()
            kind = "explain" if roll < 0.40 and explain else ("write" if roll > 0.85 else "read")
            queue.put_nowait((kind, rng.choice(people), rng.choice(bodies), due, step))
        for _ in workers:
            queue.put_nowait(None)
        await asyncio.gather(*workers)
        run.elapsed = loop.time() - started
        for person in people:
            run.lost += await _missing_writes(http, person)


async def _missing_writes(http: httpx.AsyncClient, person: Person) -> int:
    """Acknowledged versions of this person's preferences that their history does not show."""
    history = await http.get("/v1/me/history", params={"limit": 500}, headers=person.headers)
    recorded = {
        entry["data"]["version"]
        for entry in history.json()["entries"]
        if entry["type"] == "preferences.changed" and entry["data"]
    }
    return len(person.acknowledged - recorded)


@contextmanager
def _database(arguments: argparse.Namespace) -> Iterator[str | None]:
    if arguments.database_url or arguments.backend == "sqlite":
        yield arguments.database_url
        return
    with bench_database("postgresql") as url:
        yield url


def main() -> None:
    # SIGTERM (e.g. from `timeout`) unwinds like Ctrl-C, so the server is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", default="200", help="requests/s; a comma list steps up")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", default="1", help="1, 2 or a comma list")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="postgresql: a throw-away database on 127.0.0.1:5432 per run",
    )
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    rates = [int(rate) for rate in arguments.rate.split(",")]
    best: dict[int, Run | None] = {}
    for workers in [int(w) for w in arguments.workers.split(",")]:
        best[workers] = None
        for rate in rates:
            run = Run(rate=rate, workers=workers, seconds=arguments.seconds)
            with _database(arguments) as url, service(workers, url) as base:
                asyncio.run(_drive(base, run, arguments.seed))
            for note in run.skipped:
                print(f"note: {note}")
            print(run.row(), flush=True)
            for error, count in run.errors.most_common(5):
                print(f"    {count} × {error}")
            if run.ok:
                best[workers] = run
    for workers, found in best.items():
        verdict = f"{found.rate}/s" if found else "none of the rates tried"
        print(
            f"highest rate within p99 < {P99_BUDGET_MS:.0f} ms, no errors, nothing lost, "
            f"{workers} worker(s): {verdict}"
        )


if __name__ == "__main__":
    main()
