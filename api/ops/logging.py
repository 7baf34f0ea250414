"""Structured logs: JSON lines, one per request (method, route template, status, duration,
request id; written by `api.middleware.EdgeMiddleware`) plus the service's own messages. Never a
query string, a body or a credential: routes are logged as their templates
(`/v1/receipts/{receipt_id}`), so no id or handle either."""

import json
import logging
import os
import re
from datetime import UTC, datetime
from typing import Any

from starlette.types import Scope

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
