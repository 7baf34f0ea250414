"""Evaluate items against the policy version in force: the package's entry point.

Pure and fast: the decision depends on a handful of small facts, so everything but the item's date
is judged once per combination and cached; the date only enters the check for past use.
"""

from collections.abc import Hashable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import TypeVar

from api.policy.actions import actions_for
from api.policy.catalog import PolicyCatalog, Timeline, load_catalog
from api.policy.combine import assess, assessment
from api.policy.facts import KIND_CATEGORY, ItemFacts, Kind, Objection, PersonContext
from api.policy.flips import find_flips
from api.policy.rules import Key, ObjEffect
from api.policy.verdict import Action, Condition, Flip, Reason, Verdict, VerdictValue
from api.policy.version import PolicyVersion

# The caller's name for an item in a batch: its position in a request, say.
ItemKey = TypeVar("ItemKey", bound=Hashable)
Outcome = tuple[
    VerdictValue, tuple[Reason, ...], tuple[Action, ...], tuple[Flip, ...], Condition | None
]


def evaluate(
    facts: ItemFacts,
    context: PersonContext,
    as_of: date,
    *,
    catalog: PolicyCatalog | None = None,
) -> Verdict:
    """The verdict for one item as of a date; PolicyNotInForce before the catalogue starts."""
    catalog = catalog or load_catalog()
    version = catalog.in_force(context.region, as_of, before_start=True)
    return _evaluate(catalog, version, facts, context, as_of)


def evaluate_many(
    items: Mapping[ItemKey, ItemFacts],
    context: PersonContext,
    as_of: date,
    *,
    catalog: PolicyCatalog | None = None,
) -> tuple[PolicyVersion, dict[ItemKey, Verdict]]:
    """Verdicts for a batch of one person's items, under the caller's key for each (so no order
    or merging of equal items here can hand one item another's verdict), and the version they
    were judged against."""
    catalog = catalog or load_catalog()
    version = catalog.in_force(context.region, as_of, before_start=True)
    return version, {
        key: _evaluate(catalog, version, facts, context, as_of) for key, facts in items.items()
    }


def _evaluate(
    catalog: PolicyCatalog,
    version: PolicyVersion,
    facts: ItemFacts,
    context: PersonContext,
    as_of: date,
) -> Verdict:
    key = Key(
        facts.platform,
        facts.kind,
        facts.audience,
        facts.author,
        facts.author_age,
        facts.author_age_at_posting,
    )
    parts = version.components
    objection = context.objection
    objs = _effects(objection, facts.kind, parts, as_of)
    # What objecting now would do: the "objection" flip, and whether to offer the form.
    objected = objs
    if facts.author == "self":
        now = _objection_on(as_of)
        objected = _effects(now, facts.kind, parts, as_of)
    used = _past_use(catalog.timelines(context.region), key, facts.created_at, objection, as_of)
    return _verdict(version, key, objs, objected, used)


@lru_cache(maxsize=1 << 16)
def _verdict(
    version: PolicyVersion,
    key: Key,
    objs: tuple[ObjEffect, ...],
    objected: tuple[ObjEffect, ...],
    used: bool | None,
) -> Verdict:
    # Equal inputs give the very same Verdict object, so callers can cache by identity
    # (the explain API serialises each distinct verdict once).
    known = not version.region_unknown
    verdict, reasons, actions, flips, condition = _outcome(
        version.components, key, objs, objected, known
    )
    if version.combines:
        # A combined version words the unknown region its own way (an unsettled country).
        unknown = version.rules["region.unknown"]
        reasons = tuple(unknown if r.code == "region.unknown" else r for r in reasons)
    if used:
        reasons = (*reasons, version.rules["history.may_be_used"])
    return Verdict(verdict, used, reasons, actions, flips, version.id, condition)


