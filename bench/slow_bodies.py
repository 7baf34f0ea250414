"""The slow-body attack of issue 14, measured: N connections send `POST /v1/explain` with
`Content-Length: 1000` and one byte, then silence, while another client reads its preferences.

    python -m bench.slow_bodies --slow 30                 # this tree
    git worktree add /tmp/before <commit>
    PYTHONPATH=/tmp/before python -m bench.slow_bodies --slow 30   # (run from /tmp/before)

Prints the reads' answers and latency (a read without an answer within 2 s counts as a
timeout), what /readyz and /healthz said meanwhile, and what the slow connections got within
15 s. A real service process (one uvicorn worker, bench/harness.py) on a fresh migrated SQLite
file, on loopback only.
"""

import argparse
import socket
import statistics
import time

import httpx

from bench.databases import bench_database
from bench.harness import UNLIMITED_ADDRESS, uvicorn_process

READS = 20
READ_TIMEOUT_SECONDS = 2.0
SLOW_ANSWER_WAIT_SECONDS = 15.0
SLOW_REQUEST = (
    b"POST /v1/explain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b"Content-Length: 1000\r\n\r\n{"
)


def _reads(http: httpx.Client, headers: dict[str, str]) -> tuple[list[float], list[str]]:
    latencies, outcomes = [], []
    for _ in range(READS):
        started = time.perf_counter()
        try:
            answer = http.get("/v1/me/preferences", headers=headers, timeout=READ_TIMEOUT_SECONDS)
            outcomes.append(str(answer.status_code))
        except httpx.TimeoutException:
            outcomes.append("timeout")
        latencies.append(time.perf_counter() - started)
    return sorted(latencies), outcomes


def _status(http: httpx.Client, path: str) -> str:
    try:
        return str(http.get(path, timeout=READ_TIMEOUT_SECONDS).status_code)
    except httpx.TimeoutException:
        return "timeout"


def attack(base_url: str, slow: int) -> None:
    host, port = base_url.removeprefix("http://").split(":")
    with httpx.Client(base_url=base_url, timeout=5) as http:
        person = http.post("/v1/accounts").json()
        headers = {"Authorization": f"Bearer {person['access_token']}"}
        calm, _ = _reads(http, headers)
        connections = []
        for _ in range(slow):
            connection = socket.create_connection((host, int(port)))
            connection.sendall(SLOW_REQUEST)
            connections.append(connection)
        time.sleep(0.5)
        latencies, outcomes = _reads(http, headers)
        ready, health = _status(http, "/readyz"), _status(http, "/healthz")
        give_up = time.monotonic() + SLOW_ANSWER_WAIT_SECONDS
        got = set()
        for connection in connections:
            connection.settimeout(max(0.01, give_up - time.monotonic()))
            try:
                got.add(connection.recv(200).split(b"\r\n", 1)[0].decode() or "closed")
            except TimeoutError:
                got.add(f"no answer in {SLOW_ANSWER_WAIT_SECONDS:g} s")
            connection.close()
    print(f"slow bodies open: {slow}")
    print(f"before them: read p50 {statistics.median(calm) * 1000:.1f} ms")
    print(
        f"with them: {outcomes.count('200')}/{READS} reads answered 200 "
        f"({sorted(set(outcomes))}), p50 {latencies[READS // 2] * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )
    print(f"/readyz {ready}, /healthz {health}; the slow connections got: {sorted(got)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slow", type=int, default=30, help="slow connections to open")
    args = parser.parse_args()
    with bench_database("sqlite") as database_url:
        env = {"AI_OPTOUT_DATABASE_URL": database_url, **UNLIMITED_ADDRESS}
        with uvicorn_process("api.main:create_app", env, factory=True) as base_url:
            attack(base_url, args.slow)


if __name__ == "__main__":
    main()
