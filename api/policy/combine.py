"""Unknown facts, judged honestly: try every value they could take, and answer only where all agree.

An unknown audience, age or region is expanded into its possible values (for a region: every
region's version in force). If every combination gives the same verdict, that verdict stands and the
reasons they share explain it; otherwise it is `uncertain`, naming the unknown facts that decide it.

The author's age is the one unknown a page never shows, so it is answered as a condition instead:
where the verdict for an adult is firm and only an under-18 author would change it, the answer is
the adult's verdict with the exception stated ("used, unless the author is under 18"). Where even
the adult's verdict is open, the age is not what leaves it open; the adult's reasons say what is.
"""

from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

from api.platforms import ExplainablePlatform
from api.policy.facts import Audience, AuthorAge
from api.policy.rules import Judgement, Key, ObjEffect, judge
from api.policy.verdict import Reason, VerdictValue
from api.policy.version import PolicyVersion

# What an unknown audience can be, per platform: one stand-in for all the non-public audiences,
# which every rule treats alike (rules.NON_PUBLIC). Instagram and Threads have no groups.
POSSIBLE_AUDIENCES: dict[ExplainablePlatform, tuple[Audience, ...]] = {
    "facebook": ("public", "friends", "group_public", "group_private"),
    "instagram": ("public", "followers"),
    "threads": ("public", "followers"),
    # WhatsApp has no public posts; a status or a channel is all it could be.
    "whatsapp": ("public", "friends"),
}
KNOWN_AGES: tuple[AuthorAge, ...] = ("adult", "minor")
# The reason that states the condition, by the verdict an under-18 author's item gets instead.
_UNLESS_MINOR_CODES: dict[VerdictValue, str] = {
    "excluded": "age.unless_minor_excluded",
    "uncertain": "age.unless_minor_unclear",
}
# The unknown-fact reason for each axis of the grid that can decide: region (version), audience.
# The third axis, age, never does: `assess` answers an unknown age by itself (the adult's open
# verdict, or a condition) unless both ages get the same firm verdict, so no reason says it.
_UNKNOWN_CODES = ("region.unknown", "audience.unknown")

Point = tuple[int, Audience, AuthorAge]


class Assessment(NamedTuple):
    """A judgement over one or more versions and, where it is conditional, the verdict for an
    under-18 author (only set with the author's age unknown and the adult's verdict firm)."""

    judgement: Judgement
    unless_minor: VerdictValue | None = None


def assess(versions: tuple[PolicyVersion, ...], key: Key, objs: tuple[ObjEffect, ...]) -> Judgement:
    """The verdict over one or more versions (one per region in force), each with its objection."""
    return assessment(versions, key, objs).judgement


@lru_cache(maxsize=1 << 16)
def assessment(
    versions: tuple[PolicyVersion, ...], key: Key, objs: tuple[ObjEffect, ...]
) -> Assessment:
    """`assess`, with its condition: the one place an unknown age is decided."""
    if key.author_age == "unknown":
        adult = assess(versions, key._replace(author_age="adult"), objs)
        if adult[0] == "uncertain":
            return Assessment(adult)
        minor = assess(versions, key._replace(author_age="minor"), objs)
        if minor[0] != adult[0]:
            return Assessment(_conditional(versions, adult, minor), minor[0])
    audiences = POSSIBLE_AUDIENCES[key.platform] if key.audience == "unknown" else (key.audience,)
    ages = KNOWN_AGES if key.author_age == "unknown" else (key.author_age,)
    grid: dict[Point, Judgement] = {
        (index, audience, age): judge(version, key._replace(audience=audience, author_age=age), obj)
        for index, (version, obj) in enumerate(zip(versions, objs, strict=True))
        for audience in audiences
        for age in ages
    }
    judgements = list(grid.values())
    if len(judgements) == 1:
        return Assessment(judgements[0])
    shared = _shared_reasons(judgements)
    if len({verdict for verdict, _ in judgements}) == 1:
        return Assessment((judgements[0][0], shared or judgements[0][1]))
    rules = versions[0].rules
    unknown = tuple(rules[_UNKNOWN_CODES[axis]] for axis in _deciding_axes(grid))
    return Assessment(("uncertain", unknown + shared))


def _conditional(
    versions: tuple[PolicyVersion, ...], adult: Judgement, minor: Judgement
) -> Judgement:
    """The adult's verdict: the condition first, then the adult's reasons and the minor's own."""
    condition = versions[0].rules[_UNLESS_MINOR_CODES[minor[0]]]
    extra = tuple(reason for reason in minor[1] if reason not in adult[1])
    return adult[0], (condition, *adult[1], *extra)


def _shared_reasons(judgements: list[Judgement]) -> tuple[Reason, ...]:
    """The reasons every judgement gives, in the order the first one gives them."""
    # Word for word, not by code: no one region's text may stand for all regions.
    common = set.intersection(*(set(reasons) for _, reasons in judgements))
    return tuple(reason for reason in judgements[0][1] if reason in common)


def _deciding_axes(grid: dict[Point, Judgement]) -> list[int]:
    """The axes along which the verdict changes with the other facts held fixed (of region and
    audience: the age axis never decides, see `_UNKNOWN_CODES`)."""
    axes = []
    for axis in range(len(_UNKNOWN_CODES)):
        verdicts: defaultdict[tuple[object, ...], set[str]] = defaultdict(set)
        for point, (verdict, _) in grid.items():
            verdicts[point[:axis] + point[axis + 1 :]].add(verdict)
        if any(len(seen) > 1 for seen in verdicts.values()):
            axes.append(axis)
    # The verdict may change only when two unknowns change together: name every unknown axis then.
    unknown = range(len(_UNKNOWN_CODES))
    return axes or [axis for axis in unknown if len({point[axis] for point in grid}) > 1]
