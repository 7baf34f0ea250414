"""Unknown facts, judged honestly: try every value they could take, and answer only where all agree.

An unknown audience, age or region is expanded into its possible values (for a region: every
region's version in force). If every combination gives the same verdict, that verdict stands and the
reasons they share explain it; otherwise it is `uncertain`, naming the unknown facts that decide it.
"""

from collections import defaultdict
from functools import lru_cache

from api.platforms import ExplainablePlatform
from api.policy.facts import Audience, AuthorAge
from api.policy.rules import Judgement, Key, ObjEffect, judge
from api.policy.verdict import Reason
from api.policy.version import PolicyVersion

# What an unknown audience can be, per platform: one stand-in for all the non-public audiences,
# which every rule treats alike (rules.NON_PUBLIC). Instagram and Threads have no groups.
POSSIBLE_AUDIENCES: dict[ExplainablePlatform, tuple[Audience, ...]] = {
    "facebook": ("public", "friends", "group_public", "group_private"),
    "instagram": ("public", "followers"),
    "threads": ("public", "followers"),
}
KNOWN_AGES: tuple[AuthorAge, ...] = ("adult", "minor")
# The unknown-fact reason for each axis of the grid: region (version), audience, age.
_UNKNOWN_CODES = ("region.unknown", "audience.unknown", "age.unknown")

Point = tuple[int, Audience, AuthorAge]


@lru_cache(maxsize=1 << 16)
def assess(versions: tuple[PolicyVersion, ...], key: Key, objs: tuple[ObjEffect, ...]) -> Judgement:
    """The verdict over one or more versions (one per region in force), each with its objection."""
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
        return judgements[0]
    shared = _shared_reasons(judgements)
    if len({verdict for verdict, _ in judgements}) == 1:
        return judgements[0][0], shared or judgements[0][1]
    rules = versions[0].rules
    unknown = tuple(rules[_UNKNOWN_CODES[axis]] for axis in _deciding_axes(grid))
    return "uncertain", unknown + shared


def _shared_reasons(judgements: list[Judgement]) -> tuple[Reason, ...]:
    """The reasons every judgement gives, in the order the first one gives them."""
    # Word for word, not by code: no one region's text may stand for all regions.
    common = set.intersection(*(set(reasons) for _, reasons in judgements))
    return tuple(reason for reason in judgements[0][1] if reason in common)


def _deciding_axes(grid: dict[Point, Judgement]) -> list[int]:
    """The axes along which the verdict changes with the other facts held fixed."""
    axes = []
    for axis in range(3):
        verdicts: defaultdict[tuple[object, ...], set[str]] = defaultdict(set)
        for point, (verdict, _) in grid.items():
            verdicts[point[:axis] + point[axis + 1 :]].add(verdict)
        if any(len(seen) > 1 for seen in verdicts.values()):
            axes.append(axis)
    # The verdict may change only when two unknowns change together: name every unknown axis then.
    return axes or [axis for axis in range(3) if len({point[axis] for point in grid}) > 1]
