"""A real service process (uvicorn through `ai-optout serve`) on a free loopback port."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.settings import for_tests_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveServer:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing; what survives is what was on disk."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_server(
    database_url: str,
    log_path: Path,
    *,
    port: int | None = None,
    extra_env: dict[str, str] | None = None,
) -> LiveServer:
    port = port or free_port()
    env = {
        **os.environ,
        "AI_OPTOUT_DATABASE_URL": database_url,
        "AI_OPTOUT_DATA_DIR": str(log_path.parent),
        "AI_OPTOUT_ENVIRONMENT": "test",
        **for_tests_env(),
        **(extra_env or {}),
    }
    with log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
    # Generous: on a loaded 2-core machine migrations and start-up can take tens of seconds.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited early:\n{server.log()}")
        try:
            if httpx.get(f"{server.base_url}/readyz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"the service did not become ready:\n{server.log()}")


@contextmanager
def live_server(
    database_url: str,
    log_path: Path,
    *,
    port: int | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[LiveServer]:
    server = start_server(database_url, log_path, port=port, extra_env=extra_env)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.process.terminate()
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
