"""Shared pieces of the HTTP benchmarks: a uvicorn process per app, and wrk to load it.

Every figure is reported as a ratio against a baseline measured in the same run, because this
machine drifts more between runs than within one (see docs/benchmarks.md).
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

# Every benchmark client comes from 127.0.0.1: the per-address limits would measure themselves,
# not the service's capacity.
UNLIMITED_ADDRESS = {
    "AI_OPTOUT_ACCOUNTS_PER_ADDRESS_PER_HOUR": "1000000",
    "AI_OPTOUT_EXPLAIN_PER_ADDRESS_PER_MINUTE": "1000000",
    "AI_OPTOUT_EXPLAIN_ITEMS_PER_ADDRESS_PER_MINUTE": "1000000000",
}


@dataclass(frozen=True)
class Result:
    label: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int

    def row(self, baseline: "Result | None" = None) -> str:
        ratio = (
            ""
            if baseline is None
            else f"{self.requests_per_second / baseline.requests_per_second:6.2f}×"
        )
        return (
            f"{self.label:<38} {self.requests_per_second:>9.0f} req/s  p50 {self.p50_ms:6.2f} ms  "
            f"p99 {self.p99_ms:6.2f} ms  errors {self.errors:>3}  {ratio}"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def uvicorn_process(
    app: str,
    env: dict[str, str] | None = None,
    *,
    factory: bool = False,
    ready_path: str = "/healthz",
) -> Iterator[str]:
    """Serve `module:app` with one uvicorn worker on a loopback port; yield its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    if factory:
        command.append("--factory")
    process = subprocess.Popen(command, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + ready_path, timeout=1).status_code < 500:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{app} did not start")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


_LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)|Socket errors:.*?(\d+) timeout")


def wrk(
    label: str,
    url: str,
    *,
    seconds: float = 5,
    connections: int = 16,
    headers: dict[str, str] | None = None,
    lua: str | None = None,
    warm_up: bool = True,
) -> Result:
    """Closed-loop load with wrk (one thread), after a one-second warm-up unless told not to."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    base = ["wrk", "-t1", f"-c{connections}", "--latency"]
    for name, value in (headers or {}).items():
        base += ["-H", f"{name}: {value}"]
    with tempfile.TemporaryDirectory() as scratch:
        if lua is not None:
            script = Path(scratch) / "script.lua"
            script.write_text(lua)
            base += ["-s", str(script)]
        if warm_up:
            subprocess.run([*base, "-d1s", url], check=True, capture_output=True)
        output = subprocess.run(
            [*base, f"-d{seconds:g}s", url], check=True, capture_output=True, text=True
        ).stdout
    latencies = {pct: _to_ms(value, unit) for pct, value, unit in _LATENCY.findall(output)}
    rate = _RATE.search(output)
    errors = sum(int(a or b or 0) for a, b in _ERRORS.findall(output))
    if rate is None or "50" not in latencies:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    return Result(label, float(rate.group(1)), latencies["50"], latencies.get("99", 0.0), errors)


def _to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def lua_body(method: str, body: str, headers: dict[str, str]) -> str:
    """A wrk script sending one fixed request."""
    lines = [f'wrk.method = "{method}"', f"wrk.body = [[{body}]]"]
    lines += [f'wrk.headers["{name}"] = "{value}"' for name, value in headers.items()]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Comparison:
    """A candidate against its baseline over alternating rounds (A, B, A, B…): the ratio of
    each round is taken within the round, so drift between rounds cancels out."""

    label: str
    candidate: list[Result]
    baseline: list[Result]

    @property
    def ratios(self) -> list[float]:
        return [
            c.requests_per_second / b.requests_per_second
            for c, b in zip(self.candidate, self.baseline, strict=True)
        ]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    def spread(self) -> str:
        return f"{min(self.ratios):.2f}–{max(self.ratios):.2f}"

    def row(self, target: float | None = None) -> str:
        rates = [r.requests_per_second for r in self.candidate]
        bases = [r.requests_per_second for r in self.baseline]
        p99 = statistics.median(r.p99_ms for r in self.candidate)
        errors = sum(r.errors for r in self.candidate)
        verdict = ""
        if target is not None:
            verdict = f"  target ≥ {target:g}×: {'met' if self.ratio >= target else 'NOT met'}"
        return (
            f"{self.label:<40} {statistics.median(rates):>8.0f} req/s vs "
            f"{statistics.median(bases):>8.0f}  p99 {p99:6.2f} ms  errors {errors}  "
            f"ratio {self.ratio:.2f}× [{self.spread()}] over {len(rates)} rounds{verdict}"
        )


def alternate(
    label: str, candidate: Callable[[], Result], baseline: Callable[[], Result], rounds: int
) -> Comparison:
    """Run baseline and candidate in turn, `rounds` times each."""
    candidates: list[Result] = []
    baselines: list[Result] = []
    for _ in range(rounds):
        baselines.append(baseline())
        candidates.append(candidate())
    return Comparison(label, candidates, baselines)
