"""Reading a person's opt-out preferences; every change goes through api/changes/."""

from fastapi import APIRouter, Response

from api.accounts.deps import SignedInReadDep, SignedInReadRoute
from api.errors import Unauthorized, problem_responses
from api.preferences import examples
from api.preferences.etags import etag
from api.preferences.reads import read_own_answer_async
from api.preferences.schemas import PreferencesOut

router = APIRouter(route_class=SignedInReadRoute)


@router.get(
    "/me/preferences",
    summary="Read your opt-out preferences",
    description="The `ETag` header identifies this version; send it back as `If-Match` to change.",
    response_model=PreferencesOut,
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.READ_PREFERENCES,
)
async def read_preferences(read: SignedInReadDep) -> Response:
    # The hottest call: one query that also checks the sign-in, no ORM, and on PostgreSQL
    # without blocking the event loop (see reads.py).
    claims = read.claims
    own = await read_own_answer_async(
        read.engine, account_id=claims.account_id, session_id=claims.session_id
    )
    if own is None:
        raise Unauthorized("This sign-in was revoked or the account deleted.")
    return Response(
        own.body,
        media_type="application/json",
        headers={"ETag": etag(own.view.version), "Cache-Control": "private, no-cache"},
    )
