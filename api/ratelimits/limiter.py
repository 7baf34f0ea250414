"""Requests per key in fixed windows: in-process or shared through Redis.

One replica counts in memory; several share Redis (`AI_OPTOUT_REDIS_URL`) so a key's limit
holds across all of them. If Redis is unreachable the request is let through and logged, and
Redis is left alone for a few seconds: a limit protects capacity, it is not an access
control, and a request must never wait on a dead Redis.

Every limit in the service (organisation keys, code attempts, the anonymous doors) is one
`RateLimiter` for one `Policy`; `api.ratelimits.service` builds them from settings. Code on the
event loop counts with the `_async` methods: a Redis round trip (up to its 0.5 s timeout when
Redis is slow) then holds up only the request it counts, never every request the loop serves.
"""

import asyncio
import logging
import math
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import anyio
import redis
import redis.asyncio
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
WINDOW_SECONDS = 60
REDIS_PAUSE_SECONDS = 5.0
# Past windows are dropped from memory once this many keys are held (per-address keys are
# chosen by the callers, so the table must not grow without bound).
PRUNE_AT = 10_000


@dataclass(frozen=True)
class Policy:
    """A named limit: at most `quota` requests per `window` seconds, per key."""

    name: str
    quota: int
    window: int = WINDOW_SECONDS

    @cached_property
    def declared(self) -> str:
        """The policy as `RateLimit-Policy` names it (`"explain";q=120;w=60`), made once."""
        return f'"{self.name}";q={self.quota};w={self.window}'


class Usage(NamedTuple):
    """One key's window after a request: how much of the policy is used and when it resets.
    A tuple: one is made per limit per request."""

    policy: Policy
    used: int
    reset: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.used <= self.policy.quota

    @property
    def remaining(self) -> int:
        return max(0, self.policy.quota - self.used)

    @property
    def exhausted(self) -> bool:
        """No request is left in this window (the next one would be refused)."""
        return self.used >= self.policy.quota


