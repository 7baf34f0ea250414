"""What the OpenAPI document adds to FastAPI's own.

Routes that parse their own body (for speed) still document it: the body's schema goes into the
OpenAPI components, and the route names it in `openapi_extra`. And every error is documented as
it is served: a Problem as `application/problem+json` (api/errors.py renders them)."""

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from api.errors import OPTIONAL_BEARER_SCHEME, PROBLEM_MEDIA_TYPE, PayloadTooLarge, Problem

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


def _problems_only(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    extra = _BODY_PROBLEMS if "requestBody" in operation else {}
    has_input = "requestBody" in operation or operation.get("parameters")
    for status, description in extra.items():
        responses.setdefault(status, {"description": description})
    if has_input:
        responses.setdefault("422", {"description": _BODY_PROBLEMS["422"]})
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF}}


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
