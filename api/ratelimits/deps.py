"""The limits as dependencies: a route's signature names the door it is (`ExplainLimit`,
`AccountCreationLimit`, `JoinLimit`, `PageReportLimit`), counted before the route's session
opens. The rate-limit fields go on the answer; a route that builds its own `Response` copies
them from `response`.

The client address is the socket peer. Behind a reverse proxy, `AI_OPTOUT_TRUSTED_PROXIES`
names the proxies' addresses and the app takes the client from `X-Forwarded-For` (see
`api.main`); nothing else ever trusts that header.
"""

from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Annotated, Any, ClassVar

from fastapi import Depends, Request, Response

from api.accounts.deps import CurrentCaller
from api.deps import HandResolvedRoute, Resolver
from api.errors import RateLimited
from api.ratelimits.headers import merged
from api.ratelimits.service import RateLimits, address_key, admit_async


async def rate_limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.rate_limits
    return limits


RateLimitsDep = Annotated[RateLimits, Depends(rate_limits)]


def client_address(request: Request) -> str:
    """The counted part of the caller's address (its /64 for IPv6)."""
    return _counted_address(request.client.host if request.client else "unknown")


# Parsing an address costs more than counting it, and a client sends many requests.
_counted_address = lru_cache(maxsize=4096)(address_key)


async def account_creation(request: Request, response: Response, limits: RateLimitsDep) -> None:
    counts = [(limits.accounts, f"accounts:address:{client_address(request)}")]
    response.headers.update(await admit_async(counts, what="new accounts"))


async def explain_requests(request: Request, response: Response, limits: RateLimitsDep) -> None:
    counts = [(limits.explain, f"explain:address:{client_address(request)}")]
    response.headers.update(await admit_async(counts, what="explain requests"))


async def page_reports(request: Request, response: Response, limits: RateLimitsDep) -> None:
    counts = [(limits.page_reports, f"page-reports:address:{client_address(request)}")]
    response.headers.update(await admit_async(counts, what="page reports"))


async def count_explained_items(request: Request, response: Response, items: int) -> None:
    """After the body is read: the items count too, so a few huge batches cannot do what
    many small requests may not (`ExplainLimit` counted the request itself)."""
    limits: RateLimits = request.app.state.rate_limits
    address = client_address(request)
    counts = [(limits.explain_items, f"explain-items:address:{address}")]
    try:
        counted = await admit_async(counts, what="explained items", amount=items)
    except RateLimited as refused:
        refused.headers = merged(dict(response.headers), refused.headers)
        raise
    for name, value in merged(dict(response.headers), counted).items():
        response.headers[name] = value


async def join_attempts(
    request: Request, response: Response, limits: RateLimitsDep, caller: CurrentCaller
) -> None:
    """Every attempt at a join code counts, right or wrong, per address and per account."""
    address = client_address(request)
    counts = [
        (limits.join_per_address, f"join:address:{address}"),
        (limits.join_per_account, f"join:account:{caller.account_id}"),
    ]
    response.headers.update(await admit_async(counts, what="attempts at join codes"))


AccountCreationLimit = Annotated[None, Depends(account_creation)]
ExplainLimit = Annotated[None, Depends(explain_requests)]
JoinLimit = Annotated[None, Depends(join_attempts)]
PageReportLimit = Annotated[None, Depends(page_reports)]


# The limits that take only the request, its answer and the limits (one address counted).
_ADDRESS_LIMITS = (account_creation, explain_requests, page_reports)


def _counted_by_hand(limit: Callable[..., Awaitable[None]]) -> Resolver:
    async def count(request: Request, response: Response | None) -> None:
        # `answer_headers` below: the route class always makes the answer these write to.
        await limit(request, response, request.app.state.rate_limits)

    return count


class AddressLimitedRoute(HandResolvedRoute):
    """A route whose only dependency is one per-address limit (`ExplainLimit`, say), counted by
    hand: explain, the extension's hottest call. The route takes its `Request` (it reads its
    own body) and may take the `Response` whose headers carry the rate-limit fields."""

    resolvers: ClassVar[dict[Callable[..., Any], Resolver]] = {
        limit: _counted_by_hand(limit) for limit in _ADDRESS_LIMITS
    }
    answer_headers = True
