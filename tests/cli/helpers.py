"""Running `ai-optout` as an operator does: a separate process, in a directory of the test's
choosing, with only the `AI_OPTOUT_*` settings the test gives it."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from api.ops.database import CHECKOUT
from tests.support.server import free_port
from tests.support.settings import for_tests_env


def clean_env(settings: dict[str, str] | None = None) -> dict[str, str]:
    """The environment without any `AI_OPTOUT_*` variable of the test run, plus `settings`;
    the package importable from any directory, whether or not it is installed."""
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("AI_")}
    return {**inherited, "PYTHONPATH": str(CHECKOUT), **(settings or {})}


def run_cli(
    *args: str, cwd: Path, settings: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=cwd,
        env=clean_env(settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class Serving:
    base_url: str
    process: "subprocess.Popen[bytes]"
    out: Path
    err: Path

    def stdout(self) -> str:
        return self.out.read_text(errors="replace")

    def stderr(self) -> str:
        return self.err.read_text(errors="replace")


@contextmanager
def serving(settings: dict[str, str], directory: Path, *, cwd: Path) -> Iterator[Serving]:
    """`ai-optout serve` on a free loopback port, once `/healthz` answers (not `/readyz`: these
    services may never become ready)."""
    port = free_port()
    out, err = directory / "serve.out", directory / "serve.err"
    env = clean_env({"AI_OPTOUT_ENVIRONMENT": "test", **for_tests_env(), **settings})
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    server = Serving(f"http://127.0.0.1:{port}", process, out, err)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise AssertionError(f"serve exited ({process.returncode}):\n{server.stderr()}")
            try:
                if httpx.get(f"{server.base_url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"/healthz never answered:\n{server.stderr()}")
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
