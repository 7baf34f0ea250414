"""Webhook tests run against real receivers on loopback, with quick retries."""

import pytest

from api.config import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "allow_loopback_webhooks": True,
            "webhook_retry_base_seconds": 0.05,
            "webhook_timeout_seconds": 2.0,
            "webhook_max_attempts": 3,
        }
    )
