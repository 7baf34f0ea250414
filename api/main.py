"""The application: builds the app from settings and mounts every domain's router."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import models  # noqa: F401  (every table, so the metadata is whole)
from api.accounts.routes import router as accounts_router
from api.accounts.tokens import AccessTokens
from api.authorisations.routes import org_router as members_router
from api.authorisations.routes import router as authorisations_router
from api.campaigns.routes import org_router as org_campaigns_router
from api.campaigns.routes import router as campaigns_router
from api.changes.routes import account_router as account_changes_router
from api.changes.routes import router as changes_router
from api.checks import feed as checks_feed
from api.checks.index import CheckIndex
from api.checks.routes import router as checks_router
from api.checks.schemas import CheckRequest
from api.checks.sync import keeping_in_step
from api.config import Settings, get_settings
from api.credentials.routes import router as credentials_router
from api.db import RequestSlots, make_engine, request_slots
from api.errors import install_problem_handlers
from api.explain.routes import router as explain_router
from api.explain.schemas import ExplainRequest
from api.exports.routes import org_router as org_exports_router
from api.exports.routes import router as exports_router
from api.http_conventions import HttpConventionsMiddleware
from api.idempotency.middleware import IdempotencyMiddleware, document_idempotency
from api.ledger.routes import router as history_router
from api.middleware import ConcurrencyLimitMiddleware, EdgeMiddleware, OriginCORSMiddleware
from api.nudges import Nudges
from api.objections.routes import router as objections_router
from api.oidc.provider import Providers
from api.oidc.routes import router as oidc_router
from api.openapi import document_bodies, document_problems
from api.ops.docs import install_docs
from api.ops.logging import note_errors
from api.ops.metrics import Metrics
from api.ops.readiness import Readiness
from api.ops.routes import router as ops_router
from api.ops.startup import Startup, StartupGate, started_when_ready
from api.organisations.routes import admin_router
from api.organisations.routes import router as organisations_router
from api.origins import extension_origin_regex
from api.page_reports.routes import admin_router as page_reports_admin_router
from api.page_reports.routes import router as page_reports_router
from api.page_rules.routes import router as page_rules_router
from api.passkeys.routes import router as passkeys_router
from api.policies.routes import router as policies_router
from api.preferences.aipref import router as aipref_router
from api.preferences.routes import router as preferences_router
from api.profiles.routes import router as profiles_router
from api.profiles.runtime import ProfileProofs, rechecking
from api.ratelimits.headers import FIELDS as RATE_LIMIT_FIELDS
from api.ratelimits.limiter import close_loop_clients
from api.ratelimits.service import RateLimits
from api.receipts.ledger_routes import router as ledger_router
from api.receipts.routes import router as receipts_router
from api.receipts.service import Issuer as ReceiptIssuer
from api.recovery.limits import CodeAttempts
from api.recovery.routes import router as recovery_router
from api.signing.keyring import KeyRing
from api.site.routes import install_site
from api.stats.routes import router as stats_router
from api.webhooks.policy_changes import announcing
from api.webhooks.routes import router as webhooks_router
from api.webhooks.runtime import delivering, make_worker

DESCRIPTION = """
Records people's objections to AI training on what they post on Facebook and Instagram, and
explains, item by item, whether Meta's AI training would include a post or comment, why (with
the public source of each rule), and what would change that.

