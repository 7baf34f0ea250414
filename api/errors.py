"""One error hierarchy, rendered in one place as RFC 9457 `application/problem+json`."""

import logging
import sqlite3
from functools import cache
from typing import Any, ClassVar

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

log = logging.getLogger(__name__)
PROBLEM_MEDIA_TYPE = "application/problem+json"
# The security scheme of routes where a person's token is optional (api/deps.py).
OPTIONAL_BEARER_SCHEME = "HTTPBearerOptional"
TYPE_PREFIX = "urn:ai-optout:problem:"


class FieldError(BaseModel):
    """One offending input field: a dotted path into the request, and what is wrong with it."""

    field: str
    message: str


class Problem(BaseModel):
    """The body of every error response (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] | None = None


class ProblemError(Exception):
    """A domain error: a stable code and an HTTP status. Subclasses set both."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"
    # True for an error whose side effects must stand (e.g. revoking a replayed token).
    keeps_changes: ClassVar[bool] = False

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.headers = headers or {}


class Unauthorized(ProblemError):
    status, code, title = 401, "unauthorized", "Missing, invalid or expired credentials"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="ai-optout"'})


class Forbidden(ProblemError):
    status, code, title = 403, "forbidden", "These credentials may not do this"


class NotFound(ProblemError):
    status, code, title = 404, "not-found", "No such resource"


class Conflict(ProblemError):
    status, code, title = 409, "conflict", "The request conflicts with the current state"


class PreconditionFailed(ProblemError):
    status, code, title = 412, "precondition-failed", "The resource changed since you read it"


class PreconditionRequired(ProblemError):
    status, code, title = 428, "precondition-required", "Send If-Match with the ETag you read"


class UnsupportedMediaType(ProblemError):
    status, code, title = 415, "unsupported-media-type", "This body's media type is not accepted"


class PayloadTooLarge(ProblemError):
    status, code, title = 413, "payload-too-large", "The request body is too large"


class RateLimited(ProblemError):
    status, code, title = 429, "rate-limited", "Too many requests"


class StorageUnavailable(ProblemError):
    status, code, title = 503, "storage-unavailable", "The service cannot store or read data now"


# What a database error says about the storage, by kind; None for everything else (a bug, or
# the input's fault), which stays a 500.
DISK_FULL, READ_ONLY, UNREACHABLE, BUSY = "disk-full", "read-only", "unreachable", "busy"
_SQLITE_TROUBLE = {  # primary result codes (the low byte of the extended code)
    sqlite3.SQLITE_FULL: DISK_FULL,
    sqlite3.SQLITE_READONLY: READ_ONLY,
    sqlite3.SQLITE_IOERR: UNREACHABLE,
    sqlite3.SQLITE_CANTOPEN: UNREACHABLE,
    sqlite3.SQLITE_BUSY: BUSY,
    sqlite3.SQLITE_LOCKED: BUSY,
}
_POSTGRES_TROUBLE = {  # SQLSTATEs; class 08 (connection exceptions) is handled below
    "53100": DISK_FULL,  # disk_full
    "25006": READ_ONLY,  # read_only_sql_transaction (a standby, or a database made read-only)
    "57P01": UNREACHABLE,  # admin_shutdown
    "57P02": UNREACHABLE,  # crash_shutdown
    "57P03": UNREACHABLE,  # cannot_connect_now (starting up, shutting down)
    "53200": BUSY,  # out_of_memory
    "53300": BUSY,  # too_many_connections
    "55P03": BUSY,  # lock_not_available
}
_STORAGE_DETAIL = {
    DISK_FULL: "The service's storage is full, so nothing was saved. Try again later.",
    READ_ONLY: "The service's storage is read-only for now, so nothing was saved. Try again later.",
    UNREACHABLE: "The service cannot reach its database. If you were saving something, read it "
    "back before sending it again.",
    BUSY: "The service's database is too busy, so nothing was saved. Try again shortly.",
}
STORAGE_RETRY_AFTER_SECONDS = 5


