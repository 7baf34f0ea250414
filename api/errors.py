"""One error hierarchy, rendered in one place as RFC 9457 `application/problem+json`."""

from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

PROBLEM_MEDIA_TYPE = "application/problem+json"
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


class PayloadTooLarge(ProblemError):
    status, code, title = 413, "payload-too-large", "The request body is too large"


class RateLimited(ProblemError):
    status, code, title = 429, "rate-limited", "Too many requests"


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


def problem_responses(*errors: type[ProblemError]) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry a route declares for the problems it can answer with."""
    documented: dict[int | str, dict[str, Any]] = {}
    for error in errors:
        documented[error.status] = {
            "model": Problem,
            "description": error.title,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    return documented


def _field_path(location: tuple[int | str, ...]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        head, rest = parts[0], parts[1:]
        return ".".join(rest) if head == "body" and rest else ".".join(parts)
    return ".".join(parts)


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(exc.status, exc.code, exc.title, exc.detail, headers=exc.headers)


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldError(field=_field_path(tuple(error.get("loc", ()))), message=str(error.get("msg")))
        for error in exc.errors()
    ]
    return problem_response(
        422, "validation", "The request is not valid", "See `errors` for each field.", errors
    )


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not-found", 405: "method-not-allowed", 413: "payload-too-large"}
    code = codes.get(exc.status_code, f"http-{exc.status_code}")
    return problem_response(exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {}))


async def _on_unexpected(_request: Request, _exc: Exception) -> JSONResponse:
    # The cause goes to the log by the server; the client learns nothing internal.
    return problem_response(500, "internal", "Internal error")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)
