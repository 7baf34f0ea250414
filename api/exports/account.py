"""A person's data export: everything the service holds about them, in one JSON document."""

from sqlmodel import Session, col, select

from api.accounts.models import Account, AuthSession
from api.errors import NotFound
from api.exports.schemas import AccountExport, SignInRecord
from api.ledger import service as ledger
from api.ledger.schemas import history_entry
from api.preferences import service as preferences


def export_account(session: Session, *, account_id: str) -> AccountExport:
    account = session.get(Account, account_id)
    if account is None:
        raise NotFound("No such account.")
    sign_ins = session.exec(
        select(AuthSession)
        .where(AuthSession.account_id == account_id)
        .order_by(col(AuthSession.created_at))
    )
    events = ledger.events_of(session, account_id, limit=1_000_000)
    return AccountExport(
        account_id=account.id,
        created_at=account.created_at,
        preferences=preferences.get_preferences(session, account_id=account_id),
        history=[history_entry(event) for event in reversed(events)],
        sign_ins=[
            SignInRecord(created_at=s.created_at, expires_at=s.expires_at, revoked_at=s.revoked_at)
            for s in sign_ins
        ],
    )
