"""The robustness suite's settings: the suite's own operator token opens the admin API, and no
webhook is delivered from inside the process under test."""

from pathlib import Path

import pytest

from api.config import Settings
from tests.robustness.access import OPERATOR_TOKEN_HASH


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path,
        max_body_bytes=256 * 1024,
        admin_token_hash=OPERATOR_TOKEN_HASH,
        webhook_worker=False,
    )
