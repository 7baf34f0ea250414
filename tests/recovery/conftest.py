"""Fixtures of the recovery and link code tests."""

import pytest
from fastapi import FastAPI

from api.config import Settings
from tests.recovery.support import hold_limiter_clock


@pytest.fixture
def still_limiters(app: FastAPI, settings: Settings) -> None:
    hold_limiter_clock(app, settings)
