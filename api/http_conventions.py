"""HTTP as clients expect it, for every route at once, as one pure ASGI layer:

- `HEAD` answers wherever `GET` does: the request goes on as a GET and the answer keeps the
  GET's status and headers (`Content-Length`, `ETag` included) but not its body (RFC 9110 9.3.2).
- A body sent with a media type the operation does not take is a 415 problem naming the one
  it does (JSON, or JSON Merge Patch for a PATCH), before anything parses or validates it.

The media types an operation takes are the ones it documents: its body parameter's, or the
`requestBody` of its `openapi_extra` (routes that parse their own body). Nothing is looked up
on the usual request (a JSON body, for a method whose every operation takes JSON): the route
table is scanned only for the rare other one, so the check costs the hot writes one header
scan.
"""

import re

from fastapi.routing import iter_route_contexts
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import UnsupportedMediaType, problem_response

JSON = "application/json"
_Operation = tuple[re.Pattern[str], frozenset[str], frozenset[str]]


class HttpConventionsMiddleware:
    """`HEAD` as `GET` without the body, and 415 for a body of a media type not taken."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._operations: list[_Operation] | None = None
        # Methods whose every operation takes JSON (or no body): a JSON body needs no look-up.
        self._json_only: frozenset[str] = frozenset()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "HEAD":
            # The same scope, so the layers outside see the route that answered; they log
            # and count the request as the HEAD it was.
            scope["method"] = "GET"
            try:
                await self.app(scope, receive, _without_body(send))
            finally:
                scope["method"] = "HEAD"
            return
        if method in ("GET", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        has_body, media_type = _body_and_media_type(scope)
        if has_body and (media_type != JSON or method not in self._json_only):
            taken = self._media_types(scope)
            if taken and media_type not in taken:
                await _refuse(scope, receive, send, method, taken)
                return
        await self.app(scope, receive, send)

    def _media_types(self, scope: Scope) -> frozenset[str]:
        """The media types the operation at this path and method takes; empty when it takes
        no body (or no route matches, which routing answers)."""
        if self._operations is None:
            self._operations = _operations_of(scope)
            self._json_only = frozenset(
                method
                for method in ("POST", "PUT", "PATCH", "DELETE")
                if all(
                    taken <= {JSON} for _, methods, taken in self._operations if method in methods
                )
            )
        path, method = scope["path"], scope["method"]
        for pattern, methods, media_types in self._operations:
            if method in methods and pattern.match(path):
                return media_types
        return frozenset()


def _operations_of(scope: Scope) -> list[_Operation]:
    operations: list[_Operation] = []
    for context in iter_route_contexts(scope["app"].routes):
        if not context.path_format or not context.methods:
            continue
        taken: set[str] = set()
        body_field = getattr(context, "body_field", None)
        if body_field is not None:
            taken.add(str(getattr(body_field.field_info, "media_type", JSON)).lower())
        extra = getattr(context, "openapi_extra", None) or {}
        taken.update(name.lower() for name in extra.get("requestBody", {}).get("content", {}))
        pattern = compile_path(context.path_format)[0]
        operations.append((pattern, frozenset(context.methods), frozenset(taken)))
    return operations


def _body_and_media_type(scope: Scope) -> tuple[bool, str]:
    """Whether the request has a body (a length above 0, or chunked), and the media type it
    says the body has, lower-case without parameters ("" when it says none)."""
    has_body, media_type = False, ""
    for name, value in scope["headers"]:
        if name == b"content-length":
            has_body = value.strip() not in (b"0", b"")
        elif name == b"transfer-encoding":
            has_body = True
        elif name == b"content-type":
            media_type = value.split(b";", 1)[0].strip().lower().decode("latin-1")
    return has_body, media_type


async def _refuse(
    scope: Scope, receive: Receive, send: Send, method: str, taken: frozenset[str]
) -> None:
    names = " or ".join(f"`{name}`" for name in sorted(taken))
    headers = {"Accept-Patch": ", ".join(sorted(taken))} if method == "PATCH" else None
    error = UnsupportedMediaType(f"Send the body as {names}, and say so in `Content-Type`.")
    response = problem_response(
        error.status, error.code, error.title, error.detail, headers=headers
    )
    await response(scope, receive, send)


def _without_body(send: Send) -> Send:
    """A `send` that passes the answer's start (status and headers) and drops its body."""

    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head
