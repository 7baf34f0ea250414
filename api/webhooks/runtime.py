"""The delivery worker inside the service: built from settings, run for the app's lifetime."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from api.config import Settings
from api.webhooks.delivery import DeliveryWorker


def make_worker(settings: Settings, engine: Engine) -> DeliveryWorker:
    return DeliveryWorker(
        engine,
        timeout_seconds=settings.webhook_timeout_seconds,
        max_attempts=settings.webhook_max_attempts,
        retry_base_seconds=settings.webhook_retry_base_seconds,
        allow_loopback=settings.allow_loopback_webhooks,
    )


@asynccontextmanager
async def delivering(app: FastAPI) -> AsyncIterator[None]:
    """Lifespan: deliver in the background while the app serves (if settings say so)."""
    settings: Settings = app.state.settings
    worker: DeliveryWorker = app.state.delivery_worker
    if not settings.webhook_worker:
        yield
        return
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop), name="webhook-delivery")
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait([task], timeout=settings.webhook_timeout_seconds * 2 + 1)
        task.cancel()