@lru_cache(maxsize=1 << 12)
def _effects(
    objection: Objection | None, kind: Kind, parts: tuple[PolicyVersion, ...], day: date
) -> tuple[ObjEffect, ...]:
    return tuple(objection_effect(objection, kind, part, day) for part in parts)


@lru_cache(maxsize=64)
def _objection_on(day: date) -> Objection:
    """An objection to everything filed on `day` (what objecting now would do)."""
    return Objection(filed_on=day)


def objection_effect(
    objection: Objection | None, kind: Kind, version: PolicyVersion, day: date
) -> ObjEffect:
    """What the objection does to an item of this kind under this version on this day."""
    if objection is None or objection.filed_on > day:
        return "none"
    if not objection.in_effect(day):
        return "withdrawn" if KIND_CATEGORY[kind] else "none"
    if not objection.covers(kind):
        return "out_of_scope" if KIND_CATEGORY[kind] else "none"
    disputed_before = version.objections_disputed_before
    if disputed_before is not None and objection.filed_on < disputed_before:
        return "disputed"
    return "covers"


@lru_cache(maxsize=1 << 16)
def _outcome(
    parts: tuple[PolicyVersion, ...],
    key: Key,
    objs: tuple[ObjEffect, ...],
    objected: tuple[ObjEffect, ...],
    region_known: bool,
) -> Outcome:
    (verdict, reasons), minor = assessment(parts, key, objs)
    flips = find_flips(parts, key, objs, objected, verdict)
    condition = None if minor is None else Condition("author_age", "minor", minor)
    actions = actions_for(parts, key, objs, region_known=region_known)
    return verdict, reasons, actions, flips, condition


# Keyed by the item's day as well: a feed's items share days, and a person's feed is explained
# again as it scrolls. Unbounded work otherwise: every item walks every timeline of its region.
@lru_cache(maxsize=1 << 16)
def _past_use(
    timelines: tuple[Timeline, ...],
    key: Key,
    created: date | None,
    objection: Objection | None,
    as_of: date,
) -> bool | None:
    """Could it have been used before `as_of`? None when unclear (or regions disagree)."""
    answers = {_past_use_in(timeline, key, created, objection, as_of) for timeline in timelines}
    return answers.pop() if len(answers) == 1 else None


def _past_use_in(
    timeline: Timeline, key: Key, created: date | None, objection: Objection | None, as_of: date
) -> bool | None:
    answer: bool | None = False
    for version in timeline:
        # Where training predates the version (Meta AI was trained before its launch), older items
        # count from the day before, so they are possibly used as of the start day itself.
        begins = version.effective_from - timedelta(days=int(version.used_before_start))
        if version.training != "running":
            continue
        if begins >= as_of:
            # Before Meta AI's launch: training ran at some point before it, on a day no source
            # gives, so an item in scope that existed by `as_of` may or may not have been used.
            if version.used_before_start and (created is None or created < as_of):
                obj = objection_effect(objection, key.kind, version, as_of)
                if assess((version,), key, (obj,))[0] != "excluded":
                    answer = None
            continue
        ends = as_of if version.effective_until is None else min(version.effective_until, as_of)
        # The first day of this training period on which the item existed: its most exposed day,
        # since an objection only ever starts to apply later on.
        first = begins if created is None else max(begins, created)
        if first >= ends:
            continue
        # Training ran from the start of its first day, so an objection filed that very day came
        # too late for what already existed (the EU deadline was the day before); an item made
        # later is covered by an objection filed by the day it was made.
        late = first == begins
        days = [first - timedelta(days=int(late))]
        # A withdrawn objection exposes the item again from the day it was withdrawn.
        withdrawn = objection.withdrawn_on if objection is not None else None
        if withdrawn is not None and first < withdrawn < ends:
            days.append(withdrawn)
        for day in days:
            obj = objection_effect(objection, key.kind, version, day)
            verdict, _ = assess((version,), key, (obj,))
            if verdict == "included" and not version.use_unconfirmed:
                return True
            if verdict != "excluded":
                answer = None
    return answer
