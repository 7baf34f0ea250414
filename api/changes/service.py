"""The one write path: every change a person makes to their record goes through this module.

`record_change` writes, in the caller's transaction, the preferences (api.preferences), the
ledger event, a signed receipt when the opt-out itself changed (api.receipts), and what others
hear of it: checks feed rows and webhook messages (consequences.py). Work that must wait until
the change is on disk (nudging the check index, waking the webhook deliverer) is queued on the
unit of work with `db.after_commit`; the transaction's owner runs it after the commit.

`create_account` and `delete_account` are the record's two ends, written the same way.
"""

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from api.accounts.models import Account
from api.accounts.service import IssuedTokens, start_session
from api.accounts.tokens import AccessTokens
from api.changes import consequences
from api.changes.schemas import PreferencesWritten
from api.errors import PreconditionFailed
from api.ledger import service as ledger
from api.ledger.models import LedgerEvent
from api.nudges import Nudges
from api.preferences import service as preferences
from api.preferences.merge_patch import apply_merge_patch
from api.preferences.schemas import PreferencesIn
from api.preferences.views import document_of
from api.receipts import service as receipts
from api.receipts.models import Receipt
from api.receipts.schemas import ReceiptRef

ACCOUNT_CREATED = "account.created"
ACCOUNT_DELETED = "account.deleted"


def create_account(
    session: Session,
    *,
    tokens: AccessTokens,
    refresh_ttl_seconds: int,
    device_label: str | None = None,
) -> IssuedTokens:
    """An anonymous account with default preferences, logged, and its first sign-in."""
    account = Account()
    session.add(account)
    session.flush()
    preferences.create_defaults(session, account_id=account.id)
    ledger.append(
        session, type=ACCOUNT_CREATED, account_id=account.id, payload={"account_id": account.id}
    )
    return start_session(
        session, account.id, tokens=tokens, ttl_seconds=refresh_ttl_seconds, label=device_label
    )


def record_change(
    session: Session,
    *,
    account_id: str,
    expected_version: int | None,
    data: PreferencesIn,
    issuer: receipts.Issuer,
    nudges: Nudges,
    corrections: Mapping[str, str] | None = None,
) -> PreferencesWritten:
    """Replace the person's preferences if nobody changed them since `expected_version`
    (else 412; None for any version), with everything that follows from the change, in one
    transaction."""
    change = preferences.update_preferences(
        session,
        account_id=account_id,
        expected_version=expected_version,
        data=data,
        corrections=corrections,
    )
    receipt = receipts.issue_for_change(session, change=change, issuer=issuer)
    consequences.preferences_changed(
        session,
        account_id=account_id,
        before=change.previous,
        after=change.preferences,
        at=change.event.created_at,
        nudges=nudges,
    )
    # Both parts were built from validated values: no need to validate them again.
    return PreferencesWritten.model_construct(**dict(change.preferences), receipt=receipt)


def receipt_for_event(session: Session, *, account_id: str, seq: int) -> ReceiptRef | None:
    """The person's receipt for the change logged at `seq`, if that change got one: what a
    repeated step answers with, as the step itself did."""
    row = session.exec(
        select(Receipt, LedgerEvent)
        .join(LedgerEvent, col(LedgerEvent.seq) == col(Receipt.event_seq))
        .where(Receipt.account_id == account_id, Receipt.event_seq == seq)
    ).first()
    if row is None:
        return None
    receipt, event = row
    return ReceiptRef(id=receipt.id, jws=receipt.jws, event_hash=event.hash, position=seq)


def patch_preferences(
    session: Session,
    *,
    account_id: str,
    expected_version: int | None,
    patch: dict[str, Any],
    issuer: receipts.Issuer,
    nudges: Nudges,
) -> PreferencesWritten:
    """Apply a JSON Merge Patch to the version the person read, then record it as any change.

    The patched document is validated whole (pydantic's ValidationError names each field); a
    patch on an older version is refused (412), as a PUT would be.
    """
    current = preferences.get_preferences(session, account_id=account_id)
    if expected_version is not None and current.version != expected_version:
        raise PreconditionFailed(
            f"Your copy is version {expected_version}; the current one is {current.version}."
        )
    document = apply_merge_patch(document_of(current), patch)
    # `region` may be null: a patch that removes it (`"region": null`) leaves it unsaid. The
    # other fields have no empty value, so removing one is refused, withdrawing included
    # (that is `"accounts": []`, said on purpose).
    document.setdefault("region", None)
    data = PreferencesIn.model_validate(document)
    return record_change(
        session,
        account_id=account_id,
        expected_version=current.version,  # the version patched, also for `If-Match: *`
        data=data,
        issuer=issuer,
        nudges=nudges,
    )


def delete_account(session: Session, *, account_id: str, nudges: Nudges) -> None:
    """Remove the person and everything of theirs; the log keeps only unreadable hashes."""
    last = preferences.get_preferences(session, account_id=account_id)
    ledger.forget_account(session, account_id)
    # Logged first: its append takes the ledger's head lock, which feed writers hold.
    event = ledger.append(session, type=ACCOUNT_DELETED, account_id=None, payload={})
    consequences.account_deleted(
        session, account_id=account_id, last=last, at=event.created_at, nudges=nudges
    )
    account = session.get(Account, account_id)
    if account is not None:
        session.delete(account)
    session.flush()