class RateLimiter:
    """Counts requests per key for one policy. `count` adds one; `peek` only looks."""

    def __init__(self, policy: Policy, clock: Callable[[], float] = time.time) -> None:
        self.policy = policy
        self._clock = clock

    @property
    def limit(self) -> int:
        return self.policy.quota

    def count(self, key: str, amount: int = 1) -> Usage | None:
        """Count `amount` requests for `key`; None when the count is unknown (Redis is down)."""
        now = self._clock()
        used = self._add(key, self._window(now), amount)
        return None if used is None else Usage(self.policy, used, self._until_next(now))

    async def count_async(self, key: str, amount: int = 1) -> Usage | None:
        """`count`, from the event loop."""
        now = self._clock()
        used = await self._add_async(key, self._window(now), amount)
        return None if used is None else Usage(self.policy, used, self._until_next(now))

    def peek(self, key: str) -> Usage | None:
        return self.count(key, amount=0)

    def hit(self, key: str) -> int | None:
        """Count one request for `key`: None if allowed, else seconds until it would be."""
        return _wait(self.count(key))

    async def hit_async(self, key: str) -> int | None:
        """`hit`, from the event loop."""
        return _wait(await self.count_async(key))

    def _window(self, now: float) -> int:
        return int(now // self.policy.window)

    def _until_next(self, now: float) -> int:
        return max(1, math.ceil(self.policy.window - now % self.policy.window))

    def _add(self, key: str, window: int, amount: int) -> int | None:
        raise NotImplementedError

    async def _add_async(self, key: str, window: int, amount: int) -> int | None:
        return self._add(key, window, amount)  # counted in memory: no waiting


def _wait(usage: Usage | None) -> int | None:
    return None if usage is None or usage.allowed else usage.reset


class InProcessLimiter(RateLimiter):
    """Fixed windows counted in this process."""

    def __init__(self, policy: Policy, clock: Callable[[], float] = time.time) -> None:
        super().__init__(policy, clock)
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def _add(self, key: str, window: int, amount: int) -> int:
        with self._lock:
            current, count = self._windows.get(key, (window, 0))
            count = count + amount if current == window else amount
            if amount:
                if len(self._windows) >= PRUNE_AT:
                    self._prune(window)
                self._windows[key] = (window, count)
            return count

    def _prune(self, window: int) -> None:
        self._windows = {k: v for k, v in self._windows.items() if v[0] == window}


class RedisLimiter(RateLimiter):
    """The same windows counted in Redis, so every replica sees one count per key. From the
    event loop it counts through `loop_clients`; without them (a limiter made for a script),
    through the blocking client on a worker thread."""

    def __init__(
        self,
        client: "redis.Redis",
        policy: Policy,
        *,
        prefix: str,
        clock: Callable[[], float] = time.time,
        loop_clients: "LoopClients | None" = None,
    ) -> None:
        super().__init__(policy, clock)
        self._client = client
        self._loop_clients = loop_clients
        self._prefix = prefix
        self._paused_until = 0.0

    def _add(self, key: str, window: int, amount: int) -> int | None:
        if time.monotonic() < self._paused_until:
            return None
        name = self._name(key, window)
        try:
            if not amount:
                return int(self._client.get(name) or 0)
            pipe = self._client.pipeline(transaction=True)
            pipe.incrby(name, amount)
            pipe.expire(name, self.policy.window * 2)
            return int(pipe.execute()[0])
        except redis.RedisError as error:
            self._pause(error)
            return None

    async def _add_async(self, key: str, window: int, amount: int) -> int | None:
        if time.monotonic() < self._paused_until:
            return None
        if self._loop_clients is None:
            return await anyio.to_thread.run_sync(self._add, key, window, amount)
        name = self._name(key, window)
        try:
            client = self._loop_clients.here()
            if not amount:
                return int(await client.get(name) or 0)
            async with client.pipeline(transaction=True) as pipe:
                pipe.incrby(name, amount)
                pipe.expire(name, self.policy.window * 2)
                return int((await pipe.execute())[0])
        except redis.RedisError as error:
            self._pause(error)
            return None

    def _pause(self, error: Exception) -> None:
        self._paused_until = time.monotonic() + REDIS_PAUSE_SECONDS
        log.warning("rate limiter: Redis unavailable, not limiting for a while: %s", error)

    def _name(self, key: str, window: int) -> str:
        return f"{self._prefix}ratelimit:{key}:{self._window_name(window)}"

    def _window_name(self, window: int) -> str:
        # Minute windows keep their historical names; other lengths say theirs.
        if self.policy.window == WINDOW_SECONDS:
            return str(window)
        return f"{self.policy.window}s:{window}"


class LoopClients:
    """The asyncio clients of one Redis, one per event loop (an asyncio connection belongs to
    the loop that opened it), failing as fast as the blocking one."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, redis.asyncio.Redis]
        self._clients = weakref.WeakKeyDictionary()

    def here(self) -> "redis.asyncio.Redis":
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = self._clients[loop] = redis.asyncio.Redis.from_url(
                self._url,
                socket_timeout=0.5,
                socket_connect_timeout=0.5,
                retry=AsyncRetry(NoBackoff(), 0),
            )
        return client

    async def close(self) -> None:
        """Close this loop's client (when the app stops)."""
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()


def redis_client(url: str) -> "redis.Redis":
    """A client that fails fast: short timeouts, no retries (the caller decides)."""
    return redis.Redis.from_url(
        url, socket_timeout=0.5, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 0)
    )


def make_limiter(
    *,
    redis_url: str,
    limit: int,
    prefix: str,
    clock: Callable[[], float] = time.time,
    name: str = "default",
    window: int = WINDOW_SECONDS,
    client: "redis.Redis | None" = None,
) -> RateLimiter:
    """A limiter for one policy: in process without `redis_url`, else shared through Redis
    (through `client` when given, so several policies share one connection pool; from the
    event loop through the process's asyncio clients of that Redis)."""
    policy = Policy(name, limit, window)
    if not redis_url:
        return InProcessLimiter(policy, clock=clock)
    return RedisLimiter(
        client or redis_client(redis_url),
        policy,
        prefix=prefix,
        clock=clock,
        loop_clients=loop_clients(redis_url),
    )


# One set of asyncio clients per Redis, shared by every limiter of the process.
_LOOP_CLIENTS: dict[str, LoopClients] = {}


def loop_clients(redis_url: str) -> LoopClients:
    clients = _LOOP_CLIENTS.get(redis_url)
    if clients is None:
        clients = _LOOP_CLIENTS[redis_url] = LoopClients(redis_url)
    return clients


async def close_loop_clients() -> None:
    """Close the asyncio Redis clients this event loop opened (when the app stops)."""
    for clients in list(_LOOP_CLIENTS.values()):
        await clients.close()
