"""The one-time codes a person puts on their profile page, and finding them there.

A code is `ai-optout-` and 12 symbols of Crockford's base32 (60 random bits). Only its SHA-256
is stored, so the page is searched for anything shaped like a code and each candidate is
hashed: a stolen table names no code, and the service never needs the code back.
"""

import hashlib
import re
import secrets

PREFIX = "ai-optout-"
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base32, lower case
_LENGTH = 12
_SHAPE = re.compile(rf"{PREFIX}[{_ALPHABET}]{{{_LENGTH}}}(?![{_ALPHABET}])", re.IGNORECASE)
# A page may quote many codes (comments, a feed); more than this many is not a bio.
MAX_CANDIDATES = 100


def new_code() -> str:
    return PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()


def hashes_on_page(text: str) -> set[str]:
    """The hashes of every code-shaped word on a page (the first `MAX_CANDIDATES`)."""
    found: set[str] = set()
    for match in _SHAPE.finditer(text):
        found.add(code_hash(match.group(0)))
        if len(found) >= MAX_CANDIDATES:
            break
    return found
