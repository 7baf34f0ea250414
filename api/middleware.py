"""Cross-cutting HTTP guards, as pure ASGI middleware: body size limit, security headers and a
bound on concurrent requests.

`EdgeMiddleware` does the per-request work every answer needs (request id and access log,
metrics, security headers, body limit) in one layer: one wrapper around `send` instead of four,
which matters on the hot reads, where each layer cost a few per cent of the request.
"""

import asyncio
import json
import time

from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import PROBLEM_MEDIA_TYPE, TYPE_PREFIX
from api.ops.logging import REQUEST_ID_HEADER, access_log, request_id_of
from api.ops.metrics import Metrics
from api.ops.route_templates import RouteTemplates

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-site"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
]
# The docs page loads its own scripts; everything else is JSON and needs nothing.
API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc")
UNLIMITED_PATHS = frozenset({"/healthz", "/metrics"})


class _TooLarge(HTTPException):
    """Raised from `receive`: FastAPI passes an HTTPException through where it would turn any
    other error while reading the body into a 400."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"Send at most {max_bytes} bytes.")


async def _send_too_large(send: Send, max_bytes: int) -> None:
    body = json.dumps(
        {
            "type": TYPE_PREFIX + "payload-too-large",
            "title": "The request body is too large",
            "status": 413,
            "detail": f"Send at most {max_bytes} bytes.",
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class ConcurrencyLimitMiddleware:
    """At most `limit` requests inside the app at once; the rest wait here, in the event loop,
    holding no thread and no database connection (see `api.db.request_slots`)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self._slots: asyncio.Semaphore | None = None  # made in the serving event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Liveness and metrics use no database and must answer while the app is saturated.
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        async with self._slots:
            await self.app(scope, receive, send)


async def _send_internal_error(send: Send) -> None:
    body = json.dumps(
        {"type": TYPE_PREFIX + "internal", "title": "Internal error", "status": 500}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class EdgeMiddleware:
    """Outermost layer, all in one: an id per request (`X-Request-ID`, echoed back and logged),
    one access-log line and the request metrics (both by route template), the security
    headers, and the body limit (413 before anything parses an oversized body).

    An unhandled error still answers a problem+json 500 with the security headers, and is
    re-raised so the server logs it."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, max_bytes: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_bytes = max_bytes
        self._templates = RouteTemplates()
        self._api_headers = [*SECURITY_HEADERS, API_CSP]
        self._docs_headers = list(SECURITY_HEADERS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_of(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        extra = self._docs_headers if scope["path"].startswith(DOCS_PATHS) else self._api_headers
        extra = [*extra, (REQUEST_ID_HEADER, request_id.encode())]
        status = 500
        response_started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                headers = message.get("headers", [])
                # A route that sets its own, stricter policy (the printable letter) keeps it.
                if any(name.lower() == API_CSP[0] for name, _ in headers):
                    message["headers"] = [*headers, *(h for h in extra if h is not API_CSP)]
                else:
                    message["headers"] = [*headers, *extra]
            await send(message)

        try:
            declared = _content_length(scope)
            if declared is not None and (declared < 0 or declared > self.max_bytes):
                await _send_too_large(send_with_headers, self.max_bytes)
                return
            # With a valid Content-Length the server delivers no more than that; otherwise
            # (chunked) count what arrives.
            inner_receive = receive if declared is not None else self._limited(receive)
            try:
                await self.app(scope, inner_receive, send_with_headers)
            except _TooLarge:
                if not response_started:
                    await _send_too_large(send_with_headers, self.max_bytes)
            except Exception:
                # Starlette answers an unhandled error outside every middleware, so without
                # this the 500 would go out bare.
                if not response_started:
                    await _send_internal_error(send_with_headers)
                raise
        finally:
            elapsed = time.perf_counter() - started
            route = self._templates.of(scope)
            self.metrics.observe(scope["method"], route, status, elapsed)
            if access_log.isEnabledFor(20):  # INFO
                access_log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                        "request_id": request_id,
                    },
                )

    def _limited(self, receive: Receive) -> Receive:
        received = 0
        max_bytes = self.max_bytes

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _TooLarge(max_bytes)
            return message

        return limited_receive


def _content_length(scope: Scope) -> int | None:
    """The declared length, -1 when it is not a number, None when the body is chunked or the
    request declares none (then its bytes are counted as they arrive)."""
    declared = None
    for name, value in scope["headers"]:
        if name == b"content-length":
            declared = int(value) if value.isdigit() else -1
        elif name == b"transfer-encoding":
            return None
    return declared


class OriginCORSMiddleware(CORSMiddleware):
    """Starlette's CORS handling for requests that carry an `Origin`; the rest (the extension's
    background worker, scripts, servers) pass straight through with only `Vary: Origin` added,
    the one header Starlette would add to them, without its per-request header objects."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not any(name == b"origin" for name, _ in scope["headers"]):

            async def send_with_vary(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", []), _VARY_ORIGIN]
                await send(message)

            await self.app(scope, receive, send_with_vary)
            return
        await super().__call__(scope, receive, send)


_VARY_ORIGIN = (b"vary", b"Origin")
