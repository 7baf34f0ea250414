"""The codes themselves: random, easy to type, and kept only as hashes.

Both kinds use Crockford's base32 alphabet (no I, L, O or U), so a code read aloud or typed on
a phone survives: case, spaces and dashes do not matter, and O, I and L are read as 0, 1, 1.
A recovery code is 16 symbols (80 random bits) in four groups; a link code is 10 symbols
(50 bits) in two groups, for a few minutes only.
"""

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_CODE_SYMBOLS = 16
LINK_CODE_SYMBOLS = 10
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = str.maketrans("", "", " -\t\n\r")


def new_code(symbols: int, *, group: int) -> str:
    """A random code of `symbols` symbols (5 bits each), shown in dash-separated groups."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(symbols))
    return "-".join(raw[i : i + group] for i in range(0, symbols, group))


def new_recovery_code() -> str:
    return new_code(RECOVERY_CODE_SYMBOLS, group=4)


def new_link_code() -> str:
    return new_code(LINK_CODE_SYMBOLS, group=5)


def normalise(code: str) -> str:
    """The canonical form a person meant: upper case, no separators, O/I/L read as digits."""
    return code.translate(_IGNORED).upper().translate(_READ_AS)


def code_hash(kind: str, code: str) -> str:
    """SHA-256 of the normalised code, separated by kind so one kind never matches the other.

    A plain hash is enough: the codes are random (80 bits for recovery codes) and looked up by
    their hash, so nothing a client sends steers a comparison.
    """
    return hashlib.sha256(f"{kind}:{normalise(code)}".encode()).hexdigest()
