"""What the OpenAPI document adds to FastAPI's own.

Routes that parse their own body (for speed) still document it: the body's schema goes into the
OpenAPI components, and the route names it in `openapi_extra`. And every error is documented as
it is served: a Problem as `application/problem+json` (api/errors.py renders them).

Examples, one way for every operation (tests/ops/test_openapi_examples.py holds each to it):
- errors: the route lists its error classes in `responses=problem_responses(...)`; each
  example is built from its class (type, title, status), so it cannot drift from what is
  served; an instance (`NotFound("You have no receipt with this id.")`) shows its own detail.
  The answers any operation can get (400/413/415/422 for a body, the Idempotency-Key's 409 and
  422, 429, 503) get theirs here, in `_problems_only`.
- the request and each success answer: the domain's `examples.py`, beside its `schemas.py`,
  builds them with `api.examples.examples(...)`, and the route passes them as `openapi_extra`; the
  pass here puts each where OpenAPI wants it (the body's media types, the parameters).
"""

import json
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from api.errors import (
    OPTIONAL_BEARER_SCHEME,
    PROBLEM_MEDIA_TYPE,
    PayloadTooLarge,
    Problem,
    ProblemError,
    RateLimited,
    StorageUnavailable,
    UnsupportedMediaType,
    problem_example,
)
from api.examples import EXAMPLES_KEY
from api.idempotency.sealing import InvalidIdempotencyKey
from api.idempotency.service import KeyInFlight, KeyReused

_REF = "#/components/schemas/{model}"


def json_body(model: type[BaseModel], *, required: bool = True) -> dict[str, Any]:
    """The `openapi_extra` of a route whose body is `model`, parsed by the route itself."""
    return {
        "requestBody": {
            "required": required,
            "content": {
                "application/json": {"schema": {"$ref": _REF.format(model=model.__name__)}}
            },
        }
    }


