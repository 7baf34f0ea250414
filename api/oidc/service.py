"""Linking OpenID Connect identities to accounts and signing in with them.

An attempt is one `OidcFlow` row: `begin` writes it, `pending` reads it before the provider is
called (outside any write transaction), and `link` or `sign_in` consume it in the unit of work
that writes the result, so a state works once and a failure leaves the account as it was.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from api.accounts.service import IssuedTokens, start_session
from api.accounts.tokens import AccessTokens
from api.oidc.errors import (
    FlowInvalid,
    IdentityNotFound,
    IdentityNotLinked,
    IdentityTaken,
)
from api.oidc.models import OidcFlow, OidcIdentity
from api.oidc.provider import Identity, hash_value
from api.oidc.schemas import Purpose
from api.sqltypes import utcnow

FLOW_TTL_SECONDS = 600


@dataclass(frozen=True)
class Begun:
    """The secrets of a new attempt: the state and nonce go to the provider, the verifier
    only with the code."""

    state: str
    nonce: str
    code_verifier: str
    expires_in: int


def new_attempt() -> Begun:
    return Begun(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(48),
        expires_in=FLOW_TTL_SECONDS,
    )


def begin(
    session: Session,
    attempt: Begun,
    *,
    provider: str,
    purpose: Purpose,
    account_id: str | None,
    redirect_uri: str,
) -> None:
    now = utcnow()
    # Attempts nobody finished go when the next one starts.
    session.exec(delete(OidcFlow).where(col(OidcFlow.expires_at) <= now))
    session.add(
        OidcFlow(
            state_hash=hash_value(attempt.state),
            provider=provider,
            purpose=purpose,
            account_id=account_id,
            redirect_uri=redirect_uri,
            code_verifier=attempt.code_verifier,
            nonce_hash=hash_value(attempt.nonce),
            expires_at=now + timedelta(seconds=attempt.expires_in),
        )
    )
    session.flush()


def pending(session: Session, *, state: str, provider: str) -> OidcFlow:
    """The live attempt this state belongs to, for this provider."""
    flow = session.get(OidcFlow, hash_value(state))
    if flow is None or flow.provider != provider or flow.expires_at <= utcnow():
        raise FlowInvalid()
    return flow


def _consume(session: Session, flow: OidcFlow) -> None:
    """Use the attempt up; of two finishing at once, one gets here and the other is refused."""
    result = session.exec(
        delete(OidcFlow).where(
            col(OidcFlow.state_hash) == flow.state_hash, col(OidcFlow.expires_at) > utcnow()
        )
    )
    if result.rowcount != 1:
        raise FlowInvalid()


def _find(session: Session, identity: Identity) -> OidcIdentity | None:
    return session.exec(
        select(OidcIdentity)
        .where(OidcIdentity.issuer == identity.issuer, OidcIdentity.subject == identity.subject)
        .with_for_update()
    ).first()


def link(session: Session, flow: OidcFlow, identity: Identity) -> OidcIdentity:
    """Attach the identity to the account that started the attempt (again: no change)."""
    assert flow.account_id is not None
    _consume(session, flow)
    existing = _find(session, identity)
    if existing is not None:
        if existing.account_id != flow.account_id:
            raise IdentityTaken("Unlink it there first, or sign in with it to use that account.")
        return existing
    linked = OidcIdentity(
        account_id=flow.account_id,
        provider=flow.provider,
        issuer=identity.issuer,
        subject=identity.subject,
    )
    session.add(linked)
    try:
        session.flush()
    except IntegrityError as error:  # linked elsewhere at the same moment
        raise _TakenMeanwhile() from error
    return linked


def sign_in(
    session: Session,
    flow: OidcFlow,
    identity: Identity,
    *,
    tokens: AccessTokens,
    ttl_seconds: int,
    label: str | None = None,
) -> IssuedTokens:
    """A new sign-in of the account linked to the identity; never a new account."""
    _consume(session, flow)
    linked = _find(session, identity)
    if linked is None:
        raise IdentityNotLinked()
    linked.last_used_at = utcnow()
    session.add(linked)
    return start_session(
        session, linked.account_id, tokens=tokens, ttl_seconds=ttl_seconds, label=label
    )


def list_identities(session: Session, *, account_id: str) -> list[OidcIdentity]:
    return list(
        session.exec(
            select(OidcIdentity)
            .where(OidcIdentity.account_id == account_id)
            .order_by(col(OidcIdentity.created_at), col(OidcIdentity.id))
        )
    )


def unlink(session: Session, *, account_id: str, identity_id: str) -> None:
    result = session.exec(
        delete(OidcIdentity).where(
            col(OidcIdentity.id) == identity_id, col(OidcIdentity.account_id) == account_id
        )
    )
    if result.rowcount != 1:
        raise IdentityNotFound()


class _TakenMeanwhile(IdentityTaken):
    # The failed insert spoilt the transaction: nothing of it may stand.
    keeps_changes = False
