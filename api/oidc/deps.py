"""The provider a route names, who (if anyone) is calling, and the identity a provider vouched
for: all settled before the route's own session opens, so no write transaction ever waits on a
provider's network."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.accounts.deps import AccessTokensDep, Caller, OptionalCredentials
from api.accounts.service import live_account
from api.db import session_scope
from api.deps import EngineDep, SettingsDep
from api.errors import RateLimited, Unauthorized
from api.oidc import service
from api.oidc.errors import RedirectUriNotAllowed, WrongAccount
from api.oidc.models import OidcFlow
from api.oidc.provider import Identity, Provider, Providers
from api.oidc.schemas import FinishIn, StartIn
from api.ratelimits.deps import client_address
from api.ratelimits.limiter import RateLimiter


async def get_providers(request: Request) -> Providers:
    providers: Providers = request.app.state.oidc_providers
    return providers


ProvidersDep = Annotated[Providers, Depends(get_providers)]


def named_provider(provider: str, providers: ProvidersDep) -> Provider:
    """The provider in the path, its discovery document at hand (a 502/503 if it is not)."""
    found = providers.get(provider)
    found.metadata()
    return found


ProviderDep = Annotated[Provider, Depends(named_provider)]


async def optional_caller(
    credentials: OptionalCredentials, tokens: AccessTokensDep, engine: EngineDep
) -> Caller | None:
    """A signed-in person, or nobody; a token that is not a live sign-in is refused."""
    if credentials is None:
        return None
    claims = tokens.verify(credentials.credentials)
    if not await live_account(engine, claims):
        raise Unauthorized("This sign-in was revoked or the account deleted.")
    return Caller(claims.account_id, claims.session_id)


OptionalCaller = Annotated[Caller | None, Depends(optional_caller)]


def checked_start(body: StartIn, caller: OptionalCaller, settings: SettingsDep) -> StartIn:
    """Who may start what, and where the provider may return, before any provider is called."""
    if body.purpose == "link" and caller is None:
        raise Unauthorized("Linking an identity needs the token of the account to link it to.")
    if body.redirect_uri not in settings.oidc_redirect_uris:
        raise RedirectUriNotAllowed()
    return body


StartRequest = Annotated[StartIn, Depends(checked_start)]


@dataclass(frozen=True)
class Vouched:
    """An attempt whose code the provider exchanged, and the identity its ID token names."""

    flow: OidcFlow
    identity: Identity


def vouched_identity(
    body: FinishIn, caller: OptionalCaller, provider: ProviderDep, engine: EngineDep
) -> Vouched:
    with session_scope(engine, write=False) as session:
        flow = service.pending(session, state=body.state, provider=provider.name)
    if flow.purpose == "link":
        # Only the sign-in that started a link may finish it: a leaked authorisation URL must
        # not let someone else attach their identity to this account.
        if caller is None:
            raise Unauthorized("Finishing a link needs the token of the sign-in that started it.")
        if caller.account_id != flow.account_id:
            raise WrongAccount()
    id_token = provider.exchange(
        code=body.code, redirect_uri=flow.redirect_uri, code_verifier=flow.code_verifier
    )
    return Vouched(flow, provider.verify_id_token(id_token, nonce_hash=flow.nonce_hash))


VouchedIdentity = Annotated[Vouched, Depends(vouched_identity)]


class TooManySignInStarts(RateLimited):
    code = "too-many-sign-in-starts"
    title = "Too many sign-ins started from this address; wait before trying again"


async def count_start(request: Request) -> None:
    """Each start writes a flow row before anyone is known: counted per client address, like
    passkey ceremonies, so one address cannot fill the flow table."""
    limiter: RateLimiter = request.app.state.code_attempts.per_address
    retry_after = await limiter.hit_async(f"oidc:start:address:{client_address(request)}")
    if retry_after is not None:
        raise TooManySignInStarts(
            f"Too many sign-ins started; try again in {retry_after} s.",
            headers={"Retry-After": str(retry_after)},
        )
