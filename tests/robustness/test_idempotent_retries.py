"""Safe retries against the real service process, on SQLite and PostgreSQL: a write sent with an
Idempotency-Key is done exactly once however its answers are lost, even across SIGKILLs, and
every retry gets the first answer.

The attack (issue 14, point 7): a client whose answer is lost cannot know whether its write
happened; retrying made a second record. `python tests/robustness/test_idempotent_retries.py
<database url>` prints the figure for whatever service `PYTHONPATH` names (e.g. the code before
this layer: `PYTHONPATH=<old checkout>`).
"""

import json
import random
import socket
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import text

from api.db import make_engine
from tests.support.server import free_port, live_server, start_server

LOST_ANSWERS = 10
KILLS = 3
CLIENTS = 3
# Short, so a key whose attempt died with the process is free again soon after the restart.
LEASE_SECONDS = 1
ENV = {
    "AI_OPTOUT_IDEMPOTENCY_LEASE_SECONDS": str(LEASE_SECONDS),
    "AI_OPTOUT_ACCOUNTS_PER_ADDRESS_PER_HOUR": "1000000",  # not what this test is about
}
ROUND_SECONDS_LIMIT = 60.0


def accounts_in(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM accounts")).scalar_one())
    finally:
        engine.dispose()


def send_and_walk_away(base_url: str, key: str) -> None:
    """POST /v1/accounts, then close the connection without reading the answer: the answer is
    lost as it is when a connection drops or a proxy times out."""
    address = urlsplit(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as connection:
        connection.sendall(
            (
                "POST /v1/accounts HTTP/1.1\r\n"
                f"Host: {address.netloc}\r\n"
                f"Idempotency-Key: {key}\r\n"
                "Content-Length: 0\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
        )


def lost_answers_then_a_retry(base_url: str, database_url: str) -> tuple[int, httpx.Response]:
    """The attack's figure: accounts made by one person's sign-up whose answer was lost
    LOST_ANSWERS times before a retry got through (same key every time), and that answer."""
    before = accounts_in(database_url)
    key = str(uuid.uuid4())
    for _ in range(LOST_ANSWERS):
        send_and_walk_away(base_url, key)
        time.sleep(0.05)  # the service finishes the request it was sent
    time.sleep(0.5)
    answer = httpx.post(f"{base_url}/v1/accounts", headers={"Idempotency-Key": key}, timeout=10)
    return accounts_in(database_url) - before, answer


def test_lost_answers_and_retries_make_one_account(database_url: str, tmp_path: Path) -> None:
    with live_server(database_url, tmp_path / "server.log", extra_env=ENV) as server:
        made, answer = lost_answers_then_a_retry(server.base_url, database_url)
        again = httpx.post(
            f"{server.base_url}/v1/accounts",
            headers={"Idempotency-Key": answer.request.headers["idempotency-key"]},
            timeout=10,
        )
    print(f"{LOST_ANSWERS} lost answers and a retry with one key: {made} account(s)")
    assert answer.status_code == 201, answer.text
    assert answer.headers["idempotent-replayed"] == "true"  # the first attempt's answer
    assert again.json() == answer.json()
    assert made == 1


@dataclass
class Outcomes:
    """Every answer each key got, and what went wrong on the way (kept to print)."""

    answers: dict[str, list[tuple[int, str, bool]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    transport_errors: int = 0
    in_flight: int = 0
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def create_until_answered(base_url: str, stop: threading.Event, seen: Outcomes) -> None:
    """One client: sign up with a fresh key, retrying the same key through every failure until
    an answer comes; then the next key, until told to stop."""
    with httpx.Client(base_url=base_url, timeout=5) as http:
        while not stop.is_set():
            key = str(uuid.uuid4())
            deadline = time.monotonic() + ROUND_SECONDS_LIMIT
            while time.monotonic() < deadline:
                try:
                    response = http.post("/v1/accounts", headers={"Idempotency-Key": key})
                except httpx.TransportError:
                    with seen.lock:
                        seen.transport_errors += 1
                    time.sleep(0.05)
                    continue
                if response.status_code == 409:  # its attempt died with the process: lease
                    with seen.lock:
                        seen.in_flight += 1
                    time.sleep(0.1)
                    continue
                with seen.lock:
                    if response.status_code != 201:
                        seen.unexpected.append(f"{response.status_code} {response.text[:200]}")
                    replayed = response.headers.get("idempotent-replayed") == "true"
                    seen.answers[key].append((response.status_code, response.text, replayed))
                break
            else:
                with seen.lock:
                    seen.unexpected.append(f"no answer for one key in {ROUND_SECONDS_LIMIT} s")


def replay_each(base_url: str, seen: Outcomes) -> None:
    """Ask once more with every key: the answer must be the one already given."""
    with httpx.Client(base_url=base_url, timeout=10) as http:
        for key in list(seen.answers):
            response = http.post("/v1/accounts", headers={"Idempotency-Key": key})
            seen.answers[key].append(
                (
                    response.status_code,
                    response.text,
                    response.headers.get("idempotent-replayed") == "true",
                )
            )


def retries_across_kills(database_url: str, log: Path) -> tuple[Outcomes, int]:
    """Clients sign up, each retrying one key until answered, while the service is SIGKILLed
    KILLS times at random moments and restarted; then every key is asked once more. What each
    key got, and how many accounts were made."""
    port = free_port()
    server = start_server(database_url, log, port=port, extra_env=ENV)
    before = accounts_in(database_url)
    seen, stop = Outcomes(), threading.Event()
    clients = [
        threading.Thread(target=create_until_answered, args=(server.base_url, stop, seen))
        for _ in range(CLIENTS)
    ]
    for client in clients:
        client.start()
    try:
        for _ in range(KILLS):
            time.sleep(random.uniform(0.2, 0.8))  # wherever the requests are at that moment
            server.kill()
            server = start_server(database_url, log, port=port, extra_env=ENV)
        time.sleep(0.3)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=ROUND_SECONDS_LIMIT + 10)
    during = accounts_in(database_url) - before
    try:
        replay_each(server.base_url, seen)
    finally:
        server.kill()
    made = accounts_in(database_url) - before
    print(
        f"{len(seen.answers)} sign-ups with a key across {KILLS} SIGKILLs: {during} accounts "
        f"({seen.transport_errors} retries after a lost connection, {seen.in_flight} told 409 "
        f"while a dead attempt's lease ran); asking again with every key: {made - during} more"
    )
    return seen, made


@pytest.mark.slow
def test_retries_across_sigkills_do_each_write_exactly_once(
    database_url: str, tmp_path: Path
) -> None:
    seen, made = retries_across_kills(database_url, tmp_path / "server.log")
    assert not seen.unexpected, seen.unexpected
    assert seen.transport_errors > 0, "no request was cut off by a kill: the test proved nothing"
    assert made == len(seen.answers), "a key made no account, or more than one"
    for key, answers in seen.answers.items():
        bodies = {body for _status, body, _replayed in answers}
        assert len(bodies) == 1, f"key {key} got different answers: {answers}"
        assert answers[-1][2], "the last ask with a key is a replay"
    # And every answer names an account that exists.
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            ids = set(connection.execute(text("SELECT id FROM accounts")).scalars())
    finally:
        engine.dispose()
    named = {json.loads(answers[0][1])["account_id"] for answers in seen.answers.values()}
    assert named <= ids and len(named) == len(seen.answers)


@contextmanager
def accounts_held(database_url: str) -> Iterator[bool]:
    """On PostgreSQL, hold back every new account (a lock that lets reads through) until the
    block ends: the request stays in flight, past its claim. SQLite has no such lock short of
    the whole database, which would hold the claim too: False there."""
    if not database_url.startswith("postgresql"):
        yield False
        return
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection, connection.begin():
            connection.execute(text("LOCK TABLE accounts IN SHARE MODE"))
            yield True
    finally:
        engine.dispose()


def test_a_concurrent_retry_gets_409_and_another_request_422(
    database_url: str, tmp_path: Path
) -> None:
    env = {**ENV, "AI_OPTOUT_IDEMPOTENCY_LEASE_SECONDS": "30"}
    before = accounts_in(database_url)
    key = str(uuid.uuid4())
    with live_server(database_url, tmp_path / "server.log", extra_env=env) as server:
        url, headers = f"{server.base_url}/v1/accounts", {"Idempotency-Key": key}
        answers: list[httpx.Response] = []
        with ThreadPoolExecutor(max_workers=16) as pool:
            with accounts_held(database_url) as held:
                first = pool.submit(httpx.post, url, headers=headers, timeout=20)
                if held:  # the first is claimed and waiting on the lock: a retry now is 409
                    time.sleep(0.5)
                    answers.append(httpx.post(url, headers=headers, timeout=10))
                    assert answers[0].status_code == 409, answers[0].text
                    assert answers[0].headers["content-type"] == "application/problem+json"
                    assert int(answers[0].headers["retry-after"]) >= 1
                # A burst of retries at once: each waits, replays or is told 409.
                burst = [
                    pool.submit(httpx.post, url, headers=headers, timeout=20) for _ in range(15)
                ]
            answers += [first.result(), *(future.result() for future in burst)]
        other = httpx.post(
            f"{server.base_url}/v1/receipts/verify", json={"receipt": "x"}, headers=headers
        )
    statuses = [answer.status_code for answer in answers]
    created = [answer for answer in answers if answer.status_code == 201]
    print(f"{len(answers)} concurrent requests with one key: {statuses}")
    assert set(statuses) <= {201, 409}
    assert len([a for a in created if "idempotent-replayed" not in a.headers]) == 1
    assert len({answer.text for answer in created}) == 1
    assert accounts_in(database_url) - before == 1
    assert other.status_code == 422
    assert other.json()["type"] == "urn:ai-optout:problem:idempotency-key-reused"


def test_a_write_killed_in_flight_is_done_once_by_a_retry_after_its_lease(
    postgres_url: str, tmp_path: Path
) -> None:
    """The kill lands between the claim and the commit, every time: on PostgreSQL a lock holds
    the sign-up there (SQLite has no lock that would not hold the claim as well; the random
    kills above cover it)."""
    lease = 8
    env = {**ENV, "AI_OPTOUT_IDEMPOTENCY_LEASE_SECONDS": str(lease)}
    port, log = free_port(), tmp_path / "server.log"
    before = accounts_in(postgres_url)
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    server = start_server(postgres_url, log, port=port, extra_env=env)
    url = f"{server.base_url}/v1/accounts"
    with ThreadPoolExecutor(max_workers=1) as pool:
        with accounts_held(postgres_url):
            first = pool.submit(httpx.post, url, headers=headers, timeout=20)
            time.sleep(0.5)  # claimed, and waiting on the lock to write
            server.kill()
        with pytest.raises(httpx.TransportError):
            first.result()
    assert accounts_in(postgres_url) == before
    server = start_server(postgres_url, log, port=port, extra_env=env)
    try:
        answers = []
        deadline = time.monotonic() + lease + 10
        while time.monotonic() < deadline:
            answers.append(httpx.post(url, headers=headers, timeout=10))
            if answers[-1].status_code != 409:
                break
            time.sleep(min(1.0, int(answers[-1].headers["retry-after"])))
        replayed = httpx.post(url, headers=headers, timeout=10)
    finally:
        server.kill()
    statuses = [answer.status_code for answer in answers]
    print(f"retries after a kill mid-write: {statuses}")
    assert statuses[0] == 409, "the dead attempt's lease had already run out: nothing was shown"
    assert statuses[-1] == 201 and set(statuses[:-1]) == {409}
    assert replayed.json() == answers[-1].json()
    assert replayed.headers["idempotent-replayed"] == "true"
    assert accounts_in(postgres_url) - before == 1


if __name__ == "__main__":
    url = sys.argv[1]
    folder = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp")
    with live_server(url, folder / "idempotency-attack.log", extra_env=ENV) as live:
        made, answer = lost_answers_then_a_retry(live.base_url, url)
    print(
        f"{LOST_ANSWERS} lost answers and a retry with one Idempotency-Key: {made} account(s); "
        f"the retry got {answer.status_code}"
    )
    retries_across_kills(url, folder / "idempotency-kills.log")
