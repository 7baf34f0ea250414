"""POST /v1/explain: would Meta's AI training include these items, why, and what would change it."""

import orjson
from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.security.utils import get_authorization_scheme_param
from pydantic import ValidationError

from api.errors import PayloadTooLarge, RateLimited, Unauthorized, problem_responses
from api.explain import service
from api.explain.schemas import MAX_ITEMS, ExplainRequest, ExplainResponse
from api.openapi import json_body
from api.ops.metrics import Metrics
from api.preferences.reads import read_own_preferences_async
from api.preferences.schemas import PreferencesOut
from api.ratelimits.deps import ExplainLimit, count_explained_items

router = APIRouter()


@router.post(
    "/explain",
    summary="Explain, item by item, whether Meta's AI training would include it",
    description=(
        "Send only facts about each item (platform, kind, audience, date, own or other, the "
        "author's age band), never its text. Answers in item order with the verdict, the "
        "reasons with their public sources, whether it may already have been used, what you "
        "can do, and the one-fact changes that would flip the verdict. `region`, `as_of` and "
        f"`objection` default to the signed-in person's preferences. Up to {MAX_ITEMS} items. "
        "Nothing of the request is stored or logged. Requests are limited per client address "
        "(`AI_OPTOUT_EXPLAIN_PER_ADDRESS_PER_MINUTE`; 429 with `Retry-After`)."
    ),
    response_model=ExplainResponse,
    responses=problem_responses(Unauthorized, PayloadTooLarge, service.DateOutOfRange, RateLimited),
    # The optional token is read by `_bearer_token`, not by a dependency (each one costs the
    # hottest call a few per cent); the document says what the dependency would have said.
    openapi_extra={**json_body(ExplainRequest), "security": [{}, {"HTTPBearer": []}]},
)
async def explain_items(request: Request, _limit: ExplainLimit, response: Response) -> Response:
    # The body is parsed here in one step (not by FastAPI's generic path): explain is the
    # extension's hottest call and validation must cost little next to HTTP.
    try:
        body = ExplainRequest.model_validate_json(await request.body())
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from None
    count_explained_items(request, response, len(body.items))
    preferences = await _signed_in_preferences(request, _bearer_token(request))
    answer = orjson.dumps(service.explain(body, preferences=preferences))
    _count_verdicts(request.app.state.metrics, answer, len(body.items))
    return Response(
        answer,
        media_type="application/json",
        headers={**response.headers, "Cache-Control": "no-store"},
    )


# An item's verdict as `service._encode_verdict` writes it: first, followed by
# `may_already_be_used`. A flip's verdict ends its object instead, and a quote inside a text is
# escaped, so only an item's own verdict matches. tests/ops/test_metrics.py checks the counts.
_INCLUDED = b'"verdict":"included","may_already_be_used"'
_EXCLUDED = b'"verdict":"excluded","may_already_be_used"'


def _count_verdicts(metrics: Metrics, answer: bytes, items: int) -> None:
    """`ai_optout_explained_items_total{verdict}`, counted in the answer as sent (the verdicts
    stay inside the service). Two scans, the third verdict by difference: each scan of a
    50-item answer costs about 15 µs, some 3 % of the call."""
    included, excluded = answer.count(_INCLUDED), answer.count(_EXCLUDED)
    metrics.explained("included", included)
    metrics.explained("excluded", excluded)
    metrics.explained("uncertain", items - included - excluded)


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
