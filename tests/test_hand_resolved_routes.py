"""The hand-resolved route classes take only the shape they resolve: a route with any other
input would silently get nothing from FastAPI, so it is refused when it is declared."""

from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.routing import APIRoute

from api.accounts.deps import SignedInReadDep, SignedInReadRoute
from api.config import Settings
from api.errors import install_problem_handlers
from api.ratelimits.deps import AddressLimitedRoute, ExplainLimit, JoinLimit
from api.ratelimits.service import RateLimits


def _declare(router: APIRouter, endpoint: Callable[..., Awaitable[Response]]) -> None:
    router.post("/x")(endpoint)
    FastAPI().include_router(router)


async def _limited_with_query(request: Request, _limit: ExplainLimit, q: str) -> Response:
    return Response()


async def _limited_twice(request: Request, _a: ExplainLimit, _b: JoinLimit) -> Response:
    return Response()


async def _join_limited(request: Request, _limit: JoinLimit) -> Response:
    return Response()


async def _read_with_body(read: SignedInReadDep, body: dict[str, str]) -> Response:
    return Response()


@pytest.mark.parametrize(
    ("route_class", "endpoint"),
    [
        (AddressLimitedRoute, _limited_with_query),  # a query parameter besides
        (AddressLimitedRoute, _limited_twice),  # two dependencies
        (AddressLimitedRoute, _join_limited),  # a limit that needs the caller, not one address
        (SignedInReadRoute, _read_with_body),  # a body besides
    ],
)
def test_a_route_with_inputs_the_class_does_not_resolve_is_refused(
    route_class: type[APIRoute], endpoint: Callable[..., Awaitable[Response]]
) -> None:
    with pytest.raises(TypeError, match="takes one of its dependencies"):
        _declare(APIRouter(route_class=route_class), endpoint)


async def test_the_limit_is_counted_and_its_fields_reach_the_answer() -> None:
    async def explain_like(request: Request, _limit: ExplainLimit, response: Response) -> Response:
        return Response(b"{}", headers=dict(response.headers))

    router = APIRouter(route_class=AddressLimitedRoute)
    router.post("/x")(explain_like)
    app = FastAPI()
    app.include_router(router)
    install_problem_handlers(app)
    settings = Settings(environment="test", explain_per_address_per_minute=2)
    app.state.rate_limits = RateLimits.from_settings(settings)
    transport = httpx.ASGITransport(app=app, client=("198.51.100.70", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        answers = [await client.post("/x") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[0].headers["ratelimit-policy"] == '"explain";q=2;w=60'
    assert answers[1].headers["ratelimit"].startswith('"explain";r=0;t=')
