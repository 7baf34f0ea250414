"""Bulk checks: which of up to 10,000 profiles belong to people who opted out, chose to be
listed and proved the profile theirs (api/profiles). Answered from the in-memory index, or from
the database where the index is off."""

import operator
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from itertools import compress, repeat
from typing import Any, cast

from sqlmodel import Session

from api.checks.identifiers import lookup_key, lookup_keys, profile_of
from api.checks.index import CheckIndex, listed_profiles
from api.checks.schemas import NO_AI_TRAINING, CheckRequest
from api.platforms import Platform

# Given a platform and lookup keys (None for invalid ones), a set holding the listed ones
# among them (it may hold others too: the index answers with all of its keys).
ListedAmong = Callable[[Platform, list[str | None]], AbstractSet[str]]


def from_index(index: CheckIndex) -> ListedAmong:
    def listed(platform: Platform, keys: list[str | None]) -> AbstractSet[str]:
        # The whole set, not its intersection with the keys: `check` tests each key against
        # it once anyway, so intersecting first would hash-probe every key twice.
        return index.keys(platform)

    return listed


def from_database(session: Session) -> ListedAmong:
    def listed(platform: Platform, keys: list[str | None]) -> set[str]:
        wanted = {profile_of(key) for key in keys if key is not None}
        return {lookup_key(profile) for profile in listed_profiles(session, platform, wanted)}

    return listed


def check(request: CheckRequest, listed_among: ListedAmong) -> dict[str, Any]:
    """The answer as plain data (the route serialises it with orjson)."""
    listed: list[dict[str, Any]] = []
    invalid: list[int] = []
    for platform, positions, values in _groups(request):
        keys = lookup_keys(platform, values)
        found = listed_among(platform, keys)
        # The hot path: each scan over the 10,000 keys runs in C (compress over map), and the
        # Python-level work is only for the few that are listed or invalid.
        if None in keys:
            missing = compress(range(len(keys)), map(operator.is_, keys, repeat(None)))
            invalid += [positions[i] for i in missing] if positions else list(missing)
        if found:
            for i in compress(range(len(keys)), map(found.__contains__, keys)):
                listed.append(
                    {
                        "index": positions[i] if positions else i,
                        "platform": platform,
                        "profile": profile_of(cast(str, keys[i])),
                        "ai_preferences": NO_AI_TRAINING,
                    }
                )
    if request.ids and not isinstance(request.ids[0], str):  # several platforms, interleaved
        listed.sort(key=lambda item: cast(int, item["index"]))
        invalid.sort()
    return {"checked": len(request.ids), "listed": listed, "invalid": invalid}


def _groups(request: CheckRequest) -> Iterable[tuple[Platform, list[int], list[str]]]:
    """(platform, positions in the request or [] for "all in order", values) per platform."""
    if not request.ids or isinstance(request.ids[0], str):
        assert request.platform is not None or not request.ids
        yield request.platform or "facebook", [], cast(list[str], request.ids)
        return
    by_platform: dict[Platform, tuple[list[int], list[str]]] = {}
    for position, item in enumerate(request.ids):
        positions, values = by_platform.setdefault(item.platform, ([], []))
        positions.append(position)
        values.append(item.id)
    for platform, (positions, values) in by_platform.items():
        yield platform, positions, values
