"""A Redis that takes connections and never answers holds up only the requests it counts: the
event loop goes on serving every other request while they wait (up to the client's timeout),
and those requests are then let through without a limit, as with a Redis that is down."""

import asyncio
import socket
import time
from collections.abc import Awaitable, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from api.main import create_app

ITEM = {"id": "i", "platform": "facebook", "kind": "post", "audience": "public", "author": "self"}


@pytest.fixture
def stalled_redis() -> Iterator[str]:
    """A loopback port whose connections the kernel accepts (the listen backlog) and nobody
    ever answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


@pytest.fixture
async def app(settings: Settings, engine: Engine, stalled_redis: str) -> FastAPI:
    stalled = settings.model_copy(update={"redis_url": stalled_redis})
    # A first app takes the process's one-time costs (imports, first connection) out of the
    # measure; its limiters then leave Redis alone for a while, so the app measured is new.
    async with _client(create_app(stalled, engine=engine)) as client:
        await client.post("/v1/explain", json={"items": [ITEM]})
    return create_app(stalled, engine=engine)


def _client(app: FastAPI) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("198.51.100.60", 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def _timed(call: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    answer = await call
    return answer, time.monotonic() - started


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/explain", {"items": [ITEM]}),
        ("POST", "/v1/auth/passkey/options", None),
    ],
)
async def test_a_stalled_redis_holds_up_only_the_requests_it_counts(
    app: FastAPI, method: str, path: str, body: dict[str, object] | None
) -> None:
    async with _client(app) as client:
        await client.get("/healthz")  # FastAPI builds each route's handler at its first call
        counted = asyncio.create_task(_timed(client.request(method, path, json=body)))
        # From here the other request waits on Redis; the event loop must not.
        health, health_took = await _timed(_after(0.1, client.get("/healthz")))
        answer, counted_took = await counted

    assert counted_took >= 0.4  # it did wait on Redis, for the client's 0.5 s timeout
    assert answer.status_code < 500  # then it went through without a count
    assert "ratelimit" not in answer.headers  # no count known, none claimed
    assert health.status_code == 200
    assert health_took < 0.3, f"the event loop waited {health_took - 0.1:.2f} s on Redis"


async def _after(seconds: float, call: Awaitable[httpx.Response]) -> httpx.Response:
    await asyncio.sleep(seconds)
    return await call
