"""The service's settings: one class, read once from `AI_OPTOUT_*` variables (and `.env`)."""

import re
from functools import lru_cache
from ipaddress import ip_network
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.platforms import SITES, Platform


class OidcProvider(BaseModel):
    """An OpenID Connect provider this service is registered with as a client."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")
    # https://…/.well-known/openid-configuration (plain http only on loopback, for tests).
    discovery_url: str = Field(pattern=r"^(https://|http://(127\.0\.0\.1|localhost|\[::1\])[:/])")
    client_id: str = Field(min_length=1, max_length=255)
    client_secret: SecretStr = SecretStr("")


class Settings(BaseSettings):
    """Everything an operator can set. No other module reads the environment."""

    model_config = SettingsConfigDict(env_prefix="AI_OPTOUT_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    # Empty means the embedded SQLite file under `data_dir`.
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    access_token_ttl_seconds: int = Field(default=900, ge=30, le=86_400)
    refresh_token_ttl_seconds: int = Field(default=30 * 86_400, ge=300)
    # A refresh token presented again this soon after it rotated gets the same successor
    # (concurrent refreshes from one client); later, the repeat revokes the sign-in.
    refresh_reuse_seconds: int = Field(default=30, ge=0, le=300)
    # Bodies above this size are refused before parsing (explain: 500 items ≈ 80 KB).
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Origins (besides the extension's own) that may call the API from a browser.
    cors_origins: list[str] = []
    # Statistics are differentially private (docs/statistics.md): each answer spends
    # `stats_epsilon_per_query` of its organisation's `stats_epsilon_per_period`, which renews
    # `stats_budget_period_days` after the period's first answer.
    stats_epsilon_per_query: float = Field(default=0.25, gt=0, le=5)
    stats_epsilon_per_period: float = Field(default=1.0, gt=0, le=100)
    stats_budget_period_days: int = Field(default=30, ge=1, le=366)
    redis_url: str = ""
    # Organisation API keys: requests per key per minute (shared across replicas via Redis).
    api_key_rate_per_minute: int = Field(default=600, ge=1)
    # SHA-256 (hex) of the operator token that opens /v1/admin; empty disables the admin API.
    admin_token_hash: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")
    # Key prefix for everything this service keeps in Redis (tests use their own).
    redis_key_prefix: str = "ai-optout:"
    # Webhook delivery: per-request timeout, retries with exponential backoff, then dead.
    webhook_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
    webhook_max_attempts: int = Field(default=10, ge=1, le=50)
    webhook_retry_base_seconds: float = Field(default=30.0, gt=0)
    webhook_worker: bool = True  # deliver from inside the service process
    # Webhook secret rotation: how long the replaced secret still signs deliveries (0: not at all).
    webhook_secret_overlap_hours: float = Field(default=24.0, ge=0, le=168)
    # Plain-http and loopback receivers, for tests and local development only.
    allow_loopback_webhooks: bool = False
    # Bulk checks answer from an in-memory index; false answers from the database instead.
    checks_use_index: bool = True
    checks_poll_seconds: float = Field(default=2.0, gt=0)
    checks_resync_seconds: float = Field(default=3600.0, gt=0)
    # Profile ownership (docs/profile-ownership.md): a listed profile reaches checks and member
    # lists only once a one-time code is found on its public page. Where the pages are read (a
    # loopback stand-in only in tests, with allow_loopback_profile_pages), the fetch's bounds,
    # how long a code waits to be put up, how often a verified proof is looked at again, and how
    # many checks one account may ask for per minute.
    profile_page_base_urls: dict[Platform, str] = {p: site.home for p, site in SITES.items()}
    allow_loopback_profile_pages: bool = False
    profile_page_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    profile_page_max_bytes: int = Field(default=2_000_000, ge=1024)
    profile_code_ttl_seconds: int = Field(default=7 * 86_400, ge=60)
    profile_recheck_days: float = Field(default=30.0, gt=0)
    profile_recheck_poll_seconds: float = Field(default=600.0, gt=0)
    profile_recheck_worker: bool = True
    profile_checks_per_account_per_minute: int = Field(default=5, ge=1)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # OpenID Connect sign-in: the providers (a JSON list of {name, discovery_url, client_id,
    # client_secret}), the exact redirect URIs a flow may return to, and the calls' timeout.
    oidc_providers: list[OidcProvider] = []
    oidc_redirect_uris: list[str] = []
    oidc_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
    # Passkeys: the relying party's id (a domain the ceremony's document may claim: the service's
    # own host, which the extension claims through its host permission) and name, and the exact
    # origins whose ceremonies are accepted (the service's page, the extension's
    # chrome-extension://<id>); see docs/decisions.md.
    webauthn_rp_id: str = Field(default="localhost", min_length=1, max_length=253)
    webauthn_rp_name: str = Field(default="AI Opt-Out", min_length=1, max_length=100)
    webauthn_origins: list[str] = ["http://localhost:8000"]
    issuer: str = "ai-optout"
    # The web page's public address, for links sent to a second device ("" = as requested).
    public_base_url: str = Field(default="", pattern=r"^(https?://[^#?\s]+)?$")
    # Link codes: how long each lives, and how many one account may have live at once.
    link_code_ttl_seconds: int = Field(default=300, ge=30, le=3600)
    link_codes_live_max: int = Field(default=3, ge=1, le=20)
    # Attempts at recovery and link codes, per minute: per client address, per code, overall.
    code_attempts_per_address_per_minute: int = Field(default=10, ge=1)
    code_attempts_per_code_per_minute: int = Field(default=5, ge=1)
    code_attempts_per_minute: int = Field(default=300, ge=1)
    # Slow clients and storage trouble (api/middleware.py, /readyz): a request's whole body must
    # arrive within this many seconds (else 408) before it may wait for a database slot;
    # /readyz fails once a request has waited this long for a slot; storage trouble answers 503
    # with this Retry-After; /readyz fails when the SQLite file's disk has less free than this.
    body_read_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    slots_starved_seconds: float = Field(default=5.0, gt=0)
    storage_retry_after_seconds: int = Field(default=5, ge=1, le=3600)
    storage_min_free_bytes: int = Field(default=16 * 1024 * 1024, ge=0)
    # Idempotency-Key (docs/idempotency.md): how long a write's answer is kept for retries, and
    # how long an attempt holds its key before a retry may take it over (its process died).
    idempotency_ttl_seconds: int = Field(default=86_400, ge=60, le=7 * 86_400)
    idempotency_lease_seconds: float = Field(default=30.0, ge=1, le=600)
    # Rate limits on the doors anyone can knock on (docs/rate-limits.md), per client address
    # (an IPv6 client by its /64) unless named otherwise; shared through Redis when `redis_url`
    # is set. Failures (wrong API-key secrets, wrong operator tokens) count only when they fail.
    accounts_per_address_per_hour: int = Field(default=20, ge=1)
    explain_per_address_per_minute: int = Field(default=120, ge=1)
    # Explained items per address per minute (at least one full batch of 500).
    explain_items_per_address_per_minute: int = Field(default=5000, ge=500)
    # "This page looks wrong" reports per address per hour (anyone may send them).
    page_reports_per_address_per_hour: int = Field(default=30, ge=1)
    join_attempts_per_address_per_minute: int = Field(default=30, ge=1)
    join_attempts_per_account_per_minute: int = Field(default=10, ge=1)
    key_failures_per_address_per_minute: int = Field(default=10, ge=1)
    key_failures_per_key_per_minute: int = Field(default=20, ge=1)
    operator_failures_per_address_per_minute: int = Field(default=5, ge=1)
    # Reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed: the client is the
    # first untrusted hop from the right. Empty (the default): the socket peer, never a header.
    trusted_proxies: list[str] = []
    # Browser extensions whose origin may call the API (CORS): Chromium ids (32 letters a–p) and
    # Firefox per-install UUIDs. The default is this project's Chromium id, pinned by the
    # manifest's `key` (tests/ratelimits/test_cors.py derives it).
    extension_ids: list[str] = ["jlibfeehlkcgdckjcinhjbflpcjnncjp"]
    # Firefox add-on ids (the manifest's browser_specific_settings.gecko.id) whose options page
    # may run passkey ceremonies: Firefox writes one origin per add-on id into them, the same in
    # every profile (api/origins.py). The default is this project's add-on id.
    firefox_addon_ids: list[str] = ["ai-optout@ai-optout.org"]

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("database_url must be a sqlite:// or postgresql:// URL")
        return value

    @field_validator("stats_epsilon_per_period")
    @classmethod
    def _one_answer_fits_a_period(cls, value: float, info: ValidationInfo) -> float:
        if value < info.data.get("stats_epsilon_per_query", 0):
            raise ValueError("stats_epsilon_per_period must pay for at least one answer")
        return value

    @field_validator("idempotency_lease_seconds")
    @classmethod
    def _lease_within_ttl(cls, value: float, info: ValidationInfo) -> float:
        # A key pruned while its attempt runs would let a retry do the write again.
        if value * 2 > info.data.get("idempotency_ttl_seconds", 86_400):
            raise ValueError("idempotency_lease_seconds must be at most half the TTL")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            ip_network(entry, strict=False)  # a ValueError names the bad entry
        return value

    @field_validator("extension_ids")
    @classmethod
    def _extension_ids(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not re.fullmatch(r"[a-p]{32}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", entry):
                raise ValueError(f"{entry!r} is neither a Chromium id nor a Firefox UUID")
        return value

    @field_validator("firefox_addon_ids")
    @classmethod
    def _firefox_addon_ids(cls, value: list[str]) -> list[str]:
        # The two forms addons.mozilla.org accepts: an e-mail-like id, or a GUID in braces.
        for entry in value:
            if not re.fullmatch(r"[\w.+-]+@[\w.-]+|\{[0-9a-fA-F-]{36}\}", entry):
                raise ValueError(f"{entry!r} is not a Firefox add-on id (name@domain or {{GUID}})")
        return value

    @field_validator("allow_loopback_webhooks")
    @classmethod
    def _loopback_not_in_production(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("environment") == "production":
            raise ValueError("allow_loopback_webhooks is for test and development only")
        return value

    @field_validator("allow_loopback_profile_pages")
    @classmethod
    def _profile_pages_not_loopback_in_production(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("environment") == "production":
            raise ValueError("allow_loopback_profile_pages is for test and development only")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ai-optout.db').resolve()}"

    @property
    def uses_embedded_database(self) -> bool:
        return self.effective_database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
