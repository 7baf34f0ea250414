"""Cross-cutting HTTP guards, as pure ASGI middleware: body size limit, security headers and a
bound on concurrent requests."""

import asyncio
import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import PROBLEM_MEDIA_TYPE, TYPE_PREFIX

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


class BodyLimitMiddleware:
    """Refuse bodies over `max_bytes` with 413 before anything parses them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and (not value.isdigit() or int(value) > self.max_bytes):
                await _send_too_large(send, self.max_bytes)
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_too_large(send, self.max_bytes)


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


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(SECURITY_HEADERS)
        if not scope["path"].startswith(DOCS_PATHS):
            extra.append(API_CSP)

        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                # A route that sets its own, stricter policy (the printable letter) keeps it.
                own_csp = any(name.lower() == API_CSP[0] for name, _ in headers)
                message["headers"] = headers + [h for h in extra if not (own_csp and h is API_CSP)]
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            # Starlette answers an unhandled error outside every middleware, so without this the
            # 500 would go out bare. Re-raised so the server still logs it.
            if not started:
                await _send_internal_error(with_headers)
            raise


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
