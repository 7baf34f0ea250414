"""The smallest changes of one fact that would change the verdict, found by re-judging each change.

Per fact, candidates are tried in a fixed order, nearest first (on Facebook "Friends" before "Only
me"), and the first candidate reaching each different verdict is kept: at most two flips per fact.
"""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import cast

from api.platforms import ExplainablePlatform
from api.policy.combine import KNOWN_AGES, assess
from api.policy.facts import Audience, AuthorAge, ItemFacts, Objection, PersonContext
from api.policy.rules import Key, ObjEffect
from api.policy.verdict import Flip, FlipFact, VerdictValue
from api.policy.version import PolicyVersion

# The audiences a person can pick for an item on each platform, nearest first. Instagram and Threads
# have one account-wide switch: "followers" is a private account.
AUDIENCE_CHOICES: dict[ExplainablePlatform, tuple[Audience, ...]] = {
    "facebook": ("friends", "public", "friends_of_friends", "custom", "only_me"),
    "instagram": ("followers", "public"),
    "threads": ("followers", "public"),
    "whatsapp": (),  # no audience setting that Meta's training is known to follow
}
_GROUPS: frozenset[Audience] = frozenset({"group_public", "group_private"})

ObjEffects = tuple[ObjEffect, ...]


def find_flips(
    versions: tuple[PolicyVersion, ...],
    key: Key,
    objs: ObjEffects,
    objected: ObjEffects,
    current: VerdictValue,
) -> tuple[Flip, ...]:
    """`objected` is what an objection filed on the as-of date would do under each version."""
    flips: list[Flip] = []
    reached: set[tuple[str, VerdictValue]] = set()
    for fact, to, new_key, new_objs in _candidates(key, objs, objected):
        verdict, _ = assess(versions, new_key, new_objs)
        if verdict != current and (fact, verdict) not in reached:
            reached.add((fact, verdict))
            flips.append(Flip(fact=fact, to=to, verdict=verdict))
    return tuple(flips)


def _candidates(
    key: Key, objs: ObjEffects, objected: ObjEffects
) -> Iterator[tuple[FlipFact, str, Key, ObjEffects]]:
    # A group post's audience is the group's: the lever there is leaving or deleting, not a setting.
    if key.audience not in _GROUPS:
        for audience in AUDIENCE_CHOICES[key.platform]:
            if audience != key.audience:
                yield "audience", audience, key._replace(audience=audience), objs
    if key.author_age == "unknown":
        for age in KNOWN_AGES:
            yield "author_age", age, key._replace(author_age=age), objs
    if objected != objs:
        yield "objection", "all", key, objected


def apply_flip(
    facts: ItemFacts, context: PersonContext, as_of: date, flip: Flip
) -> tuple[ItemFacts, PersonContext]:
    """The facts and context a flip describes (an objection flip files one on the as-of date)."""
    if flip.fact == "objection":
        return facts, replace(context, objection=Objection(filed_on=as_of, scope="all"))
    if flip.fact == "audience":
        return replace(facts, audience=cast(Audience, flip.to)), context
    return replace(facts, author_age=cast(AuthorAge, flip.to)), context
