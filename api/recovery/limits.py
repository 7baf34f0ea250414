"""How many code attempts may reach the database: per client address, per code, and overall.

The limiters are the organisations' fixed one-minute windows (api/organisations/ratelimit.py),
in process or shared through Redis. Every attempt counts, right or wrong, and is counted
before the database is asked, so a flood of guesses never holds a write transaction.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from api.config import Settings
from api.organisations.ratelimit import RateLimiter, make_limiter
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
        def limiter(limit: int) -> RateLimiter:
            return make_limiter(
                redis_url=settings.redis_url,
                limit=limit,
                prefix=settings.redis_key_prefix,
                clock=clock,
            )

        return cls(
            per_address=limiter(settings.code_attempts_per_address_per_minute),
            per_code=limiter(settings.code_attempts_per_code_per_minute),
            overall=limiter(settings.code_attempts_per_minute),
        )

    def count(self, kind: str, *, address: str, code: str | None = None) -> None:
        """Count one attempt at a `kind` code; 429 with Retry-After once a limit is reached."""
        keys = [(self.per_address, f"codes:{kind}:address:{address}")]
        if code is not None:
            keys.append((self.per_code, f"codes:{kind}:code:{code_hash(kind, code)[:32]}"))
        keys.append((self.overall, f"codes:{kind}:all"))
        for limiter, key in keys:
            retry_after = limiter.hit(key)
            if retry_after is not None:
                raise TooManyAttempts(
                    f"Too many attempts; try again in {retry_after} s.",
                    headers={"Retry-After": str(retry_after)},
                )
