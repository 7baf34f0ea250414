"""What the person can do about one item, given their region's rules.

Which actions are offered is data, like their texts: each action in the rules library carries a
`when` (platforms, kinds, authors, audiences, whether Meta offers an objection, whether the region
is known, whether the person's objection already covers the item, whether the item is open).
This module only evaluates those conditions, in the library's order.
"""

from collections.abc import Iterable, Mapping

from api.platforms import EXPLAINABLE_PLATFORMS
from api.policy.combine import KNOWN_AGES, POSSIBLE_AUDIENCES
from api.policy.rules import ITEM_EXCLUSIONS, Key, ObjEffect, judge
from api.policy.verdict import Action
from api.policy.version import ActionRule, PolicyVersion

# Every action the library must define: one objection route per platform an item can be
# explained on, the levers, and asking for the country.
ACTION_CODES = frozenset(
    {
        *(f"object.{platform}" for platform in EXPLAINABLE_PLATFORMS),
        "region.tell",
        "audience.change",
        "account.make_private",
        "item.delete",
        "profile.edit",
        "ai_chat.avoid",
        "poster.ask",
        "third_party.form",
    }
)


def actions_for(
    versions: tuple[PolicyVersion, ...],
    key: Key,
    objs: tuple[ObjEffect, ...],
    *,
    region_known: bool = True,
) -> tuple[Action, ...]:
    """The actions whose conditions hold, in the library's order (most effective first)."""
    first = versions[0]
    facts: dict[str, object] = {
        "opt_out": any(version.opt_out for version in versions),
        "region": "known" if region_known else "unknown",
        "objected": all(obj == "covers" for obj in objs),
        "open": not closed(versions, key),
    }
    return tuple(
        first.actions[rule.code] for rule in first.action_rules if _holds(rule, key, facts)
    )


def closed(versions: Iterable[PolicyVersion], key: Key) -> bool:
    """Whether the item's own facts exclude it under every version and every value an unknown
    audience or age could take: then no objection, audience or deletion changes anything."""
    audiences = POSSIBLE_AUDIENCES[key.platform] if key.audience == "unknown" else (key.audience,)
    ages = KNOWN_AGES if key.author_age == "unknown" else (key.author_age,)
    return all(
        any(
            reason.code in ITEM_EXCLUSIONS
            for reason in judge(version, key._replace(audience=audience, author_age=age), "none")[1]
        )
        for version in versions
        for audience in audiences
        for age in ages
    )


def _holds(rule: ActionRule, key: Key, facts: Mapping[str, object]) -> bool:
    chosen = (
        (rule.platforms, key.platform),
        (rule.kinds, key.kind),
        (rule.authors, key.author),
        (rule.audiences, key.audience),
    )
    if any(allowed is not None and value not in allowed for allowed, value in chosen):
        return False
    flags: tuple[tuple[str, object], ...] = (
        ("opt_out", rule.opt_out),
        ("region", rule.region),
        ("objected", rule.objected),
        ("open", rule.open),
    )
    return all(wanted is None or facts[name] == wanted for name, wanted in flags)