Every error is `application/problem+json` (RFC 9457) with a stable `type`.
"""

TAGS = [
    {"name": "accounts", "description": "Anonymous accounts, tokens, export and deletion"},
    {"name": "preferences", "description": "A person's opt-out preferences and history"},
    {"name": "explain", "description": "Would Meta's AI training include an item, and why"},
    {"name": "operations", "description": "Health, readiness, metrics and keys"},
    {"name": "memberships", "description": "Campaigns you joined and groups you authorised"},
    {"name": "organisations", "description": "For groups with an API key: members, stats, hooks"},
    {"name": "checks", "description": "For dataset builders: bulk opt-out checks"},
    {"name": "extension", "description": "The extension's signed page rules, and page reports"},
    {"name": "admin", "description": "For the operator: organisations and their API keys"},
    {"name": "evidence", "description": "Receipts, the event log's chain, objection letters"},
]


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    engine = engine or make_engine(settings.effective_database_url)

    @asynccontextmanager
    async def background(app: FastAPI) -> AsyncIterator[None]:
        # The only place background work starts: the check index follows the feed, the
        # deliverer works through the outbox, policy changes are announced; all stop before
        # the engine goes.
        async with keeping_in_step(app), delivering(app), rechecking(app), announcing(engine):
            yield

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Serves whatever state the database is in; what needs it starts once it can.
        async with started_when_ready(app.state.startup, keyring.prime, lambda: background(app)):
            # Everything built so far (modules, routes, models, the check index) lives as long
            # as the process: kept out of the cyclic collector's full passes, which otherwise
            # walk it all and stall the event loop for tens of milliseconds now and then.
            gc.freeze()
            yield
        await close_loop_clients()
        engine.dispose()

    app = FastAPI(
        title="AI Opt-Out",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # served by api/ops/docs.py, without a CDN
        redoc_url=None,
        # The service's own metrics and access log (EdgeMiddleware) say what OpenTelemetry
        # would; FastAPI's native instrumentation otherwise looks for configured providers on
        # every request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    keyring = KeyRing(engine)
    # Without a reachable, migrated database the app is still built (api/ops/startup.py).
    app.state.startup = Startup.after(keyring.prime)
    app.state.readiness = Readiness(engine, settings.storage_min_free_bytes, app.state.startup)
    app.state.settings = settings
    app.state.engine = engine
    app.state.keyring = keyring
    app.state.receipt_issuer = ReceiptIssuer(keyring=keyring, name=settings.issuer)
    app.state.access_tokens = AccessTokens(
        keyring, issuer=settings.issuer, ttl_seconds=settings.access_token_ttl_seconds
    )
    app.state.metrics = Metrics()
    app.state.oidc_providers = Providers(
        settings.oidc_providers, timeout=settings.oidc_timeout_seconds
    )
    app.state.rate_limits = RateLimits.from_settings(settings)
    app.state.code_attempts = CodeAttempts.from_settings(settings)
    app.state.check_index = CheckIndex(engine)
    app.state.delivery_worker = make_worker(settings, engine)
    app.state.profile_proofs = ProfileProofs.from_settings(settings, feed=checks_feed.record)
    app.state.nudges = Nudges(
        check_index=app.state.check_index.catch_up, deliverer=app.state.delivery_worker.wake
    )

    install_problem_handlers(app)
    document_bodies(app, ExplainRequest)
    document_bodies(app, CheckRequest)
    document_idempotency(app)
    document_problems(app)  # last: it completes what the others add (api/openapi.py)
    # The router tries routes in order: the hottest calls (the extension's explain and preference
    # read, a person's change, dataset builders' checks) come first, before some ninety others.
    # Explain goes first: each route tried before it costs it ~1 % (its one route costs the read
    # less).
    app.include_router(explain_router, prefix="/v1", tags=["explain"])
    app.include_router(preferences_router, prefix="/v1", tags=["preferences"])
    app.include_router(changes_router, prefix="/v1", tags=["preferences"])
    app.include_router(checks_router, prefix="/v1", tags=["checks"])
    app.include_router(account_changes_router, prefix="/v1", tags=["accounts"])
    app.include_router(accounts_router, prefix="/v1", tags=["accounts"])
    app.include_router(oidc_router, prefix="/v1", tags=["accounts"])
    app.include_router(recovery_router, prefix="/v1", tags=["accounts"])
    app.include_router(exports_router, prefix="/v1", tags=["accounts"])
    app.include_router(passkeys_router, prefix="/v1", tags=["accounts"])
    app.include_router(credentials_router, prefix="/v1", tags=["accounts"])
    app.include_router(aipref_router, prefix="/v1", tags=["preferences"])
    app.include_router(profiles_router, prefix="/v1", tags=["preferences"])
    app.include_router(history_router, prefix="/v1", tags=["preferences"])
    app.include_router(policies_router, prefix="/v1", tags=["explain"])
    app.include_router(page_rules_router, prefix="/v1", tags=["extension"])
    app.include_router(page_reports_router, prefix="/v1", tags=["extension"])
    app.include_router(ops_router, tags=["operations"])
    app.include_router(campaigns_router, prefix="/v1", tags=["memberships"])
    app.include_router(authorisations_router, prefix="/v1", tags=["memberships"])
    app.include_router(organisations_router, prefix="/v1", tags=["organisations"])
    app.include_router(members_router, prefix="/v1", tags=["organisations"])
    app.include_router(org_campaigns_router, prefix="/v1", tags=["organisations"])
    app.include_router(stats_router, prefix="/v1", tags=["organisations"])
    app.include_router(webhooks_router, prefix="/v1", tags=["organisations"])
    app.include_router(org_exports_router, prefix="/v1", tags=["organisations"])
    app.include_router(admin_router, prefix="/v1", tags=["admin"])
    app.include_router(page_reports_admin_router, prefix="/v1", tags=["admin"])
    app.include_router(receipts_router, prefix="/v1", tags=["evidence"])
    app.include_router(ledger_router, prefix="/v1", tags=["evidence"])
    app.include_router(objections_router, prefix="/v1", tags=["evidence"])
    # Pages for people, after the API's routes: the web page at / and the docs.
    install_site(app)
    install_docs(app)

    # Innermost, inside a request slot: a write sent with an Idempotency-Key is committed here
    # together with its answer (docs/idempotency.md).
    app.add_middleware(
        IdempotencyMiddleware,
        engine=engine,
        tokens=app.state.access_tokens,
        ttl_seconds=settings.idempotency_ttl_seconds,
        lease_seconds=settings.idempotency_lease_seconds,
        storage_retry_after=settings.storage_retry_after_seconds,
    )
    # One set of request slots, which /readyz also looks at (starved slots: not ready).
    app.state.request_slots = RequestSlots(request_slots(engine))
    app.add_middleware(ConcurrencyLimitMiddleware, slots=app.state.request_slots)
    # Until start-up is done the data routes answer 503 at once, without taking a slot.
    app.add_middleware(
        StartupGate,
        startup=app.state.startup,
        retry_after=settings.storage_retry_after_seconds,
    )
    # HEAD wherever GET, and 415 for a body of a media type the operation does not take:
    # before a request slot, as neither needs the database.
    app.add_middleware(HttpConventionsMiddleware)
    app.add_middleware(
        OriginCORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_origin_regex=extension_origin_regex(settings.extension_ids),
        allow_methods=["GET", "PUT", "PATCH", "POST", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
        expose_headers=[
            "ETag",
            "Link",
            "Content-Usage",
            "Idempotent-Replayed",
            *RATE_LIMIT_FIELDS,
        ],
    )
    if settings.trusted_proxies:
        # Only behind a configured proxy: the client address (and scheme) from its headers.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    # Outermost, so it logs and counts the status the client got: request id, access log,
    # metrics, security headers, the body limit and the body's deadline, in one layer.
    app.add_middleware(
        EdgeMiddleware,
        metrics=app.state.metrics,
        max_bytes=settings.max_body_bytes,
        body_timeout=settings.body_read_timeout_seconds,
    )
    # Last: every exception handler installed above notes its error for the access log.
    note_errors(app)
    return app
