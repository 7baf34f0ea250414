"""Profile identifiers in bulk: exactly `normalise_profile`'s answers, at a fraction of its cost.

Nearly every identifier in a bulk check is a plain handle or numeric id. Those are recognised
for the whole batch at once (one lower-casing, one regular-expression scan over the joined
text, one set intersection for reserved words) instead of one Python call each; anything else
(URLs, `@handles`, stray spaces, dots in odd places) goes through `normalise_profile` itself.

The index is keyed by a *lookup key*: the handle, or the bare digits of a numeric id (whose
canonical form is `id:<digits>`). A plain input line is then its own lookup key.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from api.platforms import Platform
from api.preferences.profiles import HANDLE_PATTERNS, RESERVED_PATHS, normalise_profile

# A numeric id (5–20 digits) is never a handle: short digit handles (Instagram) have 1–4,
# long ones 21+, so bare digits and handles share one key space without collisions.
_NUMERIC_ID_LENGTH = range(5, 21)


@dataclass(frozen=True)
class _Shape:
    """A platform's bare-handle shape, read from `HANDLE_PATTERNS` (`^[<chars>]{<min>,<max>}$`)."""

    outside: re.Pattern[str]  # runs of characters a bare handle cannot hold
    allowed: bytes  # the characters it can hold (and the newline), for a quick first look
    shortest: int
    longest: int
    reserved: frozenset[str]  # section names that are not people

    @classmethod
    def of(cls, platform: Platform) -> "_Shape":
        found = re.fullmatch(r"\^\[([^\]]+)\]\{(\d+),(\d+)\}\$", HANDLE_PATTERNS[platform].pattern)
        if found is None:
            raise RuntimeError(f"unexpected handle pattern for {platform}")
        chars, shortest, longest = found.groups()
        allowed = "".join(chr(c) for c in range(128) if re.fullmatch(f"[{chars}]", chr(c)))
        outside = re.compile(f"[^{chars}\n]+")
        return cls(
            outside,
            (allowed + "\n").encode(),
            int(shortest),
            int(longest),
            RESERVED_PATHS[platform],
        )


_SHAPES: dict[Platform, _Shape] = {
    "facebook": _Shape.of("facebook"),
    "instagram": _Shape.of("instagram"),
}
# Dots that `normalise_profile` refuses: leading, trailing, doubled.
_BAD_DOTS = re.compile(r"^\.|\.$|\.\.", re.MULTILINE)


def lookup_key(profile: str) -> str:
    """The index key of a canonical profile."""
    return profile[3:] if profile.startswith("id:") else profile


def profile_of(key: str) -> str:
    """The canonical profile of an index key."""
    return f"id:{key}" if key.isdigit() and len(key) in _NUMERIC_ID_LENGTH else key


def lookup_keys(platform: Platform, values: list[str]) -> list[str | None]:
    """Each value's lookup key, or None where `normalise_profile` would refuse it."""
    given = "\n".join(values)
    if given.count("\n") != len(values) - 1:  # a value held a newline: no batch shortcut
        return [_one(platform, value) for value in values]
    joined = given.lower()
    # Already lower-case (the usual case): the values are their own lines, no copies made.
    lines: list[str | None] = list(values) if joined == given else list(joined.split("\n"))
    for index in _odd_lines(_SHAPES[platform], joined, lines):
        lines[index] = _one(platform, values[index])
    return lines


def _odd_lines(shape: _Shape, joined: str, lines: list[str | None]) -> set[int]:
    """The lines that are not plainly a valid handle or id: each scan is one C-level pass."""
    offsets: set[int] = set()
    if not joined.isascii() or joined.encode().translate(None, shape.allowed):
        offsets = {match.start() for match in shape.outside.finditer(joined)}
    if (
        ".." in joined
        or "\n." in joined
        or ".\n" in joined
        or joined[:1] == "."
        or joined[-1:] == "."
    ):
        offsets |= {match.start() for match in _BAD_DOTS.finditer(joined)}
    odd = _line_of(lines, offsets) if offsets else set()
    lengths = set(map(len, lines))  # type: ignore[arg-type]  # a few distinct lengths
    if min(lengths) < shape.shortest or max(lengths) > shape.longest:
        sizes = map(len, lines)  # type: ignore[arg-type]
        odd |= {i for i, n in enumerate(sizes) if not shape.shortest <= n <= shape.longest}
    reserved = shape.reserved.intersection(lines)
    if reserved:
        odd |= {index for index, line in enumerate(lines) if line in reserved}
    return odd


def _line_of(lines: list[str | None], offsets: set[int]) -> set[int]:
    # ends[i] = offset just past line i's newline in the joined text.
    ends = list(accumulate(len(line or "") + 1 for line in lines))
    return {bisect_right(ends, offset) for offset in offsets}


def _one(platform: Platform, value: str) -> str | None:
    try:
        return lookup_key(normalise_profile(platform, value))
    except ValueError:
        return None
