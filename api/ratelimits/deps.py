"""The limits as dependencies: a route's signature names the door it is (`ExplainLimit`,
`AccountCreationLimit`, `JoinLimit`, `PageReportLimit`), counted before the route's session
opens. The rate-limit fields go on the answer; a route that builds its own `Response` copies
them from `response`.

The client address is the socket peer. Behind a reverse proxy, `AI_OPTOUT_TRUSTED_PROXIES`
names the proxies' addresses and the app takes the client from `X-Forwarded-For` (see
`api.main`); nothing else ever trusts that header.
"""

from typing import Annotated

from fastapi import Depends, Request, Response

from api.accounts.deps import CurrentCaller
from api.errors import RateLimited
from api.ratelimits.headers import merged
from api.ratelimits.service import RateLimits, address_key, admit


async def rate_limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.rate_limits
    return limits


RateLimitsDep = Annotated[RateLimits, Depends(rate_limits)]


def client_address(request: Request) -> str:
    """The counted part of the caller's address (its /64 for IPv6)."""
    return address_key(request.client.host if request.client else "unknown")


async def account_creation(request: Request, response: Response, limits: RateLimitsDep) -> None:
    address = client_address(request)
    response.headers.update(
        admit([(limits.accounts, f"accounts:address:{address}")], what="new accounts")
    )


async def explain_requests(request: Request, response: Response, limits: RateLimitsDep) -> None:
    address = client_address(request)
    response.headers.update(
        admit([(limits.explain, f"explain:address:{address}")], what="explain requests")
    )


async def page_reports(request: Request, response: Response, limits: RateLimitsDep) -> None:
    address = client_address(request)
    response.headers.update(
        admit([(limits.page_reports, f"page-reports:address:{address}")], what="page reports")
    )


def count_explained_items(request: Request, response: Response, items: int) -> None:
    """After the body is read: the items count too, so a few huge batches cannot do what
    many small requests may not (`ExplainLimit` counted the request itself)."""
    limits: RateLimits = request.app.state.rate_limits
    address = client_address(request)
    counts = [(limits.explain_items, f"explain-items:address:{address}")]
    try:
        counted = admit(counts, what="explained items", amount=items)
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
    response.headers.update(admit(counts, what="attempts at join codes"))


AccountCreationLimit = Annotated[None, Depends(account_creation)]
ExplainLimit = Annotated[None, Depends(explain_requests)]
JoinLimit = Annotated[None, Depends(join_attempts)]
PageReportLimit = Annotated[None, Depends(page_reports)]
