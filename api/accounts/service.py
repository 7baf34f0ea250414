"""Anonymous accounts, refresh-token rotation with reuse detection, and deletion."""

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select, update

from api.accounts.models import Account, AuthSession
from api.accounts.tokens import AccessClaims, AccessTokens, hash_secret, new_secret
from api.errors import Unauthorized
from api.ledger import service as ledger
from api.preferences import service as preferences
from api.sqltypes import utcnow

ACCOUNT_CREATED = "account.created"
_SESSION_ID = re.compile(r"[0-9a-f]{32}")
ACCOUNT_DELETED = "account.deleted"


@dataclass(frozen=True)
class IssuedTokens:
    account_id: str
    access_token: str
    refresh_token: str
    expires_in: int


def create_account(
    session: Session, *, tokens: AccessTokens, refresh_ttl_seconds: int
) -> IssuedTokens:
    account = Account()
    session.add(account)
    session.flush()
    preferences.create_defaults(session, account_id=account.id)
    ledger.append(
        session, type=ACCOUNT_CREATED, account_id=account.id, payload={"account_id": account.id}
    )
    return _start_session(session, account.id, tokens=tokens, ttl_seconds=refresh_ttl_seconds)


def _start_session(
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


def authenticate(session: Session, claims: AccessClaims) -> str:
    """The account behind verified claims, if its sign-in is still live."""
    found = session.exec(
        select(AuthSession.account_id).where(
            AuthSession.id == claims.session_id,
            AuthSession.account_id == claims.account_id,
            col(AuthSession.revoked_at).is_(None),
        )
    ).first()
    if found is None:
        raise Unauthorized("This sign-in was revoked or the account deleted.")
    return found


def sign_out(session: Session, *, session_id: str) -> None:
    session.exec(
        update(AuthSession).where(col(AuthSession.id) == session_id).values(revoked_at=utcnow())
    )


def delete_account(session: Session, *, account_id: str) -> None:
    """Remove the person and everything of theirs; the log keeps only unreadable hashes."""
    ledger.forget_account(session, account_id)
    account = session.get(Account, account_id)
    if account is not None:
        session.delete(account)
    session.flush()
    ledger.append(session, type=ACCOUNT_DELETED, account_id=None, payload={})
