"""Sign-ins: starting one, refresh-token rotation with reuse detection, checking and ending one.

Creating and deleting an account change a person's whole record: see api/changes/.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import String, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from api.accounts.models import AuthSession
from api.accounts.tokens import AccessClaims, AccessTokens, hash_secret, new_secret
from api.db import RawQuery
from api.errors import Unauthorized
from api.sqltypes import utcnow

_SESSION_ID = re.compile(r"[0-9a-f]{32}")
_LIVE = RawQuery(
    text(
        "SELECT account_id FROM auth_sessions"
        " WHERE id = :session_id AND account_id = :account_id AND revoked_at IS NULL"
    ).columns(account_id=String)
)


@dataclass(frozen=True)
class IssuedTokens:
    account_id: str
    access_token: str
    refresh_token: str
    expires_in: int


def start_session(
    session: Session, account_id: str, *, tokens: AccessTokens, ttl_seconds: int
) -> IssuedTokens:
    secret = new_secret()
    auth = AuthSession(
        account_id=account_id,
        secret_hash=hash_secret(secret),
        expires_at=utcnow() + timedelta(seconds=ttl_seconds),
    )
    session.add(auth)
    session.flush()
    return IssuedTokens(
        account_id=account_id,
        access_token=tokens.issue(account_id, auth.id),
        refresh_token=f"{auth.id}.{secret}",
        expires_in=tokens.ttl_seconds,
    )


def refresh(
    session: Session, *, refresh_token: str, tokens: AccessTokens, ttl_seconds: int
) -> IssuedTokens:
    """Swap a refresh token for a new pair. A token used twice revokes its whole family."""
    session_id, _, secret = refresh_token.partition(".")
    if not _SESSION_ID.fullmatch(session_id):
        # Not one of ours: refuse before the database sees it (PostgreSQL rejects NUL bytes).
        raise Unauthorized("The refresh token is invalid, expired or revoked.")
    auth = session.exec(
        select(AuthSession).where(AuthSession.id == session_id).with_for_update()
    ).first()
    now = utcnow()
    if auth is None or not secret or auth.revoked_at is not None or auth.expires_at <= now:
        raise Unauthorized("The refresh token is invalid, expired or revoked.")
    if hash_secret(secret) != auth.secret_hash:
        # Only a copy of an already rotated token can get here: treat it as stolen.
        auth.revoked_at = now
        session.add(auth)
        raise RefreshTokenReused()
    secret = new_secret()
    auth.secret_hash = hash_secret(secret)
    auth.generation += 1
    auth.expires_at = now + timedelta(seconds=ttl_seconds)
    session.add(auth)
    return IssuedTokens(
        account_id=auth.account_id,
        access_token=tokens.issue(auth.account_id, auth.id),
        refresh_token=f"{auth.id}.{secret}",
        expires_in=tokens.ttl_seconds,
    )


class RefreshTokenReused(Unauthorized):
    code = "refresh-token-reused"
    title = "This refresh token was already used; the sign-in is revoked"
    keeps_changes = True


def live_account(engine: Engine, claims: AccessClaims) -> bool:
    """Whether the sign-in behind verified claims is still live: one indexed read."""
    return bool(_LIVE.all(engine, session_id=claims.session_id, account_id=claims.account_id))


def sign_out(session: Session, *, session_id: str) -> None:
    session.exec(
        update(AuthSession).where(col(AuthSession.id) == session_id).values(revoked_at=utcnow())
    )
