"""Issuing and spending recovery codes and link codes; each spent code starts a new sign-in.

Codes are stored only as hashes and found by their hash. Spending one is a single conditional
statement (`… WHERE used_at IS NULL`), so two requests racing with the same code cannot both
win. A refused code changes nothing: no row, no event, no sign-in.
"""

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from api.accounts.models import Account
from api.accounts.service import IssuedTokens, start_session
from api.accounts.tokens import AccessTokens
from api.ledger import service as ledger
from api.recovery.codes import code_hash, new_link_code, new_recovery_code
from api.recovery.errors import LinkCodeExpired, LinkCodeInvalid, LinkCodeUsed, RecoveryCodeInvalid
from api.recovery.models import LinkCode, RecoveryCode
from api.sqltypes import utcnow

RECOVERY_CODES_PER_SET = 10
RECOVERY = "recovery"
LINK = "link"
RECOVERY_CODES_ISSUED = "recovery_codes.issued"
RECOVERY_CODE_USED = "recovery_code.used"
LINK_CODE_ISSUED = "link_code.issued"
DEVICE_LINKED = "device.linked"


@dataclass(frozen=True)
class IssuedRecoveryCodes:
    codes: list[str]
    created_at: datetime


@dataclass(frozen=True)
class RecoveryCodesLeft:
    remaining: int
    total: int
    created_at: datetime | None


@dataclass(frozen=True)
class IssuedLinkCode:
    code: str
    expires_at: datetime


def issue_recovery_codes(
    session: Session, *, account_id: str, now: datetime | None = None
) -> IssuedRecoveryCodes:
    """A new set of ten codes, replacing any earlier set. The codes are returned only here."""
    now = now or utcnow()
    _lock_account(session, account_id)
    session.exec(delete(RecoveryCode).where(col(RecoveryCode.account_id) == account_id))
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES_PER_SET)]
    session.add_all(
        RecoveryCode(account_id=account_id, code_hash=code_hash(RECOVERY, code), created_at=now)
        for code in codes
    )
    session.flush()
    ledger.append(
        session,
        type=RECOVERY_CODES_ISSUED,
        account_id=account_id,
        payload={"count": RECOVERY_CODES_PER_SET},
    )
    return IssuedRecoveryCodes(codes=codes, created_at=now)


def recovery_codes_left(session: Session, *, account_id: str) -> RecoveryCodesLeft:
    total, remaining, created_at = session.exec(
        select(
            func.count(),
            func.count(col(RecoveryCode.id)).filter(col(RecoveryCode.used_at).is_(None)),
            func.min(RecoveryCode.created_at),
        ).where(RecoveryCode.account_id == account_id)
    ).one()
    return RecoveryCodesLeft(remaining=remaining, total=total, created_at=created_at)


def recover(
    session: Session,
    *,
    code: str,
    tokens: AccessTokens,
    ttl_seconds: int,
    label: str | None = None,
    now: datetime | None = None,
) -> IssuedTokens:
    """Spend a recovery code: a new sign-in for its account. Unknown and spent codes are
    refused alike, with the same single statement."""
    now = now or utcnow()
    digest = code_hash(RECOVERY, code)
    spent = (
        session.connection()
        .execute(
            update(RecoveryCode)
            .where(col(RecoveryCode.code_hash) == digest, col(RecoveryCode.used_at).is_(None))
            .values(used_at=now)
            .returning(col(RecoveryCode.account_id), col(RecoveryCode.code_hash))
        )
        .first()
    )
    if spent is None or not hmac.compare_digest(spent.code_hash, digest):
        raise RecoveryCodeInvalid("The code is wrong or was already used.")
    account_id: str = spent.account_id
    left = recovery_codes_left(session, account_id=account_id)
    ledger.append(
        session,
        type=RECOVERY_CODE_USED,
        account_id=account_id,
        payload={"remaining": left.remaining},
    )
    return start_session(session, account_id, tokens=tokens, ttl_seconds=ttl_seconds, label=label)


def issue_link_code(
    session: Session,
    *,
    account_id: str,
    ttl_seconds: int,
    max_live: int,
    now: datetime | None = None,
) -> IssuedLinkCode:
    """A single-use code for a second device. At most `max_live` are live at once: a new one
    retires the oldest. The account's spent and expired codes are dropped here."""
    now = now or utcnow()
    _lock_account(session, account_id)
    mine = col(LinkCode.account_id) == account_id
    session.exec(
        delete(LinkCode).where(
            mine, (col(LinkCode.used_at).is_not(None)) | (col(LinkCode.expires_at) <= now)
        )
    )
    live = session.exec(
        select(LinkCode.id).where(mine).order_by(col(LinkCode.created_at).desc(), col(LinkCode.id))
    ).all()
    if len(live) >= max_live:
        session.exec(delete(LinkCode).where(col(LinkCode.id).in_(live[max_live - 1 :])))
    code = new_link_code()
    expires_at = now + timedelta(seconds=ttl_seconds)
    session.add(
        LinkCode(
            account_id=account_id,
            code_hash=code_hash(LINK, code),
            created_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()
    ledger.append(
        session,
        type=LINK_CODE_ISSUED,
        account_id=account_id,
        payload={"expires_at": expires_at.isoformat()},
    )
    return IssuedLinkCode(code=code, expires_at=expires_at)


def link_device(
    session: Session,
    *,
    code: str,
    tokens: AccessTokens,
    ttl_seconds: int,
    label: str | None = None,
    now: datetime | None = None,
) -> IssuedTokens:
    """Spend a link code: a new sign-in for the account that made it."""
    now = now or utcnow()
    digest = code_hash(LINK, code)
    row = session.exec(
        select(LinkCode).where(LinkCode.code_hash == digest).with_for_update()
    ).first()
    if row is None or not hmac.compare_digest(row.code_hash, digest):
        raise LinkCodeInvalid("No such link code: check it, or make a new one.")
    if row.used_at is not None:
        raise LinkCodeUsed("Each link code works once: make a new one on your first device.")
    if row.expires_at <= now:
        raise LinkCodeExpired("Make a new link code on your first device.")
    row.used_at = now
    session.add(row)
    ledger.append(
        session, type=DEVICE_LINKED, account_id=row.account_id, payload={"via": "link_code"}
    )
    return start_session(
        session, row.account_id, tokens=tokens, ttl_seconds=ttl_seconds, label=label
    )


def _lock_account(session: Session, account_id: str) -> None:
    """Serialise a person's concurrent issues, so a set replaces the last one whole and the
    live limit holds (SQLite's writers are serial already)."""
    session.exec(select(Account.id).where(Account.id == account_id).with_for_update()).first()
