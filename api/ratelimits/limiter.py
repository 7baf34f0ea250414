"""Requests per key in fixed windows: in-process or shared through Redis.

One replica counts in memory; several share Redis (`AI_OPTOUT_REDIS_URL`) so a key's limit
holds across all of them. If Redis is unreachable the request is let through and logged, and
Redis is left alone for a few seconds: a limit protects capacity, it is not an access
control, and a request must never wait on a dead Redis.

Every limit in the service (organisation keys, code attempts, the anonymous doors) is one
`RateLimiter` for one `Policy`; `api.ratelimits.service` builds them from settings.
"""

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import redis
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

    def peek(self, key: str) -> Usage | None:
        return self.count(key, amount=0)

    def hit(self, key: str) -> int | None:
        """Count one request for `key`: None if allowed, else seconds until it would be."""
        usage = self.count(key)
        return None if usage is None or usage.allowed else usage.reset

    def _window(self, now: float) -> int:
        return int(now // self.policy.window)

    def _until_next(self, now: float) -> int:
        return max(1, math.ceil(self.policy.window - now % self.policy.window))

    def _add(self, key: str, window: int, amount: int) -> int | None:
        raise NotImplementedError


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
    """The same windows counted in Redis, so every replica sees one count per key."""

    def __init__(
        self,
        client: "redis.Redis",
        policy: Policy,
        *,
        prefix: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(policy, clock)
        self._client = client
        self._prefix = prefix
        self._paused_until = 0.0

    def _add(self, key: str, window: int, amount: int) -> int | None:
        if time.monotonic() < self._paused_until:
            return None
        name = f"{self._prefix}ratelimit:{key}:{self._window_name(window)}"
        try:
            if not amount:
                return int(self._client.get(name) or 0)
            pipe = self._client.pipeline(transaction=True)
            pipe.incrby(name, amount)
            pipe.expire(name, self.policy.window * 2)
            return int(pipe.execute()[0])
        except redis.RedisError as error:
            self._paused_until = time.monotonic() + REDIS_PAUSE_SECONDS
            log.warning("rate limiter: Redis unavailable, not limiting for a while: %s", error)
            return None

    def _window_name(self, window: int) -> str:
        # Minute windows keep their historical names; other lengths say theirs.
        if self.policy.window == WINDOW_SECONDS:
            return str(window)
        return f"{self.policy.window}s:{window}"


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
    (through `client` when given, so several policies share one connection pool)."""
    policy = Policy(name, limit, window)
    if not redis_url:
        return InProcessLimiter(policy, clock=clock)
    return RedisLimiter(client or redis_client(redis_url), policy, prefix=prefix, clock=clock)
