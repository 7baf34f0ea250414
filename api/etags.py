"""Entity tags in conditional requests, as RFC 9110 §8.8.3 and §13.1.1–2 read them: the one
reader of `If-None-Match` (weak comparison: a `W/` prefix on either side is ignored) and of
`If-Match` (strong comparison: a weak tag matches nothing), for every route that takes either.

A header is `*` or a comma-separated list of tags; a tag is `"…"` with an optional `W/` before
it (a comma may sit inside the quotes, so the list is read tag by tag, not split). A header that
is not such a list names no tag: a GET is answered in full, a write's precondition fails.
"""

import re
from dataclasses import dataclass
from typing import Literal

# One tag and the comma (or end) after it; etagc is %x21 / %x23-7E / obs-text (§8.8.3).
_TAG = re.compile(r'[ \t]*(W/)?("[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|\Z)')
# A list longer than this is read no further: a client sends the few tags it holds.
_MAX_TAGS = 64


@dataclass(frozen=True, slots=True)
class EntityTag:
    opaque: str  # with its quotes, as it is sent
    weak: bool


def parse(header: str) -> Literal["*"] | tuple[EntityTag, ...]:
    """`*`, or the tags the header lists (none if it is not a list of tags)."""
    if header.strip() == "*":
        return "*"
    found: list[EntityTag] = []
    position, end = 0, len(header)
    while position < end and len(found) < _MAX_TAGS:
        if header[position] in " \t,":  # empty list elements are allowed (§5.6.1)
            position += 1
            continue
        tag = _TAG.match(header, position)
        if tag is None:
            return ()
        found.append(EntityTag(tag[2], weak=tag[1] is not None))
        position = tag.end()
    return tuple(found)


def _of(etag: str) -> EntityTag:
    return EntityTag(etag.removeprefix("W/"), weak=etag.startswith("W/"))


def none_match(header: str | None, etag: str) -> bool:
    """Whether `If-None-Match` names the current `etag` (weakly), so a GET answers 304."""
    if not header:
        return False
    tags = parse(header)
    return tags == "*" or _of(etag).opaque in {tag.opaque for tag in tags}


def strong_tags(header: str) -> Literal["*"] | tuple[str, ...]:
    """What `If-Match` accepts: `*` (any current representation), or the opaque tags it lists
    that can match at all, strong ones only; the caller compares them with its current tag."""
    tags = parse(header)
    return "*" if tags == "*" else tuple(tag.opaque for tag in tags if not tag.weak)
