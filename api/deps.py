"""Dependencies every route states in its signature: its one session, settings and shared parts.

A request has one unit of work: `SessionDep` (it writes) or `ReadSessionDep` (it only reads;
on SQLite it does not queue behind writers). The write path's own routes (api/changes/) take
`WriteUnitDep` instead: the same unit, opened, used and committed in one trip to the thread
pool rather than three (the dependency's entry, the route, the dependency's exit). Who is
calling is checked before it opens, with one short read (`api/accounts/deps.py`), so a
request never holds two connections at once.
"""

from collections.abc import Awaitable, Callable, Coroutine, Iterator
from typing import Annotated, Any, ClassVar, TypeVar

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api.config import Settings
from api.db import session_scope
from api.nudges import Nudges
from api.signing.keyring import KeyRing


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def get_keyring(request: Request) -> KeyRing:
    keyring: KeyRing = request.app.state.keyring
    return keyring


async def get_nudges(request: Request) -> Nudges:
    nudges: Nudges = request.app.state.nudges
    return nudges


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
KeyRingDep = Annotated[KeyRing, Depends(get_keyring)]
NudgesDep = Annotated[Nudges, Depends(get_nudges)]


def write_session(engine: EngineDep) -> Iterator[Session]:
    # The request owns the transaction: services only flush; this commits before the response
    # is sent (scope="function"), so a client never sees a write that is not on disk.
    with session_scope(engine, write=True) as session:
        yield session


def read_session(engine: EngineDep) -> Iterator[Session]:
    with session_scope(engine, write=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(write_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]

Written = TypeVar("Written")


class WriteUnit:
    """A write unit of work the route runs itself: `await unit.run(work)` opens the session,
    runs `work(session)`, commits (an acknowledged write is on disk) and runs what waits for
    the commit, all in one trip to the thread pool. Each trip cost about a tenth of a
    preference write's CPU (docs/benchmarks.md)."""

    __slots__ = ("engine",)

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def run(self, work: Callable[[Session], Written]) -> Written:
        return await run_in_threadpool(self._run, work)

    def _run(self, work: Callable[[Session], Written]) -> Written:
        with session_scope(self.engine, write=True) as session:
            return work(session)


async def write_unit(request: Request) -> WriteUnit:
    # The engine from the app itself, not through EngineDep: one resolved dependency less on
    # every write.
    return WriteUnit(request.app.state.engine)


WriteUnitDep = Annotated[WriteUnit, Depends(write_unit)]


# How a hand-resolved dependency is resolved: from the request, and the headers of the answer
# (a `Response` as FastAPI makes one for a route, or None where the route class needs none).
Resolver = Callable[[Request, Response | None], Awaitable[Any]]


class HandResolvedRoute(APIRoute):
    """A hot route whose one dependency is resolved by hand, not by FastAPI's per-request
    dependency solving, which cost the preference read a third of the request and explain a
    tenth (docs/benchmarks.md). The signature still declares the dependency, so the OpenAPI
    document stays as it is; `app.dependency_overrides` does not reach these routes.

    A subclass names the dependencies it resolves (`resolvers`) and whether they write headers
    of the answer (`answer_headers`); a route may take besides only its `Request` and its
    `Response`, and returns a `Response` of its own."""

    resolvers: ClassVar[dict[Callable[..., Any], Resolver]] = {}
    answer_headers: ClassVar[bool] = False

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        dependant = self.dependant
        dependencies = dependant.dependencies
        other_inputs = (
            dependant.path_params,
            dependant.query_params,
            dependant.header_params,
            dependant.cookie_params,
            dependant.body_params,
        )
        if (
            len(dependencies) != 1
            or dependencies[0].call not in self.resolvers
            or dependencies[0].name is None
            or any(other_inputs)
        ):
            raise TypeError(f"{self.path}: a {type(self).__name__} takes one of its dependencies")
        resolve, name = self.resolvers[dependencies[0].call], dependencies[0].name
        request_name, response_name = dependant.request_param_name, dependant.response_param_name
        with_headers = self.answer_headers or response_name is not None
        endpoint: Callable[..., Awaitable[Any]] = self.endpoint

        async def handler(request: Request) -> Response:
            response = _route_response() if with_headers else None
            arguments = {name: await resolve(request, response)}
            if request_name is not None:
                arguments[request_name] = request
            if response_name is not None:
                arguments[response_name] = response
            answer = await endpoint(**arguments)
            if not isinstance(answer, Response):
                raise TypeError(f"{self.path}: a {type(self).__name__} returns its own Response")
            return answer

        return handler


def _route_response() -> Response:
    """As FastAPI makes the answer a route may add headers to: no status, no length."""
    response = Response()
    del response.headers["content-length"]
    response.status_code = None  # type: ignore[assignment]
    return response
