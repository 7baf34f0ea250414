"""What a receipt states, and which preference changes deserve one.

A receipt is issued when the *opt-out* changes: the set of covered platform accounts, the scope
while at least one account is covered, or an objection's state or dates. Region, the `listed`
flag and the order of accounts alone change no opt-out and get none (docs/evidence.md).
"""

import hashlib
from typing import Any

from api.ledger.models import LoggedEvent
from api.preferences.schemas import LinkedAccountOut, PreferencesOut
from api.receipts.schemas import Action

RECEIPT_TYPE = "optout-receipt+jws"
HEAD_TYPE = "ledger-head+jws"
# Domain separation: this digest of an account id means "receipt subject" and nothing else.
_SUBJECT_PREFIX = "ai-optout/receipt-subject/v1|"


def subject_of(account_id: str) -> str:
    """The account's pseudonym in receipts: SHA-256 of a fixed prefix and the account id.

    Account ids are 122 random bits, so the digest cannot be reversed or guessed; the person,
    who knows their id (GET /v1/me/export), can recompute it to show a receipt is theirs.
    """
    return hashlib.sha256((_SUBJECT_PREFIX + account_id).encode()).hexdigest()


def _account_terms(account: LinkedAccountOut) -> tuple[str, ...]:
    objection = account.objection
    return (
        account.platform,
        account.profile or "",
        objection.state,
        objection.submitted_on.isoformat() if objection.submitted_on else "",
        objection.confirmed_on.isoformat() if objection.confirmed_on else "",
        objection.withdrawn_on.isoformat() if objection.withdrawn_on else "",
    )


def _terms(preferences: PreferencesOut) -> tuple[frozenset[tuple[str, ...]], Any]:
    accounts = frozenset(_account_terms(account) for account in preferences.accounts)
    # Without a covered account the scope covers nothing, so changing it alone is no opt-out.
    return accounts, (preferences.scope if accounts else None)


def action_for(previous: PreferencesOut, current: PreferencesOut) -> Action | None:
    """The receipt's action for a change, or None when the opt-out itself did not change."""
    if _terms(previous) == _terms(current):
        return None
    if not previous.accounts:
        return "recorded"
    if not current.accounts:
        return "withdrawn"
    return "changed"


def receipt_claims(
    *,
    receipt_id: str,
    issuer: str,
    account_id: str,
    preferences: PreferencesOut,
    action: Action,
    event: LoggedEvent,
    policy_version: str | None,
    changes: list[dict[str, Any]],
) -> dict[str, Any]:
    return {
        "iss": issuer,
        "jti": receipt_id,
        "sub": subject_of(account_id),
        "iat": int(event.created_at.timestamp()),
        "action": action,
        "accounts": [
            {
                "platform": account.platform,
                "profile": account.profile,
                "objection": account.objection.state,
                "submitted_on": _day(account.objection.submitted_on),
                "confirmed_on": _day(account.objection.confirmed_on),
                "withdrawn_on": _day(account.objection.withdrawn_on),
            }
            for account in preferences.accounts
        ],
        "scope": preferences.scope,
        "region": preferences.region,
        # Exactly what this change did: field, from, to (api/preferences/diff.py).
        "changes": changes,
        "policy_version": policy_version,
        "event": {"seq": event.seq, "hash": event.hash},
    }


def _day(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())
