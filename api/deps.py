"""Dependencies every route states in its signature: its one session, settings and shared parts.

A request has one unit of work: `SessionDep` (it writes) or `ReadSessionDep` (it only reads;
on SQLite it does not queue behind writers). Who is calling is checked before it opens, with one
short read (`api/accounts/deps.py`), so a request never holds two connections at once.
"""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.config import Settings
from api.db import session_scope
from api.nudges import Nudges
from api.signing.keyring import KeyRing


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


async def get_keyring(request: Request) -> KeyRing:
    keyring: KeyRing = request.app.state.keyring
    return keyring


async def get_nudges(request: Request) -> Nudges:
    nudges: Nudges = request.app.state.nudges
    return nudges


EngineDep = Annotated[Engine, Depends(get_engine)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
KeyRingDep = Annotated[KeyRing, Depends(get_keyring)]
NudgesDep = Annotated[Nudges, Depends(get_nudges)]


def write_session(engine: EngineDep) -> Iterator[Session]:
    # The request owns the transaction: services only flush; this commits before the response
    # is sent (scope="function"), so a client never sees a write that is not on disk.
    with session_scope(engine, write=True) as session:
        yield session


def read_session(engine: EngineDep) -> Iterator[Session]:
    with session_scope(engine, write=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(write_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]
