"""The limits as dependencies: a route's signature names the door it is (`ExplainLimit`,
`AccountCreationLimit`, `JoinLimit`, `PageReportLimit`), counted before the route's session
opens. The rate-limit fields go on the answer; a route that builds its own `Response` copies
them from `response`.

The client address is the socket peer. Behind a reverse proxy, `AI_OPTOUT_TRUSTED_PROXIES`
names the proxies' addresses and the app takes the client from `X-Forwarded-For` (see
`api.main`); nothing else ever trusts that header.
"""

from collections.abc import Awaitable, Callable, Coroutine
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute

from api.accounts.deps import CurrentCaller
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


class AddressLimitedRoute(APIRoute):
    """A route whose only dependency is one per-address limit (`ExplainLimit`, say), counted
    by hand instead of by FastAPI's per-request dependency solving, which cost explain, the
    extension's hottest call, a tenth of the request (docs/benchmarks.md). The signature still
    declares the limit, so the OpenAPI document stays as it is; the endpoint takes the
    `Request` and may take the `Response` whose headers carry the rate-limit fields, and
    returns its own `Response`. `app.dependency_overrides` does not reach these routes."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        dependant = self.dependant
        limits = dependant.dependencies
        params = (
            dependant.path_params,
            dependant.query_params,
            dependant.header_params,
            dependant.cookie_params,
            dependant.body_params,
        )
        request_name, response_name = dependant.request_param_name, dependant.response_param_name
        if (
            len(limits) != 1
            or limits[0].call not in _ADDRESS_LIMITS
            or limits[0].name is None
            or any(params)
            or request_name is None
        ):
            raise TypeError(f"{self.path}: an AddressLimitedRoute takes one address limit")
        count, limit_name = limits[0].call, limits[0].name
        endpoint: Callable[..., Awaitable[Any]] = self.endpoint

        async def handler(request: Request) -> Response:
            # As FastAPI makes the answer a route may add headers to: no status, no length.
            response = Response()
            del response.headers["content-length"]
            response.status_code = None  # type: ignore[assignment]
            await count(request, response, request.app.state.rate_limits)
            arguments: dict[str, Any] = {request_name: request, limit_name: None}
            if response_name is not None:
                arguments[response_name] = response
            answer = await endpoint(**arguments)
            if not isinstance(answer, Response):
                raise TypeError(f"{self.path}: an AddressLimitedRoute returns its own Response")
            return answer

        return handler
