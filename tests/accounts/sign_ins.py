"""Moving a sign-in's last rotation into the past, instead of waiting out the reuse interval."""

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import col, update

from api.accounts.models import AuthSession
from api.db import session_scope
from api.sqltypes import utcnow
from tests.conftest import Person


def rotated_long_ago(engine: Engine, person: Person, *, seconds: int = 3600) -> None:
    session_id = person.refresh_token.partition(".")[0]
    with session_scope(engine) as session:
        session.exec(
            update(AuthSession)
            .where(col(AuthSession.id) == session_id)
            .values(rotated_at=utcnow() - timedelta(seconds=seconds))
        )
