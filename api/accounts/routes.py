"""Sign-ins: swapping a refresh token for a new pair, and signing out.

Creating and deleting an account are changes to the person's whole record: api/changes/.
"""

from fastapi import APIRouter, Response, status

from api.accounts import service
from api.accounts.deps import AccessTokensDep, CurrentCaller
from api.accounts.schemas import RefreshRequest, TokenPair
from api.deps import SessionDep, SettingsDep
from api.errors import Unauthorized, problem_responses

router = APIRouter()


@router.post(
    "/auth/refresh",
    summary="Swap a refresh token for a new token pair",
    description="The refresh token rotates: the old one stops working. Presenting an old one "
    "again revokes the whole sign-in (it must have been copied).",
    responses=problem_responses(Unauthorized),
)
def refresh(
    body: RefreshRequest,
    session: SessionDep,
    tokens: AccessTokensDep,
    settings: SettingsDep,
    response: Response,
) -> TokenPair:
    issued = service.refresh(
        session,
        refresh_token=body.refresh_token,
        tokens=tokens,
        ttl_seconds=settings.refresh_token_ttl_seconds,
    )
    response.headers["Cache-Control"] = "no-store"
    return TokenPair.model_validate(issued, from_attributes=True)


@router.post(
    "/auth/sign-out",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke this sign-in",
    responses=problem_responses(Unauthorized),
)
def sign_out(caller: CurrentCaller, session: SessionDep) -> None:
    service.sign_out(session, session_id=caller.session_id)
