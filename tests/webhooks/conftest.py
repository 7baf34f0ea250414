"""Webhook tests run against real receivers on loopback, with quick retries."""

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from api.config import Settings
from tests.organisations.factories import Org, make_org
from tests.webhooks.receiver import Receiver


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


@pytest.fixture
def org(engine: Engine) -> Org:
    return make_org(engine)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver().start()
    yield receiver
    receiver.stop()
