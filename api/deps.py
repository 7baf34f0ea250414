"""Dependencies every route states in its signature: the session it works in, who is calling."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.accounts.service import authenticate
from api.accounts.tokens import AccessClaims, AccessTokens
from api.config import Settings
from api.db import session_scope
from api.errors import OPTIONAL_BEARER_SCHEME, Unauthorized
from api.signing.keyring import KeyRing


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _open_session(engine: Engine, *, write: bool) -> Iterator[Session]:
    # The request owns the transaction: services only flush; this commits before the response
    # is sent (scope="function"), so a client never sees a write that is not on disk.
    with session_scope(engine, write=write) as session:
        yield session


def write_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    yield from _open_session(engine, write=True)


def read_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    yield from _open_session(engine, write=False)


EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(write_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_keyring(request: Request) -> KeyRing:
    keyring: KeyRing = request.app.state.keyring
    return keyring


async def get_access_tokens(request: Request) -> AccessTokens:
    tokens: AccessTokens = request.app.state.access_tokens
    return tokens


KeyRingDep = Annotated[KeyRing, Depends(get_keyring)]
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


async def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send an access token: `Authorization: Bearer <token>`.")
    return credentials.credentials


async def verified_claims(
    request: Request, token: Annotated[str, Depends(bearer_token)]
) -> AccessClaims:
    """A valid, unexpired access token, checked without the database. Only for routes whose own
    query also checks that the sign-in is still live (see preferences/reads.py). It resolves
    few dependencies on purpose: it guards the hottest routes."""
    tokens: AccessTokens = request.app.state.access_tokens
    return tokens.verify(token)


VerifiedClaims = Annotated[AccessClaims, Depends(verified_claims)]


class Caller:
    """The signed-in person making the request."""

    __slots__ = ("account_id", "session_id")

    def __init__(self, account_id: str, session_id: str) -> None:
        self.account_id = account_id
        self.session_id = session_id


def current_caller(
    token: Annotated[str, Depends(bearer_token)],
    tokens: AccessTokensDep,
    session: ReadSessionDep,
) -> Caller:
    claims = tokens.verify(token)
    return Caller(authenticate(session, claims), claims.session_id)


CurrentCaller = Annotated[Caller, Depends(current_caller)]