def storage_trouble(error: BaseException) -> str | None:
    """The kind of storage trouble behind a database error (`DISK_FULL`, `READ_ONLY`,
    `UNREACHABLE`, `BUSY`), or None when the error is not about the storage."""
    if isinstance(error, PoolTimeout):  # no connection came free in time
        return BUSY
    cause: BaseException | None = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        return None if code is None else _SQLITE_TROUBLE.get(code & 0xFF)
    if isinstance(cause, psycopg.Error):
        state = cause.sqlstate
        if state is None:  # refused, reset or closed: the driver never got an answer
            return UNREACHABLE if isinstance(cause, psycopg.OperationalError) else None
        return UNREACHABLE if state.startswith("08") else _POSTGRES_TROUBLE.get(state)
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return UNREACHABLE
    return None


def problem_response(
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=TYPE_PREFIX + code, title=title, status=status, detail=detail, errors=errors
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


# The `detail` an error's documented example shows when the route names the class alone; a
# route passes an instance (`NotFound("You have no receipt with this id.")`) to show its own.
EXAMPLE_DETAILS = {
    400: "The request cannot be used as sent.",
    401: "The access token has expired; refresh it.",
    403: "This needs the scope checks:read.",
    404: "Nothing of yours has this id.",
    409: "Read the current state and try again.",
    410: "Ask for a new one.",
    412: "Read it again (GET) and send its new ETag in If-Match.",
    413: "Send at most 1048576 bytes.",
    415: "Send the body as application/json, and say so in `Content-Type`.",
    422: "See the operation's description for what is accepted.",
    428: "Send `If-Match` with the ETag from your last read.",
    429: "Too many requests; try again in 42 seconds.",
    502: "The other service answered with something unusable; try again later.",
    503: "The service's database is too busy, so nothing was saved. Try again shortly.",
}


def problem_example(error: type[ProblemError] | ProblemError) -> dict[str, Any]:
    """The body the service sends for `error`, as the OpenAPI document shows it."""
    detail = error.detail if isinstance(error, ProblemError) else None
    return Problem(
        type=TYPE_PREFIX + error.code,
        title=error.title,
        status=error.status,
        detail=detail or EXAMPLE_DETAILS.get(error.status),
    ).model_dump(exclude_none=True)


def problem_responses(
    *errors: type[ProblemError] | ProblemError,
) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry a route declares for the problems it can answer with: one
    response per status, with an example per error (named by its code)."""
    documented: dict[int | str, dict[str, Any]] = {}
    for error in errors:
        response = documented.setdefault(
            error.status,
            {
                "model": Problem,
                "description": error.title,
                "content": {
                    PROBLEM_MEDIA_TYPE: {
                        "schema": {"$ref": "#/components/schemas/Problem"},
                        "examples": {},
                    }
                },
            },
        )
        if error.title not in response["description"]:
            response["description"] += f"; or: {error.title}"
        examples = response["content"][PROBLEM_MEDIA_TYPE]["examples"]
        examples[error.code] = {"summary": error.title, "value": problem_example(error)}
    return documented


# Pydantic names the member of a union it tried (`literal['all']`, `list[str]`, `str`, a model's
# class name) and the validator that failed (`function-after[...]`): not a field a person
# wrote, so they are left out of the field's name (unless a model has a field of that name).
_UNION_MEMBER_TAGS = frozenset(
    {
        *("str", "int", "float", "bool", "none", "bytes", "date", "datetime", "time"),
        *("timedelta", "decimal", "uuid", "url", "multi-host-url", "json", "any", "enum"),
        *("list", "dict", "set", "frozenset", "tuple", "generator", "callable"),
        *("constrained-str", "constrained-int", "constrained-float", "constrained-bytes"),
        "constrained-decimal",
    }
)


@cache  # every model is defined by the time a request is validated
def _model_names() -> tuple[frozenset[str], frozenset[str]]:
    """Every pydantic model's class name (pydantic's tag for a model in a union), and every
    field name a model on the wire has (a field called `url` is a field, not a tag). Only the
    wire's models (`api/*/schemas.py`) name fields: a data file's model with a `date` field
    must not make the `date` tag of a request's union look like a field."""
    names: set[str] = set()
    fields: set[str] = set()
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        for model in pending.pop().__subclasses__():
            names.add(model.__name__)
            if model.__module__.endswith(".schemas"):
                fields.update(info.alias or name for name, info in model.model_fields.items())
            pending.append(model)
    return frozenset(names), frozenset(fields)


