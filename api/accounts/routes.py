"""Anonymous accounts and their tokens; the person's own account: export and deletion."""

from fastapi import APIRouter, Response, status

from api.accounts import service
from api.accounts.export import AccountExport, export_account
from api.accounts.schemas import RefreshRequest, TokenPair
from api.deps import AccessTokensDep, CurrentCaller, ReadSessionDep, SessionDep, SettingsDep
from api.errors import Unauthorized, problem_responses

router = APIRouter()


def _pair(issued: service.IssuedTokens) -> TokenPair:
    return TokenPair(
        account_id=issued.account_id,
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
    )


@router.post(
    "/accounts",
    status_code=status.HTTP_201_CREATED,
    summary="Create an anonymous account",
    description="No e-mail, no name. Answers with an access token and a refresh token; keep the "
    "refresh token safe, it is shown only once.",
)
def create_account(
    session: SessionDep, tokens: AccessTokensDep, settings: SettingsDep, response: Response
) -> TokenPair:
    issued = service.create_account(
        session, tokens=tokens, refresh_ttl_seconds=settings.refresh_token_ttl_seconds
    )
    response.headers["Cache-Control"] = "no-store"
    return _pair(issued)


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
    return _pair(issued)


@router.post(
    "/auth/sign-out",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke this sign-in",
    responses=problem_responses(Unauthorized),
)
def sign_out(caller: CurrentCaller, session: SessionDep) -> None:
    service.sign_out(session, session_id=caller.session_id)


@router.get(
    "/me/export",
    summary="Everything the service holds about you",
    responses=problem_responses(Unauthorized),
)
def export(caller: CurrentCaller, session: ReadSessionDep) -> AccountExport:
    return export_account(session, account_id=caller.account_id)


@router.delete(
    "/me",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete your account and everything of yours",
    description="Afterwards none of your data is readable and every token of yours stops "
    "working. The event log keeps only hashes, so its chain still verifies.",
    responses=problem_responses(Unauthorized),
)
def delete_me(caller: CurrentCaller, session: SessionDep) -> None:
    service.delete_account(session, account_id=caller.account_id)
