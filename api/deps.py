"""Dependencies every route states in its signature: the session it works in, who is calling."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.accounts.service import authenticate
from api.accounts.tokens import AccessTokens
from api.config import Settings
from api.db import WRITE_OPTION
from api.errors import ProblemError, Unauthorized
from api.signing.keyring import KeyRing


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _open_session(engine: Engine, *, write: bool) -> Iterator[Session]:
    # The request owns the transaction: services only flush; this commits before the response
    # is sent (scope="function"), so a client never sees a write that is not on disk.
    with Session(engine.execution_options(**{WRITE_OPTION: write}), expire_on_commit=False) as s:
        try:
            yield s
        except ProblemError as error:
            s.commit() if error.keeps_changes else s.rollback()
            raise
        except BaseException:
            s.rollback()
            raise
        else:
            s.commit()


def write_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    yield from _open_session(engine, write=True)


def read_session(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    yield from _open_session(engine, write=False)


SessionDep = Annotated[Session, Depends(write_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_keyring(request: Request) -> KeyRing:
    keyring: KeyRing = request.app.state.keyring
    return keyring


def get_access_tokens(request: Request) -> AccessTokens:
    tokens: AccessTokens = request.app.state.access_tokens
    return tokens


KeyRingDep = Annotated[KeyRing, Depends(get_keyring)]
AccessTokensDep = Annotated[AccessTokens, Depends(get_access_tokens)]

_bearer = HTTPBearer(auto_error=False, description="An access token from POST /v1/accounts")


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Send an access token: `Authorization: Bearer <token>`.")
    return credentials.credentials


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
