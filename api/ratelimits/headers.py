"""The IETF httpapi rate-limit fields (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy`
names each limit that applies (`"explain";q=120;w=60`), `RateLimit` says what is left of it
and when it resets (`"explain";r=42;t=17`). A refused request also gets `Retry-After`."""

from collections.abc import Iterable

from api.ratelimits.limiter import Usage

# Exposed to browser callers (CORS), so the extension can read them.
FIELDS = ["RateLimit", "RateLimit-Policy", "Retry-After"]


def fields(usages: Iterable[Usage | None]) -> dict[str, str]:
    """The two fields for the policies that applied to a request (unknown counts left out)."""
    known = [usage for usage in usages if usage is not None]
    if not known:
        return {}
    return {
        "RateLimit-Policy": ", ".join([u.policy.declared for u in known]),
        "RateLimit": ", ".join([f'"{u.policy.name}";r={u.remaining};t={u.reset}' for u in known]),
    }


def merged(first: dict[str, str], then: dict[str, str]) -> dict[str, str]:
    """The fields of two counts of one request, as one list per field (names lower-cased:
    header names are case-insensitive, and `Response.headers` gives them so)."""
    both = {name.lower(): value for name, value in first.items()}
    for name, value in then.items():
        name = name.lower()
        both[name] = f"{both[name]}, {value}" if name in both and name != "retry-after" else value
    return both


def refusal(usages: Iterable[Usage | None], refused: Usage) -> dict[str, str]:
    """The fields of a 429: the policies, and `Retry-After` for the one that refused."""
    return {**fields(usages), "Retry-After": str(refused.reset)}


def wait_phrase(seconds: int) -> str:
    """`try again in …` in words a person reads: seconds, minutes or hours."""
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{math_ceil(seconds, 60)} minutes"
    return f"{math_ceil(seconds, 3600)} hours"


def math_ceil(seconds: int, unit: int) -> int:
    return -(-seconds // unit)
