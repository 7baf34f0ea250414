"""How many code attempts may reach the database: per client address, per code, and overall.

The limiters are the service's one rate limiter (api/ratelimits/limiter.py), in process or
shared through Redis. Every attempt counts, right or wrong, and is counted before the database
is asked, so a flood of guesses never holds a write transaction.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from api.config import Settings
from api.ratelimits.headers import fields, refusal, wait_phrase
from api.ratelimits.limiter import RateLimiter, Usage, make_limiter, redis_client
from api.ratelimits.service import address_key
from api.recovery.codes import code_hash
from api.recovery.errors import TooManyAttempts


@dataclass(frozen=True)
class CodeAttempts:
    per_address: RateLimiter
    per_code: RateLimiter
    overall: RateLimiter

    @classmethod
    def from_settings(
        cls, settings: Settings, *, clock: Callable[[], float] = time.time
    ) -> "CodeAttempts":
        client = redis_client(settings.redis_url) if settings.redis_url else None

        def limiter(name: str, limit: int) -> RateLimiter:
            return make_limiter(
                redis_url=settings.redis_url,
                limit=limit,
                prefix=settings.redis_key_prefix,
                clock=clock,
                name=name,
                client=client,
            )

        return cls(
            per_address=limiter("codes", settings.code_attempts_per_address_per_minute),
            per_code=limiter("codes-per-code", settings.code_attempts_per_code_per_minute),
            overall=limiter("codes-overall", settings.code_attempts_per_minute),
        )

    def count(self, kind: str, *, address: str, code: str | None = None) -> dict[str, str]:
        """Count one attempt at a `kind` code: the rate-limit fields of the caller's own
        limits, or 429 with Retry-After once any limit is reached."""
        mine = self._mine(kind, address, code)
        usages = [limiter.count(key) for limiter, key in mine]
        # The service-wide count is not the caller's to see: it is counted, not reported.
        overall = self.overall.count(f"codes:{kind}:all")
        return _admitted(usages, overall)

    async def count_async(
        self, kind: str, *, address: str, code: str | None = None
    ) -> dict[str, str]:
        """`count`, from the event loop."""
        mine = self._mine(kind, address, code)
        usages = [await limiter.count_async(key) for limiter, key in mine]
        overall = await self.overall.count_async(f"codes:{kind}:all")
        return _admitted(usages, overall)

    def _mine(self, kind: str, address: str, code: str | None) -> list[tuple[RateLimiter, str]]:
        mine = [(self.per_address, f"codes:{kind}:address:{address_key(address)}")]
        if code is not None:
            mine.append((self.per_code, f"codes:{kind}:code:{code_hash(kind, code)[:32]}"))
        return mine


def _admitted(usages: list[Usage | None], overall: Usage | None) -> dict[str, str]:
    for usage in [*usages, overall]:
        if usage is not None and not usage.allowed:
            raise TooManyAttempts(
                f"Too many attempts; try again in {wait_phrase(usage.reset)}.",
                headers=refusal(usages, usage),
            )
    return fields(usages)
