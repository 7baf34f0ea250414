"""The robustness suite's settings: the suite's own operator token opens the admin API, and no
webhook is delivered from inside the process under test."""

from pathlib import Path

import pytest

from api.config import Settings
from tests.robustness.access import OPERATOR_TOKEN_HASH
from tests.support.settings import for_tests


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    settings = Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path,
        max_body_bytes=256 * 1024,
        admin_token_hash=OPERATOR_TOKEN_HASH,
        webhook_worker=False,
        # The extension origins the hardening tests let through (test_hardening.py).
        extension_ids=["abcdefghijklmnopabcdefghijklmnop", "3f2c6a1e-9b7d-4c1a-8e2f-1a2b3c4d5e6f"],
    )
    return for_tests(settings)
