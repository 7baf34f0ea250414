"""Starting whatever state the database is in.

The process comes up even when its database is unreachable or not migrated: `/healthz` answers,
`/readyz` says what is wrong and what fixes it, and the data routes answer 503. The work that
needs the database (the signing key, the check index, the background workers) starts as soon as
it can, tried again every `RETRY_SECONDS`, so the service recovers by itself once an operator
runs `ai-optout migrate` or the server comes back.
"""

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

import psycopg
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import problem_response
from api.ops.logging import note_problem

log = logging.getLogger(__name__)
RETRY_SECONDS = 1.0
# What the gate holds back: everything that reads or writes people's data or the keys. Health,
# readiness, metrics and the documentation stay open.
GATED_PREFIXES = ("/v1/", "/.well-known/jwks.json")
# What start-up may fail on while the database is away or not migrated; anything else is a bug
# and stops the process as before. Raw driver errors come from the hot paths' own reads.
DATABASE_ERRORS = (SQLAlchemyError, sqlite3.Error, psycopg.Error)


class Startup:
    """Whether the database-backed work has started, and since when it has been waiting."""

    def __init__(self, *, started: bool = False) -> None:
        self.started = started
        self.waiting_since = time.monotonic()
        self.failure: str | None = None  # the last attempt's error, for the log

    @classmethod
    def after(cls, prime: Callable[[], None]) -> "Startup":
        """Run `prime` while the app is built (tests serve it without a lifespan): started if
        it worked; if the database is not ready for it, the lifespan tries again."""
        startup = cls()
        try:
            prime()
        except DATABASE_ERRORS as error:
            startup.failed(error)
            log.warning(
                "the database is not ready at start: %s (see /readyz)",
                startup.failure,
                extra={"error_type": type(error).__name__},
            )
        else:
            startup.started = True
        return startup

    def waited(self) -> float:
        return time.monotonic() - self.waiting_since

    def failed(self, error: BaseException) -> bool:
        """Note a failed attempt; True when its reason differs from the last one's."""
        self.started = False
        said = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        changed, self.failure = said != self.failure, said
        return changed


@asynccontextmanager
async def started_when_ready(
    startup: Startup,
    prime: Callable[[], None],
    work: Callable[[], AbstractAsyncContextManager[None]],
    retry_seconds: float = RETRY_SECONDS,
) -> AsyncIterator[None]:
    """Lifespan: run `prime` (blocking, in a thread) and enter `work` now if the database allows;
    otherwise serve at once and keep trying in the background until it does."""
    stack = AsyncExitStack()

    async def attempt() -> bool:
        try:
            await asyncio.to_thread(prime)
            await stack.enter_async_context(work())
        except DATABASE_ERRORS as error:
            if startup.failed(error):
                log.warning(
                    "start-up waits for the database: %s (see /readyz)",
                    startup.failure,
                    extra={"error_type": type(error).__name__},
                )
            return False
        startup.started = True
        return True

    # Tried again at once only if priming worked while the app was built; if it failed just
    # now, waiting out another connect timeout would only delay serving /healthz.
    if startup.started and await attempt():
        try:
            yield
        finally:
            await stack.aclose()
        return

    stop = asyncio.Event()

    async def keep_trying() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=retry_seconds)
            if not stop.is_set() and await attempt():
                log.info("start-up done after %.0f s waiting for the database", startup.waited())
                return

    task = asyncio.create_task(keep_trying(), name="start-up")
    try:
        yield
    finally:
        stop.set()
        await task  # an attempt in flight ends within the database's connect timeout
        await stack.aclose()


class StartupGate:
    """ASGI middleware: until start-up is done, the data routes answer 503 `not-ready` at once,
    rather than failing one by one on missing tables (or answering checks from an empty index)."""

    def __init__(self, app: ASGIApp, *, startup: Startup, retry_after: int) -> None:
        self.app = app
        self.startup = startup
        self.retry_after = str(retry_after)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.startup.started
            or scope["type"] != "http"
            or not scope["path"].startswith(GATED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        note_problem(scope, "NotStarted", "not-ready")  # for the access log
        response = problem_response(
            503,
            "not-ready",
            "The service is not ready",
            "The service is starting and cannot read or store data yet. Try again shortly.",
            headers={"Retry-After": self.retry_after},
        )
        await response(scope, receive, send)
