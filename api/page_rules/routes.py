"""`GET /v1/page-rules`: the page rules in force, as the compact JWS the extension verifies."""

from fastapi import APIRouter, Request, Response

from api.deps import ReadSessionDep
from api.errors import problem_responses
from api.etags import none_match
from api.page_rules import examples, service

router = APIRouter()
# The extension asks at most daily; an hour lets caches share it and a fix still spread fast.
MAX_AGE_SECONDS = 3600


@router.get(
    "/page-rules",
    summary="The page rules in force, signed",
    description=(
        "The selectors, labels and URL shapes the extension reads Facebook and Instagram pages "
        "with, as a compact JWS (Ed25519, `typ: page-rules+json`) over the JSON document "
        "`{version, issued_at, rules}`. Verify it with the key set at `/.well-known/jwks.json`; "
        "it is data only, never code. 404 until the operator publishes a version "
        "(`ai-optout page-rules publish FILE`): the extension then keeps its bundled rules."
    ),
    response_class=Response,
    responses={
        200: {"content": {service.MEDIA_TYPE: {"schema": {"type": "string"}}}},
        304: {"description": "Not modified: `If-None-Match` names the ETag still in force"},
        **problem_responses(service.NoPageRules),
    },
    openapi_extra=examples.SIGNED_RULES,
)
def page_rules(request: Request, session: ReadSessionDep) -> Response:
    row = service.current(session)
    etag = f'"{row.version}.{row.kid}"'
    headers = {"Cache-Control": f"public, max-age={MAX_AGE_SECONDS}", "ETag": etag}
    if none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(row.signed, media_type=service.MEDIA_TYPE, headers=headers)