def document_bodies(app: FastAPI, *models: type[BaseModel]) -> None:
    """Add `models` (and the models they use) to the app's OpenAPI components."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for model in models:
            schema = model.model_json_schema(ref_template=_REF, mode="validation")
            schemas.update(schema.pop("$defs", {}))
            schemas[model.__name__] = schema
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]


_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
# Answers any operation that takes a body can get before its handler runs.
_BODY_PROBLEMS = {
    "400": "The body is not readable (e.g. not UTF-8)",
    "413": PayloadTooLarge.title,
    "415": "The body is not of the media type this operation takes (`Content-Type`)",
    "422": "The request is not valid; `errors` names each field",
}


def document_problems(app: FastAPI) -> None:
    """Make the OpenAPI document say what the service really does: every error is a Problem as
    `application/problem+json` (including FastAPI's own 422 and body errors), and routes where
    a token is optional say so."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        for path_item in document.get("paths", {}).values():
            for operation in path_item.values():
                _place_examples(operation)
                _problems_only(operation)
                _optional_bearer(operation)
                _location_on_created(operation)
        schemes = document.get("components", {}).get("securitySchemes", {})
        optional = schemes.pop(OPTIONAL_BEARER_SCHEME, None)
        if optional is not None:
            schemes.setdefault("HTTPBearer", optional)
        components = document.setdefault("components", {}).setdefault("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        for name, schema in _problem_schemas().items():
            components.setdefault(name, schema)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def _place_examples(operation: dict[str, Any]) -> None:
    """Put the examples a route gave `examples(...)` where OpenAPI shows them."""
    documented = json.loads(operation.pop(EXAMPLES_KEY, "{}"))
    if "request" in documented:
        for media in operation.get("requestBody", {}).get("content", {}).values():
            media["example"] = documented["request"]
    for parameter in operation.get("parameters", []):
        if parameter["name"] in documented.get("parameters", {}):
            parameter["example"] = documented["parameters"][parameter["name"]]
    for status, example in documented.get("responses", {}).items():
        content = operation["responses"][status].setdefault("content", {})
        content.setdefault("application/json", {})["example"] = example
    text = documented.get("text")
    if text is not None:
        status = next(s for s in operation["responses"] if s.startswith("2"))
        content = operation["responses"][status].setdefault("content", {})
        if not content:  # a route answering with its own Response names no media type
            content["text/plain"] = {"schema": {"type": "string"}}
        for media_type, media in content.items():
            if not media_type.endswith("json"):
                media["example"] = text if isinstance(text, str) else text[media_type]


def _problems_only(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    extra = _BODY_PROBLEMS if "requestBody" in operation else {}
    has_input = "requestBody" in operation or operation.get("parameters")
    for status, description in extra.items():
        responses.setdefault(status, {"description": description})
    if has_input:
        responses.setdefault("422", {"description": _BODY_PROBLEMS["422"]})
    for status, response in list(responses.items()):
        if status.startswith(("4", "5")):
            # Copied: other additions share one response object between operations.
            media = dict(response.get("content", {}).get(PROBLEM_MEDIA_TYPE, {}))
            found = dict(media.get("examples", {}))
            for code, example in _common_problems(operation, int(status)).items():
                found.setdefault(code, example)
            content = {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF, "examples": found}}
            responses[status] = {**response, "content": content}


def _common_problems(operation: dict[str, Any], status: int) -> dict[str, Any]:
    """The examples of the answers that do not come from the route's own errors."""
    idempotent = any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    errors: list[type[ProblemError] | ProblemError] = []
    if status == 400:
        errors.append(_Unreadable("The body is not valid UTF-8."))
    elif status == 409 and idempotent:
        errors.append(KeyInFlight)
    elif status == 413:
        errors.append(PayloadTooLarge("Send at most 1048576 bytes."))
    elif status == 415:
        errors.append(UnsupportedMediaType)
    elif status == 422 and idempotent:
        errors += [KeyReused, InvalidIdempotencyKey]
    elif status == 429:
        errors.append(RateLimited)
    elif status == 503:
        errors.append(StorageUnavailable)
    found = {error.code: _named(problem_example(error)) for error in errors}
    if status == 422 and ("requestBody" in operation or operation.get("parameters")):
        found["validation"] = _named(_validation_example(operation))
    return found


class _Unreadable(ProblemError):
    """The 400 FastAPI answers for a body it cannot decode (rendered by api/errors.py)."""

    status, code, title = 400, "bad-request", "There was an error parsing the body"


def _named(example: dict[str, Any]) -> dict[str, Any]:
    return {"summary": example["title"], "value": example}


def _validation_example(operation: dict[str, Any]) -> dict[str, Any]:
    """A 422 as the service sends it, naming a field of this operation as a person would."""
    field, value = "body", None
    body = operation.get("requestBody", {}).get("content", {})
    request = next((media["example"] for media in body.values() if "example" in media), None)
    if request is not None:
        field, value = _first_field(request)
    else:
        for parameter in operation.get("parameters", []):
            if parameter["name"] != "Idempotency-Key":
                field = f"{parameter['in']}.{parameter['name']}"
                value = parameter.get("example", parameter.get("schema", {}).get("default"))
                break
    kinds = {bool: "a valid boolean", int: "a valid integer", float: "a valid number"}
    expected = kinds.get(type(value), "a valid string")
    return {
        **problem_example(_Invalid("See `errors` for each field.")),
        "errors": [{"field": field, "message": f"Input should be {expected}"}],
    }


class _Invalid(ProblemError):
    """The 422 of a request that is not valid (rendered by api/errors.py)."""

    status, code, title = 422, "validation", "The request is not valid"


def _first_field(value: Any, path: str = "") -> tuple[str, Any]:
    """The path of the last leaf of the first branches of a JSON value: `items[2].platform`."""
    if isinstance(value, dict) and value:
        name, inner = next(iter(value.items()))
        return _first_field(inner, f"{path}.{name}" if path else name)
    if isinstance(value, list) and value:
        return _first_field(value[-1], f"{path}[{len(value) - 1}]")
    return path or "body", value


def _location_on_created(operation: dict[str, Any]) -> None:
    """Every 201 says where the created resource is (api/*/routes.py set it)."""
    created = operation.get("responses", {}).get("201")
    if created is not None:
        created.setdefault("headers", {})["Location"] = {
            "description": "The created resource's address",
            "required": True,
            "schema": {"type": "string", "format": "uri-reference"},
        }


def _optional_bearer(operation: dict[str, Any]) -> None:
    """OpenAPI's way to say "a token is optional": no requirement, or the bearer scheme."""
    requirements = operation.get("security", [])
    if any(OPTIONAL_BEARER_SCHEME in requirement for requirement in requirements):
        operation["security"] = [{}, {"HTTPBearer": []}]


def _problem_schemas() -> dict[str, Any]:
    _, definitions = models_json_schema(
        [(Problem, "serialization")], ref_template="#/components/schemas/{model}"
    )
    schemas: dict[str, Any] = definitions.get("$defs", {})
    return schemas
