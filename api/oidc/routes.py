"""OpenID Connect: start and finish a link or a sign-in; list and unlink one's identities."""

from fastapi import APIRouter, Depends, Response, status

from api.accounts.answers import signed_in
from api.accounts.deps import AccessTokensDep, CurrentCaller, DeviceLabel
from api.accounts.schemas import TokenPair
from api.deps import ReadSessionDep, SessionDep, SettingsDep
from api.errors import Unauthorized, problem_responses
from api.oidc import examples, service
from api.oidc.deps import (
    OptionalCaller,
    ProviderDep,
    ProvidersDep,
    StartRequest,
    TooManySignInStarts,
    VouchedIdentity,
    count_start,
)
from api.oidc.errors import (
    CodeRejected,
    FlowInvalid,
    IdentityNotFound,
    IdentityNotLinked,
    IdentityTaken,
    ProviderError,
    ProviderUnavailable,
    RedirectUriNotAllowed,
    UnknownProvider,
    WrongAccount,
)
from api.oidc.schemas import (
    IdentitiesOut,
    IdentityOut,
    ProviderOut,
    ProvidersOut,
    StartOut,
)

router = APIRouter()


@router.get(
    "/auth/oidc/providers",
    summary="The OpenID Connect providers one may use",
    openapi_extra=examples.PROVIDERS,
    description=(
        "The OpenID Connect providers the operator configured, by the name to use in "
        "`/v1/auth/oidc/{provider}/start`. Empty when none is configured."
    ),
)
def providers(providers: ProvidersDep) -> ProvidersOut:
    return ProvidersOut(providers=[ProviderOut(name=name) for name in providers.names()])


@router.post(
    "/auth/oidc/{provider}/start",
    summary="Start linking a provider's identity, or signing in with one",
    description="A link needs the caller's token; a sign-in needs none. The state, nonce and "
    "PKCE verifier stay on the service, for one use within `expires_in` seconds.",
    responses=problem_responses(
        Unauthorized,
        UnknownProvider,
        RedirectUriNotAllowed,
        ProviderError,
        ProviderUnavailable,
        TooManySignInStarts,
    ),
    dependencies=[Depends(count_start)],
    openapi_extra=examples.START,
)
def start(
    body: StartRequest,
    caller: OptionalCaller,
    provider: ProviderDep,
    session: SessionDep,
    response: Response,
) -> StartOut:
    attempt = service.new_attempt()
    url = provider.authorization_url(
        redirect_uri=body.redirect_uri,
        state=attempt.state,
        nonce=attempt.nonce,
        code_verifier=attempt.code_verifier,
    )
    service.begin(
        session,
        attempt,
        provider=provider.name,
        purpose=body.purpose,
        account_id=caller.account_id if body.purpose == "link" and caller else None,
        redirect_uri=body.redirect_uri,
    )
    response.headers["Cache-Control"] = "no-store"
    return StartOut(authorization_url=url, state=attempt.state, expires_in=attempt.expires_in)


@router.post(
    "/auth/oidc/{provider}/finish",
    summary="Finish a link (the identity) or a sign-in (a token pair)",
    description="Send the `code` and `state` the provider returned. A link answers the linked "
    "identity and needs the token that started it; a sign-in answers a new token pair for the "
    "account linked to the identity, and never creates an account.",
    responses=problem_responses(
        Unauthorized,
        WrongAccount,
        UnknownProvider,
        IdentityTaken,
        FlowInvalid,
        CodeRejected,
        IdentityNotLinked,
        ProviderError,
        ProviderUnavailable,
    ),
    openapi_extra=examples.FINISH,
)
def finish(
    vouched: VouchedIdentity,
    tokens: AccessTokensDep,
    settings: SettingsDep,
    session: SessionDep,
    label: DeviceLabel,
    response: Response,
) -> TokenPair | IdentityOut:
    if vouched.flow.purpose == "link":
        response.headers["Cache-Control"] = "no-store"
        linked = service.link(session, vouched.flow, vouched.identity)
        return IdentityOut.model_validate(linked, from_attributes=True)
    issued = service.sign_in(
        session,
        vouched.flow,
        vouched.identity,
        tokens=tokens,
        ttl_seconds=settings.refresh_token_ttl_seconds,
        label=label,
    )
    return signed_in(issued, response, TokenPair)


@router.get(
    "/me/oidc-identities",
    summary="The OpenID Connect identities linked to you",
    responses=problem_responses(Unauthorized),
    openapi_extra=examples.LIST_IDENTITIES,
    description=(
        "The identities linked to your account: provider and issuer only, never who you are there."
    ),
)
def list_identities(caller: CurrentCaller, session: ReadSessionDep) -> IdentitiesOut:
    linked = service.list_identities(session, account_id=caller.account_id)
    return IdentitiesOut(
        identities=[IdentityOut.model_validate(row, from_attributes=True) for row in linked]
    )


@router.delete(
    "/me/oidc-identities/{identity_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Unlink an OpenID Connect identity",
    responses=problem_responses(Unauthorized, IdentityNotFound),
    openapi_extra=examples.UNLINK,
    description=(
        "Unlinks one identity: it no longer signs in to this account. Your record and other ways "
        "back are kept."
    ),
)
def unlink(identity_id: str, caller: CurrentCaller, session: SessionDep) -> None:
    service.unlink(session, account_id=caller.account_id, identity_id=identity_id)
