"""Crash durability: SIGKILL the real service mid-load; every acknowledged write survives, the
event chain still verifies, and nothing is left half-written. On SQLite and PostgreSQL."""

import threading
import time
from pathlib import Path

import httpx
import pytest

from api.db import make_engine
from tests.conftest import Person
from tests.robustness.consistency import (
    chain_faults,
    content,
    half_written_state,
    recorded_versions,
)
from tests.robustness.writers import Ledger, step_until_stopped, write_until_stopped
from tests.support.server import start_server

PEOPLE = 4
WRITERS_PER_PERSON = 2
# Kill once this many writes are acknowledged (or after the time limit, whichever is first).
KILL_AFTER_ACKS = 200
LOAD_SECONDS_LIMIT = 20.0


def _sign_up(base_url: str) -> Person:
    body = httpx.post(f"{base_url}/v1/accounts", timeout=10).json()
    return Person(body["account_id"], body["access_token"], body["refresh_token"])


@pytest.mark.slow
def test_acknowledged_writes_survive_a_sigkill_mid_load(database_url: str, tmp_path: Path) -> None:
    server = start_server(database_url, tmp_path / "server.log")
    people = [_sign_up(server.base_url) for _ in range(PEOPLE)]
    seen, stop = Ledger(), threading.Event()
    writers = [
        threading.Thread(target=work, args=(server.base_url, person, stop, seen))
        for person in people
        for work in [write_until_stopped] * WRITERS_PER_PERSON + [step_until_stopped]
    ]
    for writer in writers:
        writer.start()
    deadline = time.monotonic() + LOAD_SECONDS_LIMIT
    while len(seen.acknowledged) < KILL_AFTER_ACKS and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()  # SIGKILL while requests are in flight
    stop.set()
    for writer in writers:
        writer.join(timeout=30)

    restarted = start_server(database_url, tmp_path / "server.log")
    try:
        engine = make_engine(database_url)
        history = recorded_versions(engine)
        with httpx.Client(base_url=restarted.base_url, timeout=10) as http:
            final = {
                person.account_id: http.get("/v1/me/preferences", headers=person.headers).json()
                for person in people
            }
        lost = [
            (account, version)
            for account, version, body in seen.acknowledged
            if history.get(account, {}).get(version) != content(body)
        ]
        behind = [
            account
            for account, version, _body in seen.acknowledged
            if final[account]["version"] < version
        ]
        print(
            f"{len(seen.acknowledged)} writes acknowledged before SIGKILL, "
            f"{len(seen.acknowledged) - len(lost)} found after restart, "
            f"{seen.refused} refused (412 stale ETag, 409 step out of turn), "
            f"{seen.interrupted} in flight at the kill"
        )
        assert seen.acknowledged, "no write was acknowledged before the kill"
        assert not seen.unexpected
        assert not lost, f"acknowledged but missing or different after the crash: {lost}"
        assert not behind
        assert chain_faults(engine) == []
        assert half_written_state(engine) == []
        engine.dispose()
    finally:
        restarted.kill()
