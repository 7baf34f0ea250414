"""Requests per API key per minute: a fixed window, in-process or shared through Redis.

One replica counts in memory; several share Redis (`AI_OPTOUT_REDIS_URL`) so a key's limit
holds across all of them. If Redis is unreachable the request is let through and logged, and
Redis is left alone for a few seconds: the limit protects capacity, it is not an access
control, and a request must never wait on a dead Redis.
"""

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Protocol

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
WINDOW_SECONDS = 60
REDIS_PAUSE_SECONDS = 5.0


class RateLimiter(Protocol):
    def hit(self, key: str) -> int | None:
        """Count one request for `key`: None if allowed, else seconds until it would be."""
        ...


class InProcessLimiter:
    """Fixed one-minute windows counted in this process."""

    def __init__(self, limit: int, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def hit(self, key: str) -> int | None:
        now = self._clock()
        window = int(now // WINDOW_SECONDS)
        with self._lock:
            current, count = self._windows.get(key, (window, 0))
            count = count + 1 if current == window else 1
            self._windows[key] = (window, count)
        return None if count <= self.limit else _until_next(now)


class RedisLimiter:
    """The same windows counted in Redis, so every replica sees one count per key."""

    def __init__(
        self,
        client: "redis.Redis",
        limit: int,
        *,
        prefix: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.limit = limit
        self._client = client
        self._prefix = prefix
        self._clock = clock
        self._paused_until = 0.0

    def hit(self, key: str) -> int | None:
        now = self._clock()
        if time.monotonic() < self._paused_until:
            return None
        name = f"{self._prefix}ratelimit:{key}:{int(now // WINDOW_SECONDS)}"
        try:
            pipe = self._client.pipeline(transaction=True)
            pipe.incr(name)
            pipe.expire(name, WINDOW_SECONDS * 2)
            count = int(pipe.execute()[0])
        except redis.RedisError as error:
            self._paused_until = time.monotonic() + REDIS_PAUSE_SECONDS
            log.warning("rate limiter: Redis unavailable, not limiting for a while: %s", error)
            return None
        return None if count <= self.limit else _until_next(now)


def _until_next(now: float) -> int:
    return max(1, math.ceil(WINDOW_SECONDS - now % WINDOW_SECONDS))


def redis_client(url: str) -> "redis.Redis":
    """A client that fails fast: short timeouts, no retries (the caller decides)."""
    return redis.Redis.from_url(
        url, socket_timeout=0.5, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0)
    )


def make_limiter(
    *, redis_url: str, limit: int, prefix: str, clock: Callable[[], float] = time.time
) -> RateLimiter:
    if not redis_url:
        return InProcessLimiter(limit, clock=clock)
    return RedisLimiter(redis_client(redis_url), limit, prefix=prefix, clock=clock)
