"""Past use is judged once per span of days no deciding day separates (engine._same_answer_day):
every item's day must get the answer a walk of the timelines gives for that very day."""

from datetime import date, timedelta
from itertools import product

from hypothesis import given, settings

from api.policy import ItemFacts, Objection, PersonContext, engine, load_catalog
from api.policy.rules import Key
from tests.policy.strategies import REGIONS, as_of_st, context_st, facts_st

CATALOG = load_catalog()
KEYS = [
    Key("facebook", "post", "public", "self", "adult", None),
    Key("facebook", "comment", "public", "other", "unknown", None),
    Key("instagram", "photo", "public", "self", "adult", "minor"),
    Key("instagram", "story", "followers", "self", "adult", None),
]
# Every day any version names, whatever the engine takes as deciding (so a day it leaves out
# is still looked at here).
VERSION_DAYS = sorted(
    {
        day
        for timeline in CATALOG.distinct_timelines
        for version in timeline
        for day in (version.effective_from, version.effective_until)
        if day is not None
    }
)


def walked(key: Key, created: date | None, context: PersonContext, as_of: date) -> bool | None:
    """Past use by walking every timeline for this very day: no cache, no spans."""
    timelines = CATALOG.timelines(context.region)
    answers = {
        engine._past_use_in(timeline, key, created, context.objection, as_of)
        for timeline in timelines
    }
    return answers.pop() if len(answers) == 1 else None


def around(*days: date | None) -> set[date]:
    """Each day and the two days on either side of it."""
    return {d + timedelta(days=step) for d in days if d is not None for step in range(-2, 3)}


def test_every_day_near_a_boundary_gets_its_own_answer() -> None:
    objections = [
        None,
        Objection(date(2025, 5, 26)),
        Objection(date(2025, 5, 27), ("posts",)),
        Objection(date(2024, 6, 20), withdrawn_on=date(2025, 6, 3)),
    ]
    as_ofs = [date(2024, 6, 26), date(2025, 5, 27), date(2026, 1, 15)]
    checked = 0
    for region, objection, as_of, key in product(REGIONS, objections, as_ofs, KEYS):
        context = PersonContext(region, objection)
        timelines = CATALOG.timelines(context.region)
        own = () if objection is None else (objection.filed_on, objection.withdrawn_on)
        days = around(*VERSION_DAYS, as_of, *own) | {date(2010, 1, 1)}
        for created in sorted(days):
            expected = walked(key, created, context, as_of)
            assert engine._past_use(timelines, key, created, objection, as_of) == expected, (
                region,
                objection,
                as_of,
                key,
                created,
            )
            checked += 1
    assert checked > 10_000


@settings(max_examples=600, deadline=None, database=None)
@given(facts_st, context_st, as_of_st)
def test_any_day_gets_the_answer_of_walking_the_timelines(
    facts: ItemFacts, context: PersonContext, as_of: date
) -> None:
    key = Key.of(facts)
    timelines = CATALOG.timelines(context.region)
    created = facts.created_at
    judged = engine._past_use(timelines, key, created, context.objection, as_of)
    assert judged == walked(key, created, context, as_of)
