"""Every table, imported in one place so Alembic and the tests see the whole schema."""

from api.accounts.models import Account, AuthSession
from api.ledger.models import LedgerEvent, LedgerHead
from api.preferences.models import LinkedAccount, Preferences
from api.signing.models import SigningKey

__all__ = [
    "Account",
    "AuthSession",
    "LedgerEvent",
    "LedgerHead",
    "LinkedAccount",
    "Preferences",
    "SigningKey",
]
