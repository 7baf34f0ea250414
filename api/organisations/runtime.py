"""The organisation features' moving parts inside one app: the rate limiter, the bulk-check
index and the webhook worker, and the hooks that keep the last two in step after each commit."""

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.checks.index import CheckIndex
from api.config import Settings
from api.organisations import hooks
from api.organisations.ratelimit import make_limiter
from api.webhooks.runtime import make_worker


def attach(app: FastAPI, settings: Settings, engine: Engine) -> None:
    app.state.rate_limiter = make_limiter(
        redis_url=settings.redis_url,
        limit=settings.api_key_rate_per_minute,
        prefix=settings.redis_key_prefix,
    )
    app.state.check_index = CheckIndex(engine)
    app.state.delivery_worker = make_worker(settings, engine)
    hooks.install()
    hooks.on_commit(engine, "checks", app.state.check_index.catch_up)
    hooks.on_commit(engine, "webhooks", app.state.delivery_worker.wake)
