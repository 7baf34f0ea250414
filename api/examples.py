"""The one way a route gives the API docs its examples (api/openapi.py puts them in place).

A leaf module: each domain's `examples.py` imports it, and it imports nothing of the service."""

import json
from typing import Any

# Where `examples(...)` leaves an operation's examples for api/openapi.py to put in place.
EXAMPLES_KEY = "x-ai-optout-examples"


def examples(
    *,
    request: Any = None,
    parameters: dict[str, Any] | None = None,
    text: str | dict[str, str] | None = None,
    **answers: Any,
) -> dict[str, Any]:
    """The `openapi_extra` of a route with these examples: its body (`request`), its path, query
    and header `parameters` by name, each success answer by status (`ok=` for 200, `created=`
    201, `accepted=` 202), and the `text` of a success answer served as text (by media type
    when there are several)."""
    statuses = {"ok": "200", "created": "201", "accepted": "202"}
    unknown = set(answers) - set(statuses)
    if unknown:
        raise TypeError(f"unknown answers {sorted(unknown)}: use {sorted(statuses)}")
    documented: dict[str, Any] = {
        "responses": {statuses[name]: value for name, value in answers.items()}
    }
    for name, value in (("request", request), ("parameters", parameters), ("text", text)):
        if value is not None:
            documented[name] = value
    # As JSON text: FastAPI drops every null from `openapi_extra`, and examples keep theirs.
    return {EXAMPLES_KEY: json.dumps(documented)}
