"""Passkeys: registration and sign-in ceremonies (verified by py_webauthn), listing, renaming
and removing. Every challenge is used once: its first answer consumes it, right or wrong.

A refused ceremony changes nothing but that consumption: the error keeps it (keeps_changes),
so a challenge can never be tried twice, and rolls back nothing else because nothing else was
written before the answer was verified.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, delete, select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    options_to_json_dict,
    parse_authentication_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from api.accounts.service import IssuedTokens, start_session
from api.accounts.tokens import AccessTokens
from api.config import Settings
from api.errors import Conflict, NotFound, ProblemError
from api.origins import extension_origins, firefox_webauthn_origin
from api.passkeys.models import Passkey, PasskeyChallenge
from api.sqltypes import utcnow

CHALLENGE_TTL = timedelta(minutes=5)
CEREMONY_TIMEOUT_MS = 120_000
# What an authenticator shows for the account: the same neutral words for everyone.
USER_LABEL = "AI Opt-Out account"
REGISTER, SIGN_IN = "register", "sign_in"


class ChallengeUnknown(ProblemError):
    status, code, title = 400, "challenge-unknown", "This challenge is unknown or already used"


class ChallengeExpired(ProblemError):
    status, code, title = 400, "challenge-expired", "This challenge expired; ask for a new one"
    keeps_changes = True  # its consumption (and the pruning) stands


class PasskeyInvalid(ProblemError):
    status, code, title = 400, "passkey-invalid", "The passkey's answer could not be verified"
    keeps_changes = True  # the challenge stays consumed; nothing else was written


class PasskeyUnknown(PasskeyInvalid):
    code, title = "passkey-unknown", "No account has this passkey"


class PasskeyCloned(PasskeyInvalid):
    code, title = "passkey-cloned", "The authenticator's counter went back; it may be a copy"


class PasskeyExists(Conflict):
    code, title = "passkey-exists", "This passkey is already registered"


class PasskeyNotFound(NotFound):
    code, title = "passkey-not-found", "You have no passkey with this id"


@dataclass(frozen=True)
class RelyingParty:
    """Who the passkeys belong to (the RP ID) and the documents that may run the ceremonies."""

    id: str
    name: str
    origins: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings: Settings) -> "RelyingParty":
        # The project's own extensions run ceremonies too: their origins need no second setting.
        origins = [
            *settings.webauthn_origins,
            *extension_origins(settings.extension_ids),
            *(firefox_webauthn_origin(addon) for addon in settings.firefox_addon_ids),
        ]
        return cls(
            settings.webauthn_rp_id, settings.webauthn_rp_name, tuple(dict.fromkeys(origins))
        )


@dataclass(frozen=True)
class Ceremony:
    challenge_id: str
    options: dict[str, Any]


def registration_options(session: Session, account_id: str, *, rp: RelyingParty) -> Ceremony:
    """Options to create a discoverable passkey for this account, excluding the ones it has."""
    owned = list_passkeys(session, account_id)
    handle = owned[0].user_handle if owned else secrets.token_bytes(32)
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=rp.name,
        user_id=handle,
        user_name=USER_LABEL,
        user_display_name=USER_LABEL,
        timeout=CEREMONY_TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            require_resident_key=True,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[_descriptor(passkey) for passkey in owned],
    )
    challenge = _new_challenge(
        session, REGISTER, account_id=account_id, challenge=options.challenge, user_handle=handle
    )
    return Ceremony(challenge.id, options_to_json_dict(options))


def register(
    session: Session,
    account_id: str,
    *,
    challenge_id: str,
    credential: dict[str, Any],
    label: str | None,
    rp: RelyingParty,
) -> Passkey:
    challenge = _consume(session, challenge_id, purpose=REGISTER, account_id=account_id)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge.challenge,
            expected_rp_id=rp.id,
            expected_origin=list(rp.origins),
        )
    except WebAuthnException as error:
        raise PasskeyInvalid(str(error)) from None
    credential_id = bytes_to_base64url(verified.credential_id)
    if _by_credential_id(session, credential_id) is not None:
        raise PasskeyExists()
    assert challenge.user_handle is not None
    passkey = Passkey(
        account_id=account_id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        user_handle=challenge.user_handle,
        sign_count=verified.sign_count,
        transports=",".join(_transports(credential)),
        label=label or _default_label(session, account_id),
    )
    session.add(passkey)
    session.flush()
    return passkey


def sign_in_options(session: Session, *, rp: RelyingParty) -> Ceremony:
    """Options to sign in with any passkey of this service: no account is named."""
    options = generate_authentication_options(
        rp_id=rp.id,
        timeout=CEREMONY_TIMEOUT_MS,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    challenge = _new_challenge(session, SIGN_IN, account_id=None, challenge=options.challenge)
    return Ceremony(challenge.id, options_to_json_dict(options))


def sign_in(
    session: Session,
    *,
    challenge_id: str,
    credential: dict[str, Any],
    rp: RelyingParty,
    tokens: AccessTokens,
    ttl_seconds: int,
    label: str | None = None,
) -> IssuedTokens:
    """A new sign-in for the account owning the passkey that answered the challenge."""
    challenge = _consume(session, challenge_id, purpose=SIGN_IN, account_id=None)
    try:
        parsed = parse_authentication_credential_json(credential)
    except WebAuthnException as error:
        raise PasskeyInvalid(str(error)) from None
    # Locked: two sign-ins with one passkey at once must not both pass the counter check.
    passkey = _by_credential_id(session, bytes_to_base64url(parsed.raw_id), lock=True)
    if passkey is None:
        raise PasskeyUnknown()
    try:
        # The counter is checked below, after the signature, so a copy gets its own code.
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge.challenge,
            expected_rp_id=rp.id,
            expected_origin=list(rp.origins),
            credential_public_key=passkey.public_key,
            credential_current_sign_count=0,
        )
    except WebAuthnException as error:
        raise PasskeyInvalid(str(error)) from None
    handle = parsed.response.user_handle
    if handle is not None and not secrets.compare_digest(handle, passkey.user_handle):
        raise PasskeyInvalid("The passkey answered for another user.")
    counting = verified.new_sign_count > 0 or passkey.sign_count > 0
    if counting and verified.new_sign_count <= passkey.sign_count:
        raise PasskeyCloned()
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    session.add(passkey)
    return start_session(
        session, passkey.account_id, tokens=tokens, ttl_seconds=ttl_seconds, label=label
    )


def list_passkeys(session: Session, account_id: str) -> list[Passkey]:
    query = select(Passkey).where(Passkey.account_id == account_id)
    return list(session.exec(query.order_by(col(Passkey.created_at), col(Passkey.id))))


def rename(session: Session, account_id: str, passkey_id: str, *, label: str) -> Passkey:
    passkey = _owned(session, account_id, passkey_id)
    passkey.label = label
    session.add(passkey)
    session.flush()
    return passkey


def remove(session: Session, account_id: str, passkey_id: str) -> None:
    session.delete(_owned(session, account_id, passkey_id))
    session.flush()


def prune_challenges(session: Session) -> int:
    """Drop every expired challenge; returns how many."""
    result = session.exec(
        delete(PasskeyChallenge).where(col(PasskeyChallenge.expires_at) <= utcnow())
    )
    return int(result.rowcount or 0)


def _new_challenge(
    session: Session,
    purpose: str,
    *,
    account_id: str | None,
    challenge: bytes,
    user_handle: bytes | None = None,
) -> PasskeyChallenge:
    prune_challenges(session)
    row = PasskeyChallenge(
        purpose=purpose,
        account_id=account_id,
        challenge=challenge,
        user_handle=user_handle,
        expires_at=utcnow() + CHALLENGE_TTL,
    )
    session.add(row)
    session.flush()
    return row


def _consume(
    session: Session, challenge_id: str, *, purpose: str, account_id: str | None
) -> PasskeyChallenge:
    """Take a challenge out of the table: only one answer ever gets it (the DELETE decides,
    so two concurrent answers cannot both pass)."""
    row = session.get(PasskeyChallenge, challenge_id)
    if row is None or row.purpose != purpose or row.account_id != account_id:
        raise ChallengeUnknown()
    session.expunge(row)
    taken = session.exec(delete(PasskeyChallenge).where(col(PasskeyChallenge.id) == challenge_id))
    if taken.rowcount != 1:
        raise ChallengeUnknown()
    if row.expires_at <= utcnow():
        prune_challenges(session)
        raise ChallengeExpired()
    return row


def _by_credential_id(
    session: Session, credential_id: str, *, lock: bool = False
) -> Passkey | None:
    query = select(Passkey).where(Passkey.credential_id == credential_id)
    return session.exec(query.with_for_update() if lock else query).first()


def _owned(session: Session, account_id: str, passkey_id: str) -> Passkey:
    passkey = session.get(Passkey, passkey_id)
    if passkey is None or passkey.account_id != account_id:
        raise PasskeyNotFound()
    return passkey


def _descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    transports = [AuthenticatorTransport(t) for t in passkey.transports.split(",") if t]
    return PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(passkey.credential_id), transports=transports or None
    )


def _transports(credential: dict[str, Any]) -> list[str]:
    response = credential.get("response")
    listed = response.get("transports") if isinstance(response, dict) else None
    known = {t.value for t in AuthenticatorTransport}
    return [t for t in listed if t in known][:8] if isinstance(listed, list) else []


def _default_label(session: Session, account_id: str) -> str:
    return f"Passkey {len(list_passkeys(session, account_id)) + 1}"
