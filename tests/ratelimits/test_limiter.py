"""The one limiter: requests per key per window, in-process and in Redis (shared by replicas),
a Redis outage that lets requests through, and the organisation key's 429."""

import os
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
import redis
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from api.main import create_app
from api.ratelimits.limiter import (
    PRUNE_AT,
    InProcessLimiter,
    Policy,
    RateLimiter,
    RedisLimiter,
    close_loop_clients,
    make_limiter,
    redis_client,
)
from api.ratelimits.service import RateLimits
from tests.organisations.factories import make_org

REDIS_URL = os.environ.get("AI_OPTOUT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
THREE = Policy("three", 3)


class Clock:
    def __init__(self, now: float = 60 * 16_667 + 20) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def live_redis() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:  # a missing Redis is a failure, never a skip
        pytest.fail(f"Redis at {REDIS_URL} is unreachable: {error}")
    yield client
    client.close()


@pytest.fixture
def prefix(live_redis: redis.Redis) -> Iterator[str]:
    unique = f"aoo-test-{uuid.uuid4().hex}:"
    yield unique
    for name in live_redis.scan_iter(match=unique + "*"):
        live_redis.delete(name)


def _limiters(kind: str, clock: Clock, client: redis.Redis, prefix: str) -> list[RateLimiter]:
    """Two limiters as two replicas would hold them (one shared count for Redis)."""
    if kind == "in-process":
        shared = InProcessLimiter(THREE, clock=clock)
        return [shared, shared]
    return [RedisLimiter(client, THREE, prefix=prefix, clock=clock) for _ in range(2)]


@pytest.mark.parametrize("kind", ["in-process", "redis"])
def test_a_key_over_its_limit_waits_for_the_next_minute(
    kind: str, live_redis: redis.Redis, prefix: str
) -> None:
    clock = Clock()
    first, second = _limiters(kind, clock, live_redis, prefix)

    answers = [first.hit("key"), second.hit("key"), first.hit("key"), second.hit("key")]

    assert answers[:3] == [None, None, None]
    assert answers[3] == 40  # 20 s into the window: 40 s to go
    assert first.hit("other-key") is None
    clock.now += 40
    assert first.hit("key") is None


async def test_counts_from_the_event_loop_and_from_worker_threads_are_one_count(
    live_redis: redis.Redis, prefix: str
) -> None:
    """The event loop counts through asyncio clients, worker threads through the blocking one:
    one count either way, as two replicas would see it."""
    clock = Clock()
    first, second = (
        make_limiter(redis_url=REDIS_URL, limit=3, prefix=prefix, name="three", clock=clock)
        for _ in range(2)
    )
    try:
        answers = [
            await first.hit_async("key"),
            second.hit("key"),
            await second.hit_async("key"),
            first.hit("key"),
        ]
        usage = await first.count_async("key", amount=0)
    finally:
        await close_loop_clients()

    assert answers == [None, None, None, 40]
    assert usage is not None and usage.used == 4
    assert int(live_redis.get(f"{prefix}ratelimit:key:{int(clock.now // 60)}") or 0) == 4


async def test_a_limiter_made_without_asyncio_clients_counts_from_a_worker_thread(
    live_redis: redis.Redis, prefix: str
) -> None:
    """A limiter built by hand (a script's, say) has only the blocking client: from the event
    loop it counts on a worker thread, into the same count."""
    clock = Clock()
    scripted = RedisLimiter(live_redis, THREE, prefix=prefix, clock=clock)
    on_loop = threading.get_ident()
    counted_on: list[int] = []
    blocking_add = scripted._add

    def noted(key: str, window: int, amount: int) -> int | None:
        counted_on.append(threading.get_ident())
        return blocking_add(key, window, amount)

    scripted._add = noted  # type: ignore[method-assign]
    answers = [await scripted.hit_async("key") for _ in range(4)]

    assert answers == [None, None, None, 40]
    assert counted_on and on_loop not in counted_on
    assert int(live_redis.get(f"{prefix}ratelimit:key:{int(clock.now // 60)}") or 0) == 4


def test_redis_counts_expire_with_their_window(live_redis: redis.Redis, prefix: str) -> None:
    limiter = RedisLimiter(live_redis, THREE, prefix=prefix, clock=Clock())

    limiter.hit("key")

    names = list(live_redis.scan_iter(match=prefix + "*"))
    assert len(names) == 1
    assert 0 < live_redis.ttl(names[0]) <= 120


@pytest.mark.parametrize("kind", ["in-process", "redis"])
def test_usage_says_what_is_left_and_when_it_resets_and_peek_counts_nothing(
    kind: str, live_redis: redis.Redis, prefix: str
) -> None:
    clock = Clock()
    limiter, _ = _limiters(kind, clock, live_redis, prefix)

    before = limiter.peek("key")
    assert before is not None and before.used == 0
    usages = [limiter.count("key") for _ in range(4)]

    assert [(u.used, u.remaining, u.allowed, u.exhausted) for u in usages if u] == [
        (1, 2, True, False),
        (2, 1, True, False),
        (3, 0, True, True),
        (4, 0, False, True),
    ]
    assert {u.reset for u in usages if u} == {40}
    peeked = limiter.peek("key")
    assert peeked is not None and peeked.used == 4


def test_hour_windows_reset_on_the_hour(live_redis: redis.Redis, prefix: str) -> None:
    clock = Clock(3600 * 1000 + 600)  # ten minutes into an hour
    hourly = Policy("hourly", 1, window=3600)
    for limiter in (
        InProcessLimiter(hourly, clock=clock),
        RedisLimiter(live_redis, hourly, prefix=prefix, clock=clock),
    ):
        assert limiter.hit("key") is None
        assert limiter.hit("key") == 3000
        clock.now += 3000
        assert limiter.hit("key") is None
        clock.now -= 3000


def test_memory_keeps_only_the_current_window_once_many_keys_are_held() -> None:
    clock = Clock()
    limiter = InProcessLimiter(THREE, clock=clock)
    for n in range(PRUNE_AT - 1):
        limiter.hit(f"old-{n}")
    clock.now += 60

    limiter.hit("new-1")
    limiter.hit("new-2")  # the table was full: past windows were dropped first

    assert len(limiter._windows) == 2


def test_an_unreachable_redis_lets_requests_through_without_waiting_on_it() -> None:
    dead = redis_client("redis://127.0.0.1:1/0")
    limiter = RedisLimiter(dead, Policy("one", 1), prefix="aoo-test:", clock=Clock())

    started = time.monotonic()
    answers = [limiter.hit("key") for _ in range(3)]

    assert answers == [None, None, None]
    assert time.monotonic() - started < 1.5


@pytest.fixture(params=["in-process", "redis"])
def settings(
    request: pytest.FixtureRequest, settings: Settings, live_redis: redis.Redis, prefix: str
) -> Settings:
    redis_url = REDIS_URL if request.param == "redis" else ""
    return settings.model_copy(
        update={"api_key_rate_per_minute": 2, "redis_url": redis_url, "redis_key_prefix": prefix}
    )


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    """The app with its limiters' clock held 20 s into a minute (no burst straddles two)."""
    app = create_app(settings, engine=engine)
    app.state.rate_limits = RateLimits.from_settings(settings, clock=Clock())
    return app


async def test_the_third_request_in_a_minute_gets_429_with_retry_after(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    org = make_org(engine)

    statuses = [(await client.get("/v1/org", headers=org.headers)) for _ in range(3)]

    assert [response.status_code for response in statuses] == [200, 200, 429]
    limited = statuses[2]
    assert limited.headers["content-type"] == "application/problem+json"
    assert limited.json()["type"].endswith(":rate-limited")
    assert limited.headers["retry-after"] == "40"
    assert statuses[0].headers["ratelimit-policy"] == '"api-key";q=2;w=60'
    assert statuses[1].headers["ratelimit"].startswith('"api-key";r=0;t=')
