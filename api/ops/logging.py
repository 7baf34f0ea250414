"""Structured logs: JSON lines, one per request (method, route template, status, duration,
request id; written by `api.middleware.EdgeMiddleware`) plus the service's own messages. Never a
query string, a body or a credential: routes are logged as their templates
(`/v1/receipts/{receipt_id}`), so no id or handle either.

A request answered with an error also carries `error_type` (the exception behind it) and
`problem` (its problem code); any line with a traceback carries `error_type`. Security events
are WARNING lines with a stable `event` name, written where they happen (docs/operations.md
lists them)."""

import inspect
import json
import logging
import os
import re
import sys
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

from api.errors import TYPE_PREFIX

access_log = logging.getLogger("api.requests")
REQUEST_ID_HEADER = b"x-request-id"
# A caller's own request id is kept only if it is short and plain (it is echoed and logged).
_CALLER_REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{8,64}")
# The attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "color_message",  # uvicorn's ANSI-coloured copy of the message
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the record's `extra=` fields at the top level."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= {k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS}
        if record.exc_info:
            error = record.exc_info[1]
            if error is not None:
                entry.setdefault("error_type", _type_name(error))
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def log_config(level: str) -> dict[str, Any]:
    """`logging.config.dictConfig` for the service and uvicorn, its access log off.

    Third-party loggers stay at WARNING whatever `level` says: SQLAlchemy at INFO or DEBUG
    would write statements with their parameters, i.e. people's data."""
    ours = level.upper()
    handler = {"handlers": ["stderr"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "api": {**handler, "level": ours},
            "uvicorn": {**handler, "level": ours},
            "uvicorn.error": {"level": ours},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }


def request_id_of(scope: Scope) -> str:
    """The caller's own `X-Request-ID` if it is short and plain, else a new random one."""
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER and _CALLER_REQUEST_ID.fullmatch(value):
            return bytes(value).decode()
    return os.urandom(16).hex()


# The error behind the current request's answer, noted by its exception handler:
# (request id, error type, problem code). Keyed by the request id, so a note left behind in a
# task that serves several requests (a test client) never labels another request.
_NOTED: ContextVar[tuple[str, str, str] | None] = ContextVar("ai_optout_error", default=None)
# Answers `EdgeMiddleware` gives itself, before any handler runs.
_EDGE_PROBLEMS = {
    408: ("RequestTimeout", "request-timeout"),
    413: ("PayloadTooLarge", "payload-too-large"),
    499: ("ClientGone", "client-closed-request"),
}
Handler = Callable[[Request, Exception], Response | Awaitable[Response]]


def _type_name(error: BaseException) -> str:
    kind = type(error)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def _problem_code(response: Response) -> str:
    """The problem code in an error answer (`rate-limited`), or "" when it holds none."""
    try:
        kind = json.loads(bytes(response.body)).get("type", "")
    except (AttributeError, ValueError):
        return ""
    return kind.removeprefix(TYPE_PREFIX) if isinstance(kind, str) else ""


def note_problem(scope: Scope, error_type: str, problem: str) -> None:
    """Name the error behind this request's answer in its access-log line: for a middleware
    that writes a problem itself, raising nothing (exception handlers are noted already)."""
    request_id = scope.get("state", {}).get("request_id")
    if request_id is not None:
        _NOTED.set((request_id, error_type, problem))


# Problems that are also security events, by problem code: logged here, where every answer
# passes, so the domain raising them needs no logging of its own. Never with the problem's
# detail, which can name the profile.
_SECURITY_PROBLEMS = {
    "profile-proved-by-another-account": (
        "profile_proof.conflict",
        "a profile another account has proved was claimed",
    ),
}
security_log = logging.getLogger("api.security")


def _noting(handler: Handler) -> Handler:
    async def noted(request: Request, error: Exception) -> Response:
        answer = handler(request, error)
        response = await answer if inspect.isawaitable(answer) else answer
        problem = _problem_code(response)
        note_problem(request.scope, _type_name(error), problem)
        event = _SECURITY_PROBLEMS.get(problem)
        if event is not None:
            security_log.warning(event[1], extra={"event": event[0]})
        return response

    return noted


def note_errors(app: Starlette) -> None:
    """Have every exception handler installed so far note the error it answers, for the
    request's access-log line. Call after the handlers are installed."""
    for key, handler in list(app.exception_handlers.items()):
        app.exception_handlers[key] = _noting(handler)


class _ErrorFields(logging.Filter):
    """Adds `error_type` and `problem` to the access-log line of a request answered 4xx/5xx."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status", 0)
        if not isinstance(status, int) or status < 400:
            return True
        noted = _NOTED.get()
        error = sys.exception()  # an unhandled error, logged on its way out of the middleware
        if noted is not None and noted[0] == getattr(record, "request_id", None):
            record.error_type, record.problem = noted[1], noted[2]
        elif error is not None:
            record.error_type, record.problem = _type_name(error), "internal"
        elif status in _EDGE_PROBLEMS:
            record.error_type, record.problem = _EDGE_PROBLEMS[status]
        else:  # a route or middleware wrote its own error answer and noted nothing
            record.error_type, record.problem = "none", f"http-{status}"
        return True


access_log.addFilter(_ErrorFields())
