"""Sign-ins: swapping a refresh token for a new pair, and signing out.

Creating and deleting an account are changes to the person's whole record: api/changes/.
"""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.accounts import examples, service
from api.accounts.answers import signed_in
from api.accounts.deps import AccessTokensDep, CurrentCaller, DeviceLabel
from api.accounts.schemas import RefreshRequest, SignInOut, TokenPair
from api.deps import ReadSessionDep, SessionDep, SettingsDep
from api.errors import NotFound, Unauthorized, problem_responses

router = APIRouter()


@router.post(
    "/auth/refresh",
    summary="Swap a refresh token for a new token pair",
    description="The refresh token rotates. Presenting the same token again within "
    "`AI_OPTOUT_REFRESH_REUSE_SECONDS` (30 s by default) answers with the same successor, so "
    "concurrent refreshes from one client all succeed; presenting it after that revokes the "
    "whole sign-in (a copy of an old token exists). A token that is not one of this sign-in's "
    "is simply invalid (401) and revokes nothing.",
    responses=problem_responses(
        Unauthorized, service.InvalidRefreshToken, service.RefreshTokenReused
    ),
    openapi_extra=examples.REFRESH,
)
def refresh(
    body: RefreshRequest,
    session: SessionDep,
    tokens: AccessTokensDep,
    settings: SettingsDep,
    response: Response,
    label: DeviceLabel,
) -> TokenPair:
    issued = service.refresh(
        session,
        refresh_token=body.refresh_token,
        tokens=tokens,
        ttl_seconds=settings.refresh_token_ttl_seconds,
        reuse_seconds=settings.refresh_reuse_seconds,
        label=label,
    )
    return signed_in(issued, response, TokenPair)


@router.post(
    "/auth/sign-out",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke this sign-in",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.SIGN_OUT,
    description=(
        "Ends the sign-in whose access token you send: its refresh token stops working at once "
        "and the access token when it expires. Other devices stay signed in."
    ),
)
def sign_out(caller: CurrentCaller, session: SessionDep) -> None:
    service.sign_out(session, session_id=caller.session_id)


@router.get(
    "/me/sessions",
    summary="Your sign-ins",
    description="Every live sign-in of your account: a coarse device label (browser and "
    "system, from the last refresh), when it began and when it was last refreshed. "
    "`current` marks the one making this request.",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.LIST_SIGN_INS,
)
def list_sign_ins(caller: CurrentCaller, session: ReadSessionDep) -> list[SignInOut]:
    return service.sign_ins(session, account_id=caller.account_id, current=caller.session_id)


@router.delete(
    "/me/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End one of your sign-ins",
    description="Its refresh and access tokens stop working at once. Someone else's sign-in "
    "is as absent as one that never existed (404).",
    responses=problem_responses(Unauthorized, NotFound),
    openapi_extra=examples.END_SIGN_IN,
)
def end_sign_in(
    session_id: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")],
    caller: CurrentCaller,
    session: SessionDep,
) -> None:
    service.end_sign_in(session, account_id=caller.account_id, session_id=session_id)
