"""Passkeys: adding, listing, renaming and removing one's own, and signing in with one."""

from fastapi import APIRouter, Depends, Response, status

from api.accounts.answers import signed_in
from api.accounts.deps import AccessTokensDep, CurrentCaller, DeviceLabel
from api.accounts.schemas import TokenPair
from api.deps import ReadSessionDep, SessionDep, SettingsDep
from api.errors import Unauthorized, problem_responses
from api.passkeys import examples, service
from api.passkeys.deps import TooManyPasskeyAttempts, count_sign_in_attempt
from api.passkeys.schemas import (
    CeremonyOptions,
    PasskeyList,
    PasskeyPublic,
    PasskeyRegistration,
    PasskeySignIn,
    PasskeyUpdate,
)
from api.passkeys.service import (
    ChallengeExpired,
    ChallengeUnknown,
    PasskeyExists,
    PasskeyInvalid,
    PasskeyNotFound,
    RelyingParty,
)

router = APIRouter()
_CEREMONY_ERRORS = (ChallengeUnknown, ChallengeExpired, PasskeyInvalid)


@router.post(
    "/me/passkeys/registration-options",
    summary="Options to add a passkey to your account",
    description="Pass `options` to `navigator.credentials.create()` (after "
    "`PublicKeyCredential.parseCreationOptionsFromJSON`), then send the credential to "
    "POST /v1/me/passkeys with `challenge_id` within five minutes. The challenge works once.",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.REGISTRATION_OPTIONS,
)
def registration_options(
    caller: CurrentCaller, session: SessionDep, settings: SettingsDep, response: Response
) -> CeremonyOptions:
    ceremony = service.registration_options(
        session, caller.account_id, rp=RelyingParty.from_settings(settings)
    )
    response.headers["Cache-Control"] = "no-store"
    return CeremonyOptions(challenge_id=ceremony.challenge_id, options=ceremony.options)


@router.post(
    "/me/passkeys",
    status_code=status.HTTP_201_CREATED,
    summary="Add a passkey to your account",
    responses=problem_responses(Unauthorized, *_CEREMONY_ERRORS, PasskeyExists),
    openapi_extra=examples.ADD_PASSKEY,
    description=(
        "Registers a passkey: send the authenticator's answer to the options from `POST "
        "/v1/me/passkeys/registration-options`, with the challenge id they came with."
    ),
)
def add_passkey(
    body: PasskeyRegistration,
    caller: CurrentCaller,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> PasskeyPublic:
    passkey = service.register(
        session,
        caller.account_id,
        challenge_id=body.challenge_id,
        credential=body.credential,
        label=body.label,
        rp=RelyingParty.from_settings(settings),
    )
    response.headers["Location"] = f"/v1/me/passkeys/{passkey.id}"
    return PasskeyPublic.model_validate(passkey)


@router.get(
    "/me/passkeys",
    summary="Your passkeys",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.LIST_PASSKEYS,
    description="Your passkeys, with their labels and when each was last used.",
)
def list_passkeys(caller: CurrentCaller, session: ReadSessionDep) -> PasskeyList:
    passkeys = service.list_passkeys(session, caller.account_id)
    return PasskeyList(passkeys=[PasskeyPublic.model_validate(p) for p in passkeys])


@router.patch(
    "/me/passkeys/{passkey_id}",
    summary="Rename one of your passkeys",
    responses=problem_responses(Unauthorized, PasskeyNotFound),
    openapi_extra=examples.RENAME_PASSKEY,
    description="Gives a passkey a new label, so you can tell your devices apart.",
)
def rename_passkey(
    passkey_id: str, body: PasskeyUpdate, caller: CurrentCaller, session: SessionDep
) -> PasskeyPublic:
    passkey = service.rename(session, caller.account_id, passkey_id, label=body.label)
    return PasskeyPublic.model_validate(passkey)


@router.delete(
    "/me/passkeys/{passkey_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove one of your passkeys",
    description="The authenticator keeps its copy; this service stops accepting it.",
    responses=problem_responses(Unauthorized, PasskeyNotFound),
    openapi_extra=examples.REMOVE_PASSKEY,
)
def remove_passkey(passkey_id: str, caller: CurrentCaller, session: SessionDep) -> None:
    service.remove(session, caller.account_id, passkey_id)


@router.post(
    "/auth/passkey/options",
    summary="Options to sign in with a passkey",
    description="No account is named: the authenticator offers the passkeys it holds for this "
    "service. Pass `options` to `navigator.credentials.get()`, then send the answer to "
    "POST /v1/auth/passkey with `challenge_id`. Counted per client address.",
    dependencies=[Depends(count_sign_in_attempt)],
    responses=problem_responses(TooManyPasskeyAttempts),
    openapi_extra=examples.SIGN_IN_OPTIONS,
)
def sign_in_options(
    session: SessionDep, settings: SettingsDep, response: Response
) -> CeremonyOptions:
    ceremony = service.sign_in_options(session, rp=RelyingParty.from_settings(settings))
    response.headers["Cache-Control"] = "no-store"
    return CeremonyOptions(challenge_id=ceremony.challenge_id, options=ceremony.options)


@router.post(
    "/auth/passkey",
    summary="Sign in with a passkey",
    description="A new sign-in for the account that owns the passkey. Errors never say "
    "whether an account exists beyond what the authenticator already knows.",
    responses=problem_responses(*_CEREMONY_ERRORS),
    openapi_extra=examples.SIGN_IN,
)
def sign_in(
    body: PasskeySignIn,
    session: SessionDep,
    tokens: AccessTokensDep,
    settings: SettingsDep,
    label: DeviceLabel,
    response: Response,
) -> TokenPair:
    issued = service.sign_in(
        session,
        challenge_id=body.challenge_id,
        credential=body.credential,
        rp=RelyingParty.from_settings(settings),
        tokens=tokens,
        ttl_seconds=settings.refresh_token_ttl_seconds,
        label=label,
    )
    return signed_in(issued, response, TokenPair)
