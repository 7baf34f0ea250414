"""A person's opt-out preferences, with optimistic concurrency (ETag / If-Match)."""

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from api.deps import CurrentCaller, SessionDep, VerifiedClaims
from api.errors import (
    Conflict,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    Unauthorized,
    problem_responses,
)
from api.preferences import service
from api.preferences.reads import read_own_preferences
from api.preferences.schemas import PreferencesIn, PreferencesOut, PreferencesWritten
from api.receipts import service as receipts
from api.receipts.deps import ReceiptIssuerDep

router = APIRouter()


def etag(version: int) -> str:
    return f'"v{version}"'


def parse_if_match(value: str | None) -> int:
    if value is None:
        raise PreconditionRequired("Send `If-Match` with the ETag from your last read.")
    tag = value.strip().removeprefix("W/").strip('"')
    if not tag.startswith("v") or not tag[1:].isdigit() or len(tag) > 20:
        raise PreconditionFailed("`If-Match` does not hold an ETag this service issued.")
    return int(tag[1:])


@router.get(
    "/me/preferences",
    summary="Read your opt-out preferences",
    description="The `ETag` header identifies this version; send it back as `If-Match` to change.",
    response_model=PreferencesOut,
    responses=problem_responses(Unauthorized),
)
async def read_preferences(claims: VerifiedClaims, request: Request) -> Response:
    # The hottest call: async, one query that also checks the sign-in, no ORM (see reads.py).
    preferences = read_own_preferences(
        request.app.state.engine, account_id=claims.account_id, session_id=claims.session_id
    )
    if preferences is None:
        raise Unauthorized("This sign-in was revoked or the account deleted.")
    return Response(
        preferences.model_dump_json(),
        media_type="application/json",
        headers={"ETag": etag(preferences.version), "Cache-Control": "private, no-cache"},
    )


@router.put(
    "/me/preferences",
    summary="Replace your opt-out preferences",
    description="Needs `If-Match`. A stale ETag gets 412 and changes nothing: read again, "
    "merge, and retry. An objection step that does not follow from the last one gets 409. "
    "When the opt-out itself changes (accounts, scope, an objection), `receipt` holds a signed "
    "receipt for it; otherwise it is null.",
    responses=problem_responses(
        Unauthorized, NotFound, Conflict, PreconditionFailed, PreconditionRequired
    ),
)
def replace_preferences(
    body: PreferencesIn,
    caller: CurrentCaller,
    session: SessionDep,
    response: Response,
    issuer: ReceiptIssuerDep,
    if_match: Annotated[str | None, Header(max_length=100)] = None,
) -> PreferencesWritten:
    change = service.update_preferences(
        session,
        account_id=caller.account_id,
        expected_version=parse_if_match(if_match),
        data=body,
    )
    receipt = receipts.issue_for_change(session, change=change, issuer=issuer)
    response.headers["ETag"] = etag(change.preferences.version)
    return receipts.written(change, receipt)
