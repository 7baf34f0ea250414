"""What a test needs from the machine (a browser, Node, PostgreSQL, a fixture): missing under CI
it is a failure, since a proof that silently goes missing is no proof; elsewhere a skip that
says why."""

import os
from typing import NoReturn

import pytest


def missing(reason: str, *, under_ci: str) -> NoReturn:
    """Fail with `reason` and `under_ci` (why CI must have it) when CI is set, else skip."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: {under_ci}")
    pytest.skip(reason)
