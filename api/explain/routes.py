"""POST /v1/explain: would Meta's AI training include these items, why, and what would change it."""

import orjson
from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import ValidationError

from api.errors import PayloadTooLarge, RateLimited, Unauthorized, problem_responses
from api.explain import examples, service
from api.explain.schemas import MAX_ITEMS, ExplainRequest, ExplainResponse
from api.language_deps import answered_in, checked_lang
from api.languages import LANGUAGE_PARAMETERS, negotiate
from api.openapi import json_body
from api.ops.metrics import Metrics
from api.preferences.reads import read_own_preferences_async
from api.preferences.schemas import PreferencesOut
from api.ratelimits.deps import AddressLimitedRoute, ExplainLimit, count_explained_items

# The limit is counted by hand: explain is the extension's hottest call.
router = APIRouter(route_class=AddressLimitedRoute)


@router.post(
    "/explain",
    summary="Explain, item by item, whether Meta's AI training would include it",
    description=(
        "Send only facts about each item (platform, kind, audience, date, own or other, the "
        "author's age band), never its text. Answers in item order with the verdict, the "
        "reasons with their public sources, whether it may already have been used, what you "
        "can do, and the one-fact changes that would flip the verdict. Where only the "
        "author's age (which no page shows) decides, the verdict is the one for an adult author "
        "and `condition` states the exception. `region`, `as_of` and "
        f"`objection` default to the signed-in person's preferences. Up to {MAX_ITEMS} items. "
        "`author_age_at_posting` tells an item posted as a minor by an author who is an adult "
        "now; `objection.withdrawn_on` a withdrawn objection. Facts that cannot be are refused "
        "with a 422 naming the field: an item made after `as_of`, an audience its platform does "
        "not have (Instagram has no groups). "
        "Nothing of the request is stored or logged. Requests are limited per client address "
        "(`AI_OPTOUT_EXPLAIN_PER_ADDRESS_PER_MINUTE`; 429 with `Retry-After`). Reasons and "
        "actions, and the policy's title, come in the language of `lang`, else of "
        "`Accept-Language`, else English; "
        "`lang` and `Content-Language` name it. Sources, dates and codes are never translated."
    ),
    response_model=ExplainResponse,
    responses=problem_responses(Unauthorized, PayloadTooLarge, service.DateOutOfRange, RateLimited),
    # The optional token is read by `_bearer_token`, not by a dependency (each one costs the
    # hottest call a few per cent); the document says what the dependency would have said.
    openapi_extra={
        **examples.EXPLAIN_ITEMS,
        **json_body(ExplainRequest),
        "security": [{}, {"HTTPBearer": []}],
        "parameters": LANGUAGE_PARAMETERS,
    },
)
async def explain_items(request: Request, _limit: ExplainLimit, response: Response) -> Response:
    # The body is parsed here in one step (not by FastAPI's generic path): explain is the
    # extension's hottest call and validation must cost little next to HTTP.
    try:
        body = ExplainRequest.model_validate_json(await request.body())
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from None
    await count_explained_items(request, response, len(body.items))
    preferences = await _signed_in_preferences(request, _bearer_token(request))
    asked = checked_lang(request.query_params.get("lang"))
    lang = negotiate(asked, request.headers.get("accept-language"))
    try:
        explained = service.explain(body, preferences=preferences, lang=lang)
    except service.ImpossibleFacts as error:
        raise RequestValidationError(error.errors) from None
    metrics: Metrics = request.app.state.metrics
    for verdict, items in explained.verdicts.items():
        metrics.explained(verdict, items)
    return Response(
        orjson.dumps(explained.document),
        media_type="application/json",
        headers={**response.headers, "Cache-Control": "no-store", **answered_in(lang)},
    )


def _bearer_token(request: Request) -> str | None:
    """The bearer token if one was sent, read as `HTTPBearer(auto_error=False)` reads it."""
    scheme, token = get_authorization_scheme_param(request.headers.get("Authorization"))
    return token if scheme.lower() == "bearer" and token else None


async def _signed_in_preferences(request: Request, token: str | None) -> PreferencesOut | None:
    """The caller's preferences, or None when they are not signed in. A bad token is a 401:
    silently answering for nobody would hide the person's own objection."""
    if token is None:
        return None
    claims = request.app.state.access_tokens.verify(token)
    preferences = await read_own_preferences_async(
        request.app.state.engine, account_id=claims.account_id, session_id=claims.session_id
    )
    if preferences is None:
        raise Unauthorized("This sign-in was revoked or the account deleted.")
    return preferences
