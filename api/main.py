"""The application: builds the app from settings and mounts every domain's router."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy.engine import Engine

from api import models  # noqa: F401  (every table, so the metadata is whole)
from api.accounts.routes import router as accounts_router
from api.accounts.tokens import AccessTokens
from api.config import Settings, get_settings
from api.db import make_engine
from api.errors import install_problem_handlers
from api.ledger.routes import router as history_router
from api.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from api.ops.metrics import Metrics, MetricsMiddleware
from api.ops.routes import router as ops_router
from api.preferences.routes import router as preferences_router
from api.signing.keyring import KeyRing

DESCRIPTION = """
Records people's objections to AI training on what they post on Facebook and Instagram, and
explains, item by item, whether Meta's AI training would include a post or comment, why (with
the public source of each rule), and what would change that.

Every error is `application/problem+json` (RFC 9457) with a stable `type`.
"""

TAGS = [
    {"name": "accounts", "description": "Anonymous accounts, tokens, export and deletion"},
    {"name": "preferences", "description": "A person's opt-out preferences and history"},
    {"name": "operations", "description": "Health, readiness, metrics and keys"},
]
# The extension calls from its own origin; these are the only browser origins let through.
EXTENSION_ORIGIN_REGEX = r"^(chrome-extension://[a-p]{32}|moz-extension://[0-9a-f-]{36})$"


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    engine = engine or make_engine(settings.effective_database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="AI Opt-Out",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    keyring = KeyRing(engine)
    keyring.prime()
    app.state.settings = settings
    app.state.engine = engine
    app.state.keyring = keyring
    app.state.access_tokens = AccessTokens(
        keyring, issuer=settings.issuer, ttl_seconds=settings.access_token_ttl_seconds
    )
    app.state.metrics = Metrics()

    install_problem_handlers(app)
    app.include_router(accounts_router, prefix="/v1", tags=["accounts"])
    app.include_router(preferences_router, prefix="/v1", tags=["preferences"])
    app.include_router(history_router, prefix="/v1", tags=["preferences"])
    app.include_router(ops_router, tags=["operations"])

    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_origin_regex=EXTENSION_ORIGIN_REGEX,
        allow_methods=["GET", "PUT", "POST", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "If-Match"],
        expose_headers=["ETag", "Retry-After"],
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    return app
