"""Every table, imported in one place so Alembic and the tests see the whole schema."""

from api.accounts.models import Account, AuthSession
from api.authorisations.models import Authorisation
from api.campaigns.models import Campaign, CampaignMember
from api.checks.models import CheckChange
from api.idempotency.models import IdempotencyKey
from api.ledger.models import LedgerEvent, LedgerHead
from api.oidc.models import OidcFlow, OidcIdentity
from api.organisations.models import ApiKey, Organisation
from api.page_reports.models import PageReport
from api.page_rules.models import PageRules
from api.passkeys.models import Passkey, PasskeyChallenge
from api.preferences.models import LinkedAccount, Preferences
from api.profiles.models import ProfileProof
from api.receipts.models import Receipt
from api.recovery.models import LinkCode, RecoveryCode
from api.signing.models import SigningKey
from api.stats.models import PrivacyBudget, ReleasedStatistics
from api.webhooks.models import WebhookAttempt, WebhookEndpoint, WebhookMessage

__all__ = [
    "Account",
    "ApiKey",
    "AuthSession",
    "Authorisation",
    "Campaign",
    "CampaignMember",
    "CheckChange",
    "IdempotencyKey",
    "LedgerEvent",
    "LedgerHead",
    "LinkCode",
    "LinkedAccount",
    "OidcFlow",
    "OidcIdentity",
    "Organisation",
    "PageReport",
    "PageRules",
    "Passkey",
    "PasskeyChallenge",
    "Preferences",
    "PrivacyBudget",
    "ProfileProof",
    "Receipt",
    "RecoveryCode",
    "ReleasedStatistics",
    "SigningKey",
    "WebhookAttempt",
    "WebhookEndpoint",
    "WebhookMessage",
]
