"""The limits on every door a stranger can knock on, built once from settings.

Each door counts per client address (an IPv6 client by its /64, which one subscriber usually
holds whole), some also per account or per API key. Failures (a wrong API-key secret, a wrong
operator token) are counted only when they happen, and once a window holds too many, every
further attempt from that address, or at that key, is refused before it is checked.
"""

import ipaddress
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from api.config import Settings
from api.errors import RateLimited
from api.ratelimits.headers import fields, refusal, wait_phrase
from api.ratelimits.limiter import RateLimiter, Usage, make_limiter, redis_client

HOUR = 3600
Count = tuple[RateLimiter, str]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateLimits:
    accounts: RateLimiter
    explain: RateLimiter
    explain_items: RateLimiter
    join_per_address: RateLimiter
    join_per_account: RateLimiter
    key_failures_per_address: RateLimiter
    key_failures_per_key: RateLimiter
    operator_failures_per_address: RateLimiter
    org_keys: RateLimiter
    page_reports: RateLimiter

    @classmethod
    def from_settings(
        cls, settings: Settings, *, clock: Callable[[], float] = time.time
    ) -> "RateLimits":
        client = redis_client(settings.redis_url) if settings.redis_url else None

        def limiter(name: str, quota: int, window: int = 60) -> RateLimiter:
            return make_limiter(
                redis_url=settings.redis_url,
                limit=quota,
                prefix=settings.redis_key_prefix,
                clock=clock,
                name=name,
                window=window,
                client=client,
            )

        return cls(
            accounts=limiter("accounts", settings.accounts_per_address_per_hour, HOUR),
            explain=limiter("explain", settings.explain_per_address_per_minute),
            explain_items=limiter("explain-items", settings.explain_items_per_address_per_minute),
            join_per_address=limiter("join", settings.join_attempts_per_address_per_minute),
            join_per_account=limiter("join-account", settings.join_attempts_per_account_per_minute),
            key_failures_per_address=limiter(
                "key-failures", settings.key_failures_per_address_per_minute
            ),
            key_failures_per_key=limiter(
                "key-failures-key", settings.key_failures_per_key_per_minute
            ),
            operator_failures_per_address=limiter(
                "operator-failures", settings.operator_failures_per_address_per_minute
            ),
            org_keys=limiter("api-key", settings.api_key_rate_per_minute),
            page_reports=limiter("page-reports", settings.page_reports_per_address_per_hour, HOUR),
        )


def address_key(address: str) -> str:
    """The part of a client address that is counted: an IPv4 address (also when IPv4-mapped),
    or the /64 of an IPv6 one; anything else (a test client's name) as it is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def admit(counts: Iterable[Count], *, what: str, amount: int = 1) -> dict[str, str]:
    """Count `amount` (one request, or its items) under each limit; the rate-limit fields for
    the answer, or 429 (problem+json `rate-limited`, with `Retry-After`) when any is used up."""
    usages = [limiter.count(key, amount) for limiter, key in counts]
    return _admitted(usages, what=what, amount=amount)


async def admit_async(counts: Iterable[Count], *, what: str, amount: int = 1) -> dict[str, str]:
    """`admit`, from the event loop."""
    usages = [await limiter.count_async(key, amount) for limiter, key in counts]
    return _admitted(usages, what=what, amount=amount)


def _admitted(usages: list[Usage | None], *, what: str, amount: int) -> dict[str, str]:
    refused = _longest_wait(u for u in usages if u is not None and not u.allowed)
    if refused is not None:
        if refused.used - amount <= refused.policy.quota:  # this request used it up
            _tripped(refused)
        raise RateLimited(
            f"Too many {what}; try again in {wait_phrase(refused.reset)}.",
            headers=refusal(usages, refused),
        )
    return fields(usages)


def refuse_while_failing(counts: Iterable[Count], *, what: str) -> None:
    """429 before checking a credential when its failures are used up at any of `counts`."""
    usages = [limiter.peek(key) for limiter, key in counts]
    refused = _longest_wait(u for u in usages if u is not None and u.exhausted)
    if refused is not None:
        raise RateLimited(
            f"Too many failed {what}; try again in {wait_phrase(refused.reset)}.",
            headers=refusal(usages, refused),
        )


def record_failure(counts: Iterable[Count]) -> None:
    for limiter, key in counts:
        usage = limiter.count(key)
        if usage is not None and usage.used == usage.policy.quota:  # the next one is refused
            _tripped(usage)


def _tripped(usage: Usage) -> None:
    """A security event, once per key and window (not per refused request, which an attacker
    controls): the limit's name only, never the address or key it counts."""
    log.warning(
        "rate limit %s used up",
        usage.policy.name,
        extra={
            "event": "rate_limit.tripped",
            "limit": usage.policy.name,
            "quota": usage.policy.quota,
            "window_seconds": usage.policy.window,
        },
    )


def _longest_wait(usages: Iterable[Usage]) -> Usage | None:
    return max(usages, key=lambda usage: usage.reset, default=None)
