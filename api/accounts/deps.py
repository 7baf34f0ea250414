"""Who is calling: the dependencies a person's routes state in their signature.

`CurrentCaller` is a valid access token whose sign-in is still live, checked with one indexed
read on the pool before the route's own session opens (so a request holds one connection at a
time). `VerifiedClaims` checks the token alone, for the hot routes whose own query also checks
the sign-in (see api/preferences/reads.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine

from api.accounts.devices import device_label
from api.accounts.service import live_account
from api.accounts.tokens import AccessClaims, AccessTokens
from api.deps import HandResolvedRoute, Resolver
from api.errors import OPTIONAL_BEARER_SCHEME, Unauthorized


async def get_access_tokens(request: Request) -> AccessTokens:
    tokens: AccessTokens = request.app.state.access_tokens
    return tokens


AccessTokensDep = Annotated[AccessTokens, Depends(get_access_tokens)]

_bearer = HTTPBearer(auto_error=False, description="An access token from POST /v1/accounts")

# Its own scheme name, so the OpenAPI document can say the token is optional on these routes
# (`security: [{}, {HTTPBearer: []}]`, see api/errors.py); it is the same bearer token.
_optional_bearer = HTTPBearer(
    auto_error=False,
    scheme_name=OPTIONAL_BEARER_SCHEME,
    description="Optional: an access token from POST /v1/accounts",
)
OptionalCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_optional_bearer)]


async def verified_claims(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> AccessClaims:
    """A valid, unexpired access token, checked without the database. One dependency on
    purpose: it guards the hottest routes, where each resolved dependency costs."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send an access token: `Authorization: Bearer <token>`.")
    tokens: AccessTokens = request.app.state.access_tokens
    return tokens.verify(credentials.credentials)


VerifiedClaims = Annotated[AccessClaims, Depends(verified_claims)]


@dataclass(frozen=True, slots=True)
class SignedInRead:
    """A valid token and the engine to read with: the whole of what a hot read route needs."""

    claims: AccessClaims
    engine: Engine


async def signed_in_read(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> SignedInRead:
    # One dependency for the hottest routes (each one resolved costs as much as the query);
    # the route's own query checks that the sign-in is still live (api/preferences/reads.py).
    claims = await verified_claims(request, credentials)
    engine: Engine = request.app.state.engine
    return SignedInRead(claims, engine)


SignedInReadDep = Annotated[SignedInRead, Depends(signed_in_read)]


async def _resolved_signed_in_read(request: Request, _: Response | None) -> SignedInRead:
    return await signed_in_read(request, await _bearer(request))


class SignedInReadRoute(HandResolvedRoute):
    """A route whose only input is `SignedInReadDep`, resolved by hand: the hottest read
    (`GET /me/preferences`, asked on every page load) and its AI-preferences twin."""

    resolvers: ClassVar[dict[Callable[..., Any], Resolver]] = {
        signed_in_read: _resolved_signed_in_read
    }


class Caller:
    """The signed-in person making the request."""

    __slots__ = ("account_id", "session_id")

    def __init__(self, account_id: str, session_id: str) -> None:
        self.account_id = account_id
        self.session_id = session_id


async def current_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    # The token and the engine resolved here rather than as sub-dependencies: this guards
    # every signed-in route, where each resolved dependency costs.
    claims = await verified_claims(request, credentials)
    if not await live_account(request.app.state.engine, claims):
        raise Unauthorized("This sign-in was revoked or the account deleted.")
    return Caller(claims.account_id, claims.session_id)


CurrentCaller = Annotated[Caller, Depends(current_caller)]


async def device_label_of(request: Request) -> str | None:
    # Read from the request, not declared as a parameter: no client chooses to send it.
    return device_label(request.headers.get("user-agent", "")[:512])


DeviceLabel = Annotated[str | None, Depends(device_label_of)]
