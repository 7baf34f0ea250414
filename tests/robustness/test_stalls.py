"""Concurrency must not stall the service: many people reading, explaining and writing at once
get answers in bounded time, never a 5xx (a pool emptied by writers must not freeze readers)."""

import asyncio
import threading
import time
from pathlib import Path

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from api.middleware import ConcurrencyLimitMiddleware
from tests.conftest import Person
from tests.support.preferences import whole
from tests.support.server import live_server

CLIENTS = 48
SECONDS = 6.0
# Far above any healthy answer on this machine (p99 is tens of ms), far below a frozen server's.
SLOWEST_ALLOWED_SECONDS = 5.0
ITEMS = [
    {"id": f"i{n}", "platform": "facebook", "kind": "post", "audience": "public", "author": "self"}
    for n in range(50)
]


def _person(http: httpx.Client) -> Person:
    body = http.post("/v1/accounts").json()
    return Person(body["account_id"], body["access_token"], body["refresh_token"])


@pytest.mark.slow
def test_concurrent_reads_explains_and_writes_never_stall_the_server(
    database_url: str, tmp_path: Path
) -> None:
    slowest: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(base_url: str, person: Person) -> None:
        end = time.monotonic() + SECONDS
        with httpx.Client(base_url=base_url, timeout=SLOWEST_ALLOWED_SECONDS * 4) as http:
            while time.monotonic() < end:
                started = time.monotonic()
                try:
                    read = http.get("/v1/me/preferences", headers=person.headers)
                    answers = [
                        read,
                        http.post("/v1/explain", headers=person.headers, json={"items": ITEMS}),
                    ]
                    answers.append(
                        http.put(
                            "/v1/me/preferences",
                            headers={**person.headers, "If-Match": read.headers.get("etag", "")},
                            json=whole(region="DE", listed=bool(int(started * 10) % 2)),
                        )
                    )
                except httpx.HTTPError as error:
                    answers, problem = [], f"{type(error).__name__}"
                else:
                    problem = ", ".join(
                        f"{a.request.method} {a.request.url.path} {a.status_code}"
                        for a in answers
                        if a.status_code >= 500
                    )
                with lock:
                    slowest.append(time.monotonic() - started)
                    if problem:
                        failures.append(problem)

    with (
        live_server(database_url, tmp_path / "server.log") as server,
        httpx.Client(base_url=server.base_url, timeout=10) as http,
    ):
        people = [_person(http) for _ in range(CLIENTS)]
        threads = [
            threading.Thread(target=client, args=(server.base_url, person)) for person in people
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + SLOWEST_ALLOWED_SECONDS * 8)

    assert not failures, f"{len(failures)} rounds failed, e.g. {failures[:5]}"
    assert max(slowest) < SLOWEST_ALLOWED_SECONDS * 3, (
        f"a read-explain-write round took {max(slowest):.1f} s: the server stalled"
    )


async def test_requests_beyond_the_limit_wait_their_turn_and_health_checks_never_wait() -> None:
    release, inside = asyncio.Event(), 0

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal inside
        inside += 1
        if scope["path"] == "/slow":
            await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limited = ConcurrencyLimitMiddleware(app, limit=2)
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        slow = [asyncio.create_task(client.get("/slow")) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert inside == 2  # the third waits outside, holding nothing
        health = await asyncio.wait_for(client.get("/healthz"), timeout=1)
        release.set()
        answers = await asyncio.wait_for(asyncio.gather(*slow), timeout=1)

    assert health.status_code == 200
    assert [answer.status_code for answer in answers] == [200, 200, 200]
