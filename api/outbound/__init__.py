"""Outbound HTTP to addresses someone else chose: webhook receivers, public profile pages.

Every such request goes through `fetch`, which refuses internal destinations however they are
written or resolved, and connects only to the address it checked. `check_url` is the same check
without a request, for validating a URL when it is given (e.g. a webhook subscription).
"""

from api.outbound.addresses import Target, address_allowed, check_url, parse_ipv4
from api.outbound.errors import OutboundFailed, OutboundRefused
from api.outbound.fetcher import (
    OutboundResponse,
    Resolver,
    fetch,
    resolve_checked,
    system_resolver,
)

__all__ = [
    "OutboundFailed",
    "OutboundRefused",
    "OutboundResponse",
    "Resolver",
    "Target",
    "address_allowed",
    "check_url",
    "fetch",
    "parse_ipv4",
    "resolve_checked",
    "system_resolver",
]
