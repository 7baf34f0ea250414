"""A whole preferences document for PUT, from the fields a test cares about."""

from typing import Any

DEFAULTS: dict[str, Any] = {"region": None, "accounts": [], "scope": "all", "listed": False}


def whole(**fields: Any) -> dict[str, Any]:
    """PUT replaces every field, so it needs them all: the test's, and the defaults for the rest."""
    return {**DEFAULTS, **fields}
