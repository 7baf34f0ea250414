"""The shape of an organisation's API key: `aoo_<key id>_<secret>`, shown once, kept hashed.

The key id finds the row; the 256-bit secret is compared by its SHA-256 in constant time.
"""

import hmac
import string
from dataclasses import dataclass
from typing import Literal, get_args

from api.accounts.tokens import hash_secret, new_secret

PREFIX = "aoo_"
Scope = Literal[
    "stats:read",
    "members:read",
    "campaigns:read",
    "campaigns:write",
    "webhooks:write",
    "checks:read",
    "exports:read",
]
SCOPES: tuple[str, ...] = get_args(Scope)
_HEX = frozenset(string.hexdigits.lower())


@dataclass(frozen=True, slots=True)
class PresentedKey:
    key_id: str
    secret: str


def compose(key_id: str) -> tuple[str, str]:
    """A new key for `key_id`: (the full key to show once, the hash to store)."""
    secret = new_secret()
    return f"{PREFIX}{key_id}_{secret}", hash_secret(secret)


def parse(token: str) -> PresentedKey | None:
    """Split a presented key; None for anything that is not one (e.g. a person's token)."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    key_id, separator, secret = token[len(PREFIX) :].partition("_")
    if not separator or not secret or len(key_id) != 32 or not _HEX.issuperset(key_id):
        return None
    return PresentedKey(key_id, secret)


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def parse_scopes(stored: str) -> frozenset[str]:
    return frozenset(stored.split())
