"""A person's choice in the IETF AI Preferences vocabulary (draft-ietf-aipref-vocab).

`train-ai=n` states an objection to training generative AI. The vocabulary has no word for
"only my comments", so any recorded opt-out is stated as `train-ai=n` and the scope travels in
the JSON preferences; with no opt-out recorded nothing is stated (the vocabulary's "unknown").
"""

from fastapi import APIRouter, Response

from api.accounts.deps import SignedInReadDep, SignedInReadRoute
from api.errors import Unauthorized, problem_responses
from api.preferences import examples
from api.preferences.reads import read_own_answer_async
from api.preferences.schemas import PreferencesOut

router = APIRouter(route_class=SignedInReadRoute)
MEDIA_TYPE = "text/plain; charset=utf-8"


def aipref_statement(preferences: PreferencesOut) -> str:
    """The Content-Usage value for these preferences ('' when they state nothing)."""
    return "train-ai=n" if preferences.accounts else ""


@router.get(
    "/me/preferences.aipref",
    summary="Your choice in the IETF AI Preferences vocabulary",
    description="The body (and the `Content-Usage` header) is `train-ai=n` when you recorded "
    "an opt-out, and empty when you did not: the vocabulary's way of saying nothing.",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {"example": "train-ai=n"}}},
        **problem_responses(Unauthorized),
    },
    openapi_extra=examples.READ_AIPREF,
)
async def read_aipref(read: SignedInReadDep) -> Response:
    claims = read.claims
    own = await read_own_answer_async(
        read.engine, account_id=claims.account_id, session_id=claims.session_id
    )
    if own is None:
        raise Unauthorized("This sign-in was revoked or the account deleted.")
    statement = aipref_statement(own.view)
    headers = {"Content-Usage": statement} if statement else {}
    return Response(statement, media_type=MEDIA_TYPE, headers=headers)
