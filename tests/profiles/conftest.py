"""Profile proofs read pages from a loopback stand-in of the platforms' sites."""

from collections.abc import Iterator

import pytest

from api.config import Settings
from tests.support.profiles import ProfilePages


@pytest.fixture
def pages() -> Iterator[ProfilePages]:
    with ProfilePages() as pages:
        yield pages


@pytest.fixture
def settings(settings: Settings, pages: ProfilePages) -> Settings:
    return settings.model_copy(
        update={
            "profile_page_base_urls": pages.base_urls(),
            "allow_loopback_profile_pages": True,
            "profile_page_timeout_seconds": 5.0,
            "allow_loopback_webhooks": True,  # a subscription to read the outbox; none delivered
        }
    )
