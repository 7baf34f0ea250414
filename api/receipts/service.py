"""Issuing receipts for opt-out changes, listing a person's receipts, verifying any receipt."""

import json
import time
from dataclasses import dataclass
from typing import Literal

from joserfc.jwk import OKPKey
from sqlalchemy import insert
from sqlmodel import Session, col, select

from api.errors import NotFound
from api.ledger.chain import chain_digest
from api.ledger.models import LedgerEvent
from api.ledger.schemas import own_proof
from api.policy.jurisdictions import policy_version_id
from api.preferences.service import PreferencesChange
from api.raw_query import FixedStatement
from api.receipts.claims import RECEIPT_TYPE, action_for, receipt_claims
from api.receipts.models import Receipt
from api.receipts.schemas import ReceiptOut, ReceiptRef
from api.receipts.signing import sign
from api.receipts.verification import Verdict, b64url_decode, key_finder, verify_receipt
from api.signing.keyring import KeyRing
from api.sqltypes import new_id, utcnow

_RECEIPTS = Receipt.__table__  # type: ignore[attr-defined]  # SQLModel sets it on tables
# A fixed insert on the change's connection, as the ledger's append: no unit-of-work flush.
_ADD_RECEIPT = FixedStatement(
    insert(_RECEIPTS), columns=["id", "account_id", "event_seq", "jws", "created_at"]
)
LogCheck = Literal["matches", "mismatch", "not_found", "not_checked"]


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who signs receipts: the key ring and the issuer name written into every receipt."""

    keyring: KeyRing
    name: str


def issue_for_change(
    session: Session, *, change: PreferencesChange, issuer: Issuer
) -> ReceiptRef | None:
    """Sign and store a receipt, in the change's transaction, if the opt-out itself changed."""
    action = action_for(change.previous, change.preferences)
    event = change.event
    if action is None or event.account_id is None:
        return None
    receipt_id = new_id()
    region = change.preferences.region
    claims = receipt_claims(
        receipt_id=receipt_id,
        issuer=issuer.name,
        account_id=event.account_id,
        preferences=change.preferences,
        action=action,
        event=event,
        policy_version=policy_version_id(region, event.created_at.date()),
        changes=change.changes,
    )
    token = sign(issuer.keyring.signing_key(), typ=RECEIPT_TYPE, claims=claims)
    _ADD_RECEIPT.rows(
        session.connection(),
        id=receipt_id,
        account_id=event.account_id,
        event_seq=event.seq,
        jws=token,
        created_at=utcnow(),
    )
    return ReceiptRef(id=receipt_id, jws=token, event_hash=event.hash, position=event.seq)


def receipts_of(
    session: Session, *, account_id: str, limit: int = 100, before: int | None = None
) -> list[tuple[Receipt, LedgerEvent]]:
    """A person's receipts with their events, newest first."""
    query = (
        select(Receipt, LedgerEvent)
        .join(LedgerEvent, col(LedgerEvent.seq) == col(Receipt.event_seq))
        .where(Receipt.account_id == account_id)
    )
    if before is not None:
        query = query.where(Receipt.event_seq < before)
    rows = session.exec(query.order_by(col(Receipt.event_seq).desc()).limit(limit))
    return [(receipt, event) for receipt, event in rows]


def receipt_of(
    session: Session, *, account_id: str, receipt_id: str
) -> tuple[Receipt, LedgerEvent]:
    """One receipt of the person's; someone else's is as absent as one that never existed."""
    row = session.exec(
        select(Receipt, LedgerEvent)
        .join(LedgerEvent, col(LedgerEvent.seq) == col(Receipt.event_seq))
        .where(Receipt.id == receipt_id, Receipt.account_id == account_id)
    ).first()
    if row is None:
        raise NotFound("You have no receipt with this id.")
    return row[0], row[1]


def receipt_view(receipt: Receipt, event: LedgerEvent) -> ReceiptOut:
    """The receipt with its event complete (salt included): the person recomputes the event's
    hash from it, while the public proof shows only the event's leaf."""
    # Our own signed JSON from our own table: read, not re-verified.
    claims = json.loads(b64url_decode(receipt.jws.split(".")[1]) or b"{}")
    return ReceiptOut(
        id=receipt.id,
        jws=receipt.jws,
        event_hash=event.hash,
        position=receipt.event_seq,
        action=claims["action"],
        created_at=receipt.created_at,
        event=own_proof(event),
    )


def verify(session: Session, *, token: str, keyring: KeyRing) -> tuple[Verdict, LogCheck]:
    """Check the signature with the published keys, then the event it names against the log."""

    def find_key(kid: str) -> OKPKey | None:
        return key_finder(keyring.verification_keys(kid))(kid)

    verdict = verify_receipt(token, find_key, now=int(time.time()))
    if not verdict.valid or verdict.claims is None:
        return verdict, "not_checked"
    position = verdict.claims["event"]
    stored = session.get(LedgerEvent, position["seq"])
    if stored is None:
        return verdict, "not_found"
    if stored.hash != position["hash"]:
        reason = f"The event log holds a different event at position {position['seq']}."
        return Verdict(False, reason, verdict.claims, verdict.kid), "mismatch"
    if not _hash_recomputes(stored):
        reason = f"The event at position {position['seq']} was altered after it was logged."
        return Verdict(False, reason, verdict.claims, verdict.kid), "mismatch"
    return verdict, "matches"


def _hash_recomputes(event: LedgerEvent) -> bool:
    """The stored event still hashes to its `hash`, in whichever format it was written."""
    try:
        return event.hash == chain_digest(
            hash_format=event.hash_format,
            prev_hash=event.prev_hash,
            seq=event.seq,
            type=event.type,
            created_at=event.created_at,
            payload_hash=event.payload_hash,
        )
    except ValueError:  # an unknown format: nothing to vouch for
        return False
