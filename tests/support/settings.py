"""What every test's service gets unless a test says otherwise.

- Rate limits high enough that a test not about them never meets one: the suites make many
  requests from 127.0.0.1 (the fuzzer thousands). Tests of the limits set their own, low ones.
- Profile pages on a closed loopback port: a test that reaches the profile checker by mistake
  fails at once instead of fetching the real sites. Tests of the checker point at their own
  loopback stand-in (tests/support/profiles.py).
"""

from typing import Any

from api.config import Settings

RELAXED_LIMITS: dict[str, int] = {
    "accounts_per_address_per_hour": 1_000_000,
    "explain_per_address_per_minute": 1_000_000,
    "explain_items_per_address_per_minute": 1_000_000,
    "join_attempts_per_address_per_minute": 1_000_000,
    "join_attempts_per_account_per_minute": 1_000_000,
    "key_failures_per_address_per_minute": 1_000_000,
    "key_failures_per_key_per_minute": 1_000_000,
    "operator_failures_per_address_per_minute": 1_000_000,
}
# Port 9 (discard) is closed here: every fetch of a profile page is refused on loopback.
NOWHERE = "http://127.0.0.1:9/"
LOOPBACK_PROFILE_PAGES: dict[str, Any] = {
    "profile_page_base_urls": {"facebook": NOWHERE, "instagram": NOWHERE},
    "allow_loopback_profile_pages": True,
}


def for_tests(settings: Settings) -> Settings:
    return settings.model_copy(update={**RELAXED_LIMITS, **LOOPBACK_PROFILE_PAGES})


def for_tests_env() -> dict[str, str]:
    """The same as `AI_OPTOUT_*` variables, for a service process."""
    env = {f"AI_OPTOUT_{name.upper()}": str(value) for name, value in RELAXED_LIMITS.items()}
    env["AI_OPTOUT_PROFILE_PAGE_BASE_URLS"] = (
        f'{{"facebook": "{NOWHERE}", "instagram": "{NOWHERE}"}}'
    )
    env["AI_OPTOUT_ALLOW_LOOPBACK_PROFILE_PAGES"] = "true"
    return env