def _field_path(location: tuple[int | str, ...]) -> str:
    """A field's name as the person wrote it: `items[3].platform`, `query.limit`, or `body`
    for the body as a whole; never pydantic's union tags (`scope.literal['all']`) or list
    positions as names (`ids.list[str].0`)."""
    models, fields = _model_names()
    path = ""
    for position, part in enumerate(location):
        if isinstance(part, int):
            path += f"[{part}]"
        elif position == 0 or part in fields or not _is_tag(part, models):
            path += f".{part}" if path else part
    head, _, rest = path.partition(".")
    if head == "body":  # the body's own fields are named plainly
        return rest or "body"
    return path or "body"


def _is_tag(part: str, models: frozenset[str]) -> bool:
    return "[" in part or part in _UNION_MEMBER_TAGS or part in models


def _field_message(error: Any, body: Any) -> str:
    """What is wrong, in the person's terms: a body that is not JSON says where it breaks."""
    if error.get("type") != "json_invalid":
        return str(error.get("msg"))
    reason = str((error.get("ctx") or {}).get("error", "")).strip()
    location = tuple(error.get("loc", ()))
    position = location[-1] if location and isinstance(location[-1], int) else None
    if position is not None and isinstance(body, str | bytes):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        where = f"line {line}, column {column}"
        reason = f"{where}: {reason}" if reason else where
    return f"The body is not valid JSON ({reason})." if reason else "The body is not valid JSON."


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.status, exc.code, exc.title, exc.detail, headers=exc.headers)


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # One entry per field: a union's members each fail, and say so in turn.
    messages: dict[str, list[str]] = {}
    for error in exc.errors():
        location = tuple(error.get("loc", ()))
        if error.get("type") == "json_invalid":  # its position is not a field's name
            location = location[:1] if location[:1] == ("body",) else ()
        found = messages.setdefault(_field_path(location), [])
        message = _field_message(error, exc.body)
        if message not in found:
            found.append(message)
    errors = [FieldError(field=field, message="; ".join(said)) for field, said in messages.items()]
    return problem_response(
        422, "validation", "The request is not valid", "See `errors` for each field.", errors
    )


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {
        400: "bad-request",
        404: "not-found",
        405: "method-not-allowed",
        413: "payload-too-large",
    }
    code = codes.get(exc.status_code, f"http-{exc.status_code}")
    headers = dict(exc.headers or {})
    if exc.status_code == PayloadTooLarge.status:  # a chunked body found too large mid-read
        return problem_response(413, code, PayloadTooLarge.title, str(exc.detail), headers=headers)
    return problem_response(exc.status_code, code, str(exc.detail), headers=headers)


async def _on_unstorable(_request: Request, _exc: Exception) -> JSONResponse:
    # The database refused a value the schema let through (PostgreSQL: a NUL character in text,
    # a number beyond the column's range). The session has rolled back; it is the input's fault.
    return problem_response(
        422,
        "unstorable-value",
        "A value in the request cannot be stored",
        "Text must not contain NUL characters and numbers must fit their documented range.",
    )


async def _on_database_error(request: Request, exc: Exception) -> JSONResponse:
    trouble = storage_trouble(exc)
    if trouble is None:
        raise exc  # a bug, not the storage: the 500 below, and its traceback in the log
    # The kind and the driver's error class only: its message can quote the statement.
    cause = exc.orig if isinstance(exc, DBAPIError) else exc
    log.warning("storage unavailable: %s (%s)", trouble, type(cause).__name__)
    settings = getattr(request.app.state, "settings", None)
    retry_after = getattr(settings, "storage_retry_after_seconds", STORAGE_RETRY_AFTER_SECONDS)
    error = StorageUnavailable(_STORAGE_DETAIL[trouble], headers={"Retry-After": str(retry_after)})
    return await _on_problem(request, error)


async def _on_unexpected(_request: Request, _exc: Exception) -> JSONResponse:
    # The cause goes to the log by the server; the client learns nothing internal.
    return problem_response(500, "internal", "Internal error")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(DataError, _on_unstorable)
    # Storage trouble is a 503 with Retry-After, not a 500: wrapped by SQLAlchemy, or raised by
    # a driver directly on the hot reads' own connections (`api.raw_query.RawQuery`).
    for database_error in (DBAPIError, PoolTimeout, sqlite3.Error, psycopg.Error):
        app.add_exception_handler(database_error, _on_database_error)
    app.add_exception_handler(Exception, _on_unexpected)
