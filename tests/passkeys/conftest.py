"""Passkey tests run the service as the extension's options page and its web page would see it."""

from pathlib import Path

import pytest

from api.config import Settings

RP_ID = "optout.example.org"
WEB_ORIGIN = "https://optout.example.org"
EXTENSION_ORIGIN = "chrome-extension://" + "a" * 32


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path,
        webauthn_rp_id=RP_ID,
        webauthn_origins=[WEB_ORIGIN, EXTENSION_ORIGIN],
    )
