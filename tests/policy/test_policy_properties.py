"""Properties that hold for every valid item, person and date (hypothesis)."""

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from api.policy import (
    ItemFacts,
    Objection,
    PersonContext,
    Verdict,
    apply_flip,
    combine,
    engine,
    evaluate,
    evaluate_many,
    load_catalog,
    rules,
)
from api.policy.catalog import EARLIEST
from api.policy.rules import NON_PUBLIC
from tests.policy.strategies import REGIONS, as_of_st, context_st, facts_st

STARTS = load_catalog().starts
EXAMPLES = settings(max_examples=400, deadline=None, database=None)


@EXAMPLES
@given(facts_st, context_st, as_of_st)
def test_every_item_gets_one_verdict_with_sourced_reasons(
    facts: ItemFacts, context: PersonContext, as_of: date
) -> None:
    result = evaluate(facts, context, as_of)
    assert result.verdict in {"included", "excluded", "uncertain"}
    assert result.may_already_be_used in {True, False, None}
    assert result.reasons
    for reason in result.reasons:
        assert reason.source.startswith(("https://", "http://"))
        assert _iso_date(reason.source_date).year >= 2023
    json.dumps(result.to_dict(), default=str)


@EXAMPLES
@given(facts_st, context_st, as_of_st)
def test_every_flip_really_flips(facts: ItemFacts, context: PersonContext, as_of: date) -> None:
    result = evaluate(facts, context, as_of)
    for flip in result.flip:
        assert flip.verdict != result.verdict
        new_facts, new_context = apply_flip(facts, context, as_of, flip)
        assert evaluate(new_facts, new_context, as_of).verdict == flip.verdict


# Every cache between a request and the rules, cleared to judge afresh.
ENGINE_CACHES = (
    engine._judged,
    engine._verdict,
    engine._past_use_on,
    engine._deciding_days,
    engine._outcome,
    combine.assessment,
    rules.judge,
)


@EXAMPLES
@given(facts_st, context_st, as_of_st)
def test_evaluation_is_deterministic(facts: ItemFacts, context: PersonContext, as_of: date) -> None:
    first = evaluate(facts, context, as_of)
    for cached in ENGINE_CACHES:
        cached.cache_clear()
    assert evaluate(facts, context, as_of) == first
    assert evaluate_many({0: facts, 1: facts}, context, as_of)[1] == {0: first, 1: first}


@EXAMPLES
@given(facts_st, context_st, as_of_st)
def test_what_is_never_used(facts: ItemFacts, context: PersonContext, as_of: date) -> None:
    """Private messages never; non-public posts never (§2 [12, 13]); nothing before it existed."""
    result = evaluate(facts, context, as_of)
    if facts.kind == "message":
        assert (result.verdict, result.may_already_be_used) == ("excluded", False)
    if facts.audience in NON_PUBLIC and facts.kind not in {"profile_info", "ai_chat"}:
        assert result.verdict == "excluded"
    if facts.created_at is not None and facts.created_at >= as_of:
        assert result.may_already_be_used is False


@EXAMPLES
@given(facts_st, context_st, as_of_st)
def test_an_objection_never_covers_someone_elses_post(
    facts: ItemFacts, context: PersonContext, as_of: date
) -> None:
    """§2, §5 [23, 25]."""
    if facts.author != "other" or context.objection is None:
        return
    without = evaluate(facts, PersonContext(context.region), as_of)
    assert _core(evaluate(facts, context, as_of)) == _core(without)


@EXAMPLES
@given(facts_st, st.sampled_from(REGIONS), as_of_st)
def test_an_objection_in_force_never_widens_use(
    facts: ItemFacts, region: str | None, as_of: date
) -> None:
    rank = {"excluded": 0, "uncertain": 1, "included": 2}
    before = evaluate(facts, PersonContext(region), as_of)
    after = evaluate(facts, PersonContext(region, Objection(as_of)), as_of)
    assert rank[after.verdict] <= rank[before.verdict]


@EXAMPLES
@given(facts_st, st.sampled_from(REGIONS), as_of_st, st.integers(0, 800), st.integers(0, 800))
def test_a_withdrawn_objection_keeps_nothing_out_from_its_withdrawal(
    facts: ItemFacts, region: str | None, as_of: date, ago: int, stood: int
) -> None:
    """From the day it is withdrawn an objection counts as none; before, it kept out at most
    what it would have kept out standing."""
    filed = max(as_of - timedelta(days=ago), EARLIEST)
    withdrawn = Objection(filed, withdrawn_on=min(filed + timedelta(days=stood), as_of))
    standing = Objection(filed)
    rank = {False: 0, None: 1, True: 2}

    after = evaluate(facts, PersonContext(region, withdrawn), as_of)
    never = evaluate(facts, PersonContext(region), as_of)
    kept = evaluate(facts, PersonContext(region, standing), as_of)

    assert after.verdict == never.verdict
    assert rank[after.may_already_be_used] >= rank[kept.may_already_be_used]


def _iso_date(text: str) -> date:
    """An ISO 8601 date at year, month or day precision, as its first day."""
    year, month, day = ([int(part) for part in text.split("-")] + [1, 1])[:3]
    return date(year, month, day)


def _core(result: Verdict) -> tuple[str, bool | None]:
    return result.verdict, result.may_already_be_used
