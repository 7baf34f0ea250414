"""Evaluate items against the policy version in force: the package's entry point.

Pure and fast: the decision depends on a handful of small facts, so everything but the item's date
is judged once per combination and cached; the date only enters the check for past use.
"""

from bisect import bisect_left
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
_DAY = timedelta(days=1)
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
    return _judged(catalog, version, context.region, facts, context.objection, as_of)


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
    region, objection = context.region, context.objection
    return version, {
        key: _judged(catalog, version, region, facts, objection, as_of)
        for key, facts in items.items()
    }


# One judgement per distinct item, person and day: a feed repeats its facts and is explained
# again as it scrolls, so most items cost one lookup. An item seen for the first time is judged
# from the parts below, each cached on the few facts it depends on.
@lru_cache(maxsize=1 << 15)
def _judged(
    catalog: PolicyCatalog,
    version: PolicyVersion,
    region: str | None,
    facts: ItemFacts,
    objection: Objection | None,
    as_of: date,
) -> Verdict:
    key = Key.of(facts)
    parts = version.components
    objs = _effects(objection, facts.kind, parts, as_of)
    # What objecting now would do: the "objection" flip, and whether to offer the form.
    objected = objs
    if facts.author == "self":
        now = _objection_on(as_of)
        objected = _effects(now, facts.kind, parts, as_of)
    used = _past_use(catalog.timelines(region), key, facts.created_at, objection, as_of)
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


def _past_use(
    timelines: tuple[Timeline, ...],
    key: Key,
    created: date | None,
    objection: Objection | None,
    as_of: date,
) -> bool | None:
    """Could it have been used before `as_of`? None when unclear (or regions disagree)."""
    if created is not None:
        created = _same_answer_day(created, _deciding_days(timelines, objection, as_of))
    return _past_use_on(timelines, key, created, objection, as_of)


@lru_cache(maxsize=1 << 10)
def _deciding_days(
    timelines: tuple[Timeline, ...], objection: Objection | None, as_of: date
) -> tuple[date, ...]:
    """The days `_past_use_in` compares an item's day with, in order: where each training
    period begins and ends, `as_of`, and the objection's filing and withdrawal. Two items made
    on days no deciding day separates get the same answer."""
    days = {as_of}
    for timeline in timelines:
        for version in timeline:
            days.add(_training_begins(version))
            if version.effective_until is not None:
                days.add(version.effective_until)
    if objection is not None:
        days.add(objection.filed_on)
        if objection.withdrawn_on is not None:
            days.add(objection.withdrawn_on)
    return tuple(sorted(days))


def _same_answer_day(created: date, deciding: tuple[date, ...]) -> date:
    """A day answered as `created` is, the same for every day between two deciding days: the
    deciding day itself, else the day after the one before it (or the day before the first).
    A feed's items are made on thousands of days; their answers fall in a few such spans."""
    index = bisect_left(deciding, created)
    if index < len(deciding) and deciding[index] == created:
        return created
    if index == 0:
        return deciding[0] - _DAY
    return deciding[index - 1] + _DAY


# Keyed by the item's span of days (see `_same_answer_day`): without the cache every item
# walks every timeline of its region.
@lru_cache(maxsize=1 << 14)
def _past_use_on(
    timelines: tuple[Timeline, ...],
    key: Key,
    created: date | None,
    objection: Objection | None,
    as_of: date,
) -> bool | None:
    answers = {_past_use_in(timeline, key, created, objection, as_of) for timeline in timelines}
    return answers.pop() if len(answers) == 1 else None


def _training_begins(version: PolicyVersion) -> date:
    """Where training predates the version (Meta AI was trained before its launch), older
    items count from the day before, so they are possibly used as of the start day itself."""
    return version.effective_from - timedelta(days=int(version.used_before_start))


def _past_use_in(
    timeline: Timeline, key: Key, created: date | None, objection: Objection | None, as_of: date
) -> bool | None:
    answer: bool | None = False
    for version in timeline:
        begins = _training_begins(version)
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
