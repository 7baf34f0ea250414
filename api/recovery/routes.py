"""Recovery codes (a way back without a passkey) and link codes (a second device joins)."""

from typing import Any

from fastapi import APIRouter, Request, Response, status

from api.accounts.answers import signed_in
from api.accounts.deps import AccessTokensDep, CurrentCaller, DeviceLabel
from api.accounts.schemas import TokenPair
from api.deps import ReadSessionDep, SessionDep, SettingsDep
from api.errors import Unauthorized, problem_responses
from api.recovery import examples, service
from api.recovery.deps import LinkAttempt, RecoveryAttempt
from api.recovery.errors import (
    LinkCodeExpired,
    LinkCodeInvalid,
    RecoveryCodeInvalid,
    TooManyAttempts,
)
from api.recovery.qr import link_for, qr_svg
from api.recovery.schemas import (
    LinkCodeOut,
    RecoveryCodesOut,
    RecoveryCodesStatus,
    RecoverySignIn,
    printable_sheet,
)

router = APIRouter()
NO_STORE = {"Cache-Control": "no-store"}
_CODES_LOCATION = {"Location": "/v1/me/recovery-codes"}
_PRINTABLE: dict[int | str, dict[str, Any]] = {
    201: {"content": {"text/plain": {"schema": {"type": "string"}}}},
}


@router.post(
    "/me/recovery-codes",
    status_code=status.HTTP_201_CREATED,
    summary="Make a new set of ten recovery codes",
    description="Each code signs in once, from any device, when no passkey is at hand. The "
    "codes are shown only in this answer and replace any earlier set. With "
    "`Accept: text/plain` the answer is a printable page (served as a download).",
    response_model=RecoveryCodesOut,
    responses={**_PRINTABLE, **problem_responses(Unauthorized)},
    openapi_extra=examples.ISSUE_RECOVERY_CODES,
)
def issue_recovery_codes(caller: CurrentCaller, session: SessionDep, request: Request) -> Response:
    issued = service.issue_recovery_codes(session, account_id=caller.account_id)
    body = RecoveryCodesOut(codes=issued.codes, created_at=issued.created_at)
    # Content negotiation, not a parameter (OpenAPI ignores `Accept` as one).
    accept = request.headers.get("accept", "")
    if "text/plain" in accept and "application/json" not in accept:
        return Response(
            printable_sheet(body),
            status_code=status.HTTP_201_CREATED,
            media_type="text/plain; charset=utf-8",
            headers={
                **NO_STORE,
                **_CODES_LOCATION,
                "Content-Disposition": 'attachment; filename="ai-optout-recovery-codes.txt"',
            },
        )
    return Response(
        body.model_dump_json(),
        status_code=status.HTTP_201_CREATED,
        media_type="application/json",
        headers={**NO_STORE, **_CODES_LOCATION},
    )


@router.get(
    "/me/recovery-codes",
    summary="How many recovery codes are left",
    description="The count of unused codes in the current set and when it was made; never "
    "the codes.",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.RECOVERY_CODES_LEFT,
)
def recovery_codes_left(caller: CurrentCaller, session: ReadSessionDep) -> RecoveryCodesStatus:
    left = service.recovery_codes_left(session, account_id=caller.account_id)
    return RecoveryCodesStatus(
        remaining=left.remaining, total=left.total, created_at=left.created_at
    )


@router.post(
    "/auth/recovery",
    summary="Sign in with a recovery code",
    description="Spends the code and starts a new sign-in for its account; then add a passkey "
    "(`next`). A wrong, spent or unknown code gets the same 401 `recovery-code-invalid`. "
    "Attempts are limited per client address and overall (429 with `Retry-After`).",
    responses=problem_responses(RecoveryCodeInvalid, TooManyAttempts),
    openapi_extra=examples.RECOVER,
)
def recover(
    code: RecoveryAttempt,
    session: SessionDep,
    tokens: AccessTokensDep,
    settings: SettingsDep,
    label: DeviceLabel,
    response: Response,
) -> RecoverySignIn:
    issued = service.recover(
        session,
        code=code,
        tokens=tokens,
        ttl_seconds=settings.refresh_token_ttl_seconds,
        label=label,
    )
    return signed_in(issued, response, RecoverySignIn)


@router.post(
    "/me/link-codes",
    status_code=status.HTTP_201_CREATED,
    summary="Make a code that signs another device in to your account",
    description="The code works once, for a few minutes. Type it on the other device, open "
    "`link` there, or scan `qr_svg`. A few can be live at once; a new one retires the oldest.",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.ISSUE_LINK_CODE,
)
def issue_link_code(
    caller: CurrentCaller,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    response: Response,
) -> LinkCodeOut:
    issued = service.issue_link_code(
        session,
        account_id=caller.account_id,
        ttl_seconds=settings.link_code_ttl_seconds,
        max_live=settings.link_codes_live_max,
    )
    link = link_for(settings.public_base_url or str(request.base_url), issued.code)
    response.headers.update(NO_STORE)
    # A link code has no address of its own: it is one of the caller's live codes.
    response.headers["Location"] = "/v1/me/link-codes"
    return LinkCodeOut(
        code=issued.code, expires_at=issued.expires_at, link=link, qr_svg=qr_svg(link)
    )


@router.post(
    "/auth/link",
    summary="Sign this device in with a link code",
    description="Spends the code and starts a new sign-in for the account that made it. An "
    "unknown code gets 401 `link-code-invalid`; an expired one 410 `link-code-expired`; a "
    "used one 410 `link-code-used`. Attempts are limited per client address, per code and "
    "overall (429 with `Retry-After`).",
    responses=problem_responses(LinkCodeInvalid, LinkCodeExpired, TooManyAttempts),
    openapi_extra=examples.LINK_DEVICE,
)
def link_device(
    code: LinkAttempt,
    session: SessionDep,
    tokens: AccessTokensDep,
    settings: SettingsDep,
    label: DeviceLabel,
    response: Response,
) -> TokenPair:
    issued = service.link_device(
        session,
        code=code,
        tokens=tokens,
        ttl_seconds=settings.refresh_token_ttl_seconds,
        label=label,
    )
    return signed_in(issued, response, TokenPair)
