"""A real OpenID Connect provider for the whole module, and the service configured to use it."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.config import OidcProvider, Settings
from tests.oidc.provider import REDIRECT_URI, MockProvider, free_port


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[MockProvider]:
    provider = MockProvider(free_port()).start()
    yield provider
    provider.stop()


def provider_settings(provider: MockProvider, *, name: str = "mock") -> OidcProvider:
    return OidcProvider.model_validate(
        {
            "name": name,
            "discovery_url": provider.discovery_url,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
        }
    )


@pytest.fixture
def settings(database_url: str, tmp_path: Path, oidc_provider: MockProvider) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path,
        oidc_providers=[provider_settings(oidc_provider)],
        oidc_redirect_uris=[REDIRECT_URI],
        oidc_timeout_seconds=2.0,
    )
