"""Sign-ins: starting one, refresh-token rotation with reuse detection, checking and ending one.

Creating and deleting an account change a person's whole record: see api/changes/.
"""

import base64
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import String, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select, update

from api.accounts.models import AuthSession
from api.accounts.schemas import SignInOut
from api.accounts.tokens import AccessClaims, AccessTokens, hash_secret, new_secret
from api.errors import NotFound, Unauthorized
from api.raw_query import RawQuery
from api.sqltypes import utcnow

log = logging.getLogger(__name__)
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
    session: Session,
    account_id: str,
    *,
    tokens: AccessTokens,
    ttl_seconds: int,
    label: str | None = None,
) -> IssuedTokens:
    """A new sign-in (refresh-token family) for the account, and its first token pair."""
    secret = new_secret()
    auth = AuthSession(
        account_id=account_id,
        secret_hash=hash_secret(secret),
        expires_at=utcnow() + timedelta(seconds=ttl_seconds),
        label=label,
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
    session: Session,
    *,
    refresh_token: str,
    tokens: AccessTokens,
    ttl_seconds: int,
    reuse_seconds: int,
    label: str | None = None,
) -> IssuedTokens:
    """Swap a refresh token for a new pair.

    The current secret rotates. The secret just before it answers again with the same
    successor for `reuse_seconds` (concurrent refreshes from one client are honest), and
    after that revokes the whole sign-in: a copy of an old token exists. Any other secret is
    simply invalid and revokes nothing, so knowing a sign-in's id is no way to end it.
    """
    session_id, _, secret = refresh_token.partition(".")
    if not _SESSION_ID.fullmatch(session_id) or not secret:
        # Not one of ours: refuse before the database sees it (PostgreSQL rejects NUL bytes).
        raise InvalidRefreshToken()
    auth = session.exec(
        select(AuthSession).where(AuthSession.id == session_id).with_for_update()
    ).first()
    now = utcnow()
    if auth is None or auth.revoked_at is not None or auth.expires_at <= now:
        raise InvalidRefreshToken()
    presented = hash_secret(secret)
    if hmac.compare_digest(presented, auth.secret_hash):
        auth.rotation_key = auth.rotation_key or new_secret_hex()
        successor = _successor(auth.rotation_key, secret)
        auth.previous_secret_hash, auth.secret_hash = auth.secret_hash, hash_secret(successor)
        auth.rotated_at = auth.last_used_at = now
        auth.generation += 1
        auth.expires_at = now + timedelta(seconds=ttl_seconds)
        auth.label = label or auth.label
        session.add(auth)
    elif auth.previous_secret_hash is not None and hmac.compare_digest(
        presented, auth.previous_secret_hash
    ):
        rotated_at = auth.rotated_at or now
        if auth.rotation_key is None or now - rotated_at > timedelta(seconds=reuse_seconds):
            auth.revoked_at = now
            session.add(auth)
            # A security event: a copy of the token exists. No id or token in the line.
            log.warning(
                "a rotated refresh token was presented again: its sign-in is revoked",
                extra={"event": "refresh_token.reused"},
            )
            raise RefreshTokenReused()
        successor = _successor(auth.rotation_key, secret)  # the same one the first answer gave
    else:
        raise InvalidRefreshToken()
    return IssuedTokens(
        account_id=auth.account_id,
        access_token=tokens.issue(auth.account_id, auth.id),
        refresh_token=f"{auth.id}.{successor}",
        expires_in=tokens.ttl_seconds,
    )


def _successor(rotation_key: str, secret: str) -> str:
    digest = hmac.new(bytes.fromhex(rotation_key), secret.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def new_secret_hex() -> str:
    return secrets.token_hex(32)


class InvalidRefreshToken(Unauthorized):
    code = "refresh-token-invalid"
    title = "The refresh token is invalid, expired or revoked"

    def __init__(self) -> None:
        super().__init__("The refresh token is invalid, expired or revoked: sign in again.")


class RefreshTokenReused(Unauthorized):
    code = "refresh-token-reused"
    title = "This refresh token was already used; the sign-in is revoked"
    keeps_changes = True


async def live_account(engine: Engine, claims: AccessClaims) -> bool:
    """Whether the sign-in behind verified claims is still live: one indexed read, made on the
    event loop (SQLite's answers in microseconds; PostgreSQL's awaited), so that checking who
    is calling costs no trip to the thread pool."""
    found = await _LIVE.all_async(
        engine, session_id=claims.session_id, account_id=claims.account_id
    )
    return bool(found)


def sign_ins(session: Session, *, account_id: str, current: str) -> list[SignInOut]:
    rows = session.exec(
        select(AuthSession)
        .where(AuthSession.account_id == account_id)
        .where(col(AuthSession.revoked_at).is_(None))
        .where(col(AuthSession.expires_at) > utcnow())
        .order_by(col(AuthSession.created_at))
    )
    return [
        SignInOut(
            id=row.id,
            label=row.label,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            current=row.id == current,
        )
        for row in rows
    ]


def end_sign_in(session: Session, *, account_id: str, session_id: str) -> None:
    """Revoke one of the person's own sign-ins; anyone else's is not found."""
    ended = session.exec(
        update(AuthSession)
        .where(col(AuthSession.id) == session_id)
        .where(col(AuthSession.account_id) == account_id)
        .where(col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    if not ended.rowcount:
        raise NotFound("You have no live sign-in with this id.")


def sign_out(session: Session, *, session_id: str) -> None:
    session.exec(
        update(AuthSession).where(col(AuthSession.id) == session_id).values(revoked_at=utcnow())
    )
