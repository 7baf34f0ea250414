"""Cross-cutting HTTP guards, as pure ASGI middleware: body size limit and read deadline,
security headers and a bound on concurrent requests.

`EdgeMiddleware` does the per-request work every answer needs (request id and access log,
metrics, security headers, body limit and deadline) in one layer: one wrapper around `send`
instead of four, which matters on the hot reads, where each layer cost a few per cent of the
request.
"""

import asyncio
import json
import re
import time

from fastapi.routing import iter_route_contexts
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.db import RequestSlots
from api.errors import PROBLEM_MEDIA_TYPE, TYPE_PREFIX, problem_response
from api.ops.logging import REQUEST_ID_HEADER, access_log, request_id_of
from api.ops.metrics import Metrics
from api.ops.route_templates import UNMATCHED, RouteTemplates

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
# Answer without waiting for a request slot: liveness and metrics use no database, and
# readiness must say the slots are starved rather than queue behind them (it bounds its own
# database use, see api/ops/readiness.py).
UNLIMITED_PATHS = frozenset({"/healthz", "/metrics", "/readyz"})
# nginx's status for "the client closed the connection before the answer": logged and counted,
# never sent (there is no one left to send it to).
CLIENT_CLOSED_REQUEST = 499
_BEFORE_ROUTING = frozenset({408, 413, CLIENT_CLOSED_REQUEST})


class _ClientGone(Exception):
    """The client closed the connection while sending its body."""


class _TooLarge(Exception):
    """The body grew past the limit while arriving (a chunked one)."""


async def _send_problem(
    send: Send, status: int, code: str, title: str, detail: str, *, close: bool = False
) -> None:
    body = json.dumps(
        {"type": TYPE_PREFIX + code, "title": title, "status": status, "detail": detail}
    ).encode()
    headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    if close:  # the rest of the body may still be on its way: this connection is done
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_too_large(send: Send, max_bytes: int) -> None:
    await _send_problem(
        send,
        413,
        "payload-too-large",
        "The request body is too large",
        f"Send at most {max_bytes} bytes.",
        close=True,
    )


class ConcurrencyLimitMiddleware:
    """At most `limit` requests inside the app at once; the rest wait here, in the event loop,
    holding no thread and no database connection (see `api.db.request_slots`).

    `EdgeMiddleware` has read the whole body before a request gets here, so a slot is never
    held while a client trickles its body in; and the slot is given back as the answer's last
    part is handed to the server, so none is held while a slow client reads its answer."""

    def __init__(self, app: ASGIApp, limit: int = 0, *, slots: RequestSlots | None = None) -> None:
        self.app = app
        self.slots = slots or RequestSlots(limit)
        self.limit = self.slots.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        slots = self.slots
        await slots.acquire()
        held = True

        async def send_then_free(message: Message) -> None:
            nonlocal held
            if held and message["type"] == "http.response.body" and not message.get("more_body"):
                held = False
                slots.release()
            await send(message)

        try:
            await self.app(scope, receive, send_then_free)
        finally:
            if held:
                slots.release()


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


async def _read_body(receive: Receive, max_bytes: int) -> bytes:
    """The whole body, however many messages it comes in."""
    message = await receive()
    if message["type"] != "http.request":
        raise _ClientGone
    body: bytes = message.get("body", b"")
    if not message.get("more_body", False):  # the usual case: one message
        if len(body) > max_bytes:
            raise _TooLarge
        return body
    chunks, received = [body], len(body)
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _ClientGone
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > max_bytes:
            raise _TooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the app the body read already, then waits for the disconnect
    (Starlette listens for it while streaming an answer)."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class EdgeMiddleware:
    """Outermost layer, all in one: an id per request (`X-Request-ID`, echoed back and logged),
    one access-log line and the request metrics (both by route template), the security
    headers, the body limit (413 before anything parses an oversized body) and the body's
    deadline: the whole body is read here, within `body_timeout` seconds (else 408 and the
    connection is closed), before the request goes on to wait for a database slot. A client
    that leaves half-way through its body is logged and counted as 499, not as an error.

    An unhandled error still answers a problem+json 500 with the security headers, and is
    re-raised so the server logs it."""

    def __init__(
        self, app: ASGIApp, *, metrics: Metrics, max_bytes: int, body_timeout: float = 10.0
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout
        self._templates = RouteTemplates()
        self._by_path: list[tuple[re.Pattern[str], set[str] | None, str]] | None = None
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
            if declared != 0:  # a body (declared, or chunked): read it all, within the deadline
                try:
                    async with asyncio.timeout(self.body_timeout):
                        body = await _read_body(receive, self.max_bytes)
                except TimeoutError:
                    await _send_problem(
                        send_with_headers,
                        408,
                        "request-timeout",
                        "The request body took too long",
                        f"Send the whole body within {self.body_timeout:g} seconds.",
                        close=True,
                    )
                    return
                except _ClientGone:
                    status = CLIENT_CLOSED_REQUEST
                    return
                except _TooLarge:
                    await _send_too_large(send_with_headers, self.max_bytes)
                    return
                receive = _replaying(body, receive)
            try:
                await self.app(scope, receive, send_with_headers)
            except Exception:
                # Starlette answers an unhandled error outside every middleware, so without
                # this the 500 would go out bare.
                if not response_started:
                    await _send_internal_error(send_with_headers)
                raise
        finally:
            elapsed = time.perf_counter() - started
            route = self._templates.of(scope)
            if route == UNMATCHED and status in _BEFORE_ROUTING:
                route = self._template_by_path(scope)
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

    def _template_by_path(self, scope: Scope) -> str:
        """The route template for a request answered here before routing (its body too large,
        too slow or abandoned), matched by path and method: rare, so a plain scan."""
        if self._by_path is None:
            self._by_path = [
                (compile_path(context.path_format)[0], context.methods, context.path_format)
                for context in iter_route_contexts(scope["app"].routes)
                if context.path_format
            ]
        for pattern, methods, template in self._by_path:
            if pattern.match(scope["path"]) and (not methods or scope["method"] in methods):
                return template
        return UNMATCHED


def _content_length(scope: Scope) -> int | None:
    """The declared length, -1 when it is not a number, None when the body is chunked (its
    bytes are counted as they arrive), 0 when the request has no body (HTTP/1.1 without either
    header)."""
    declared = 0
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

    def preflight_response(self, request_headers: Headers) -> Response:
        """Starlette's answer to a preflight; a refusal is a problem (403) that says what was
        refused in words, not a 400 in plain text."""
        answer = super().preflight_response(request_headers)
        if answer.status_code < 400:
            return answer
        refused = bytes(answer.body).decode().removeprefix("Disallowed CORS ").split(", ")
        reasons = {
            "origin": f"the origin {request_headers.get('origin', '')[:200]} may not call this "
            "service from a browser",
            "method": f"the method {request_headers.get('access-control-request-method', '')[:20]} "
            f"is not allowed (allowed: {', '.join(sorted(self.allow_methods))})",
            "headers": "a requested header is not allowed (allowed: "
            f"{', '.join(sorted(self.allow_headers))})",
            "private-network": "requests from a public page to a private network are not allowed",
        }
        detail = "; ".join(reasons.get(part, part) for part in refused)
        headers = {
            name: value
            for name, value in answer.headers.items()
            if name not in ("content-length", "content-type")
        }
        return problem_response(
            403,
            "cors-refused",
            "This cross-origin request is not allowed",
            detail[:1].upper() + detail[1:] + ".",
            headers=headers,
        )


_VARY_ORIGIN = (b"vary", b"Origin")
