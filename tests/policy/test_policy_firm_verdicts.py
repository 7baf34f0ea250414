"""A firm verdict rests on firm rules (hypothesis): over random facts, regions and dates, every
`included` or `excluded` is decided only by rules the record states or we infer from it, never
by one it leaves unclear or contested; every reason cites a catalogued source; and no day is
judged by a version not in force on it, so a gap between versions could never be guessed across.
"""

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.policy import ItemFacts, PersonContext, PolicyDataError, Verdict, evaluate, load_catalog
from api.policy.catalog import DATA_DIR, EARLIEST, read_catalog, speaks_before_start
from api.policy.errors import PolicyNotInForce
from api.policy.rules import ITEM_EXCLUSIONS, RULE_CODES, TRAINING_CODES
from api.policy.sources import load_sources
from tests.policy.strategies import REGIONS, as_of_st, facts_st, objection_st

# What each rule does to a verdict, written out here as the specification (rules.judge is the
# code): a new rule code fails test_every_rule_code_is_classified until it is placed.
EXCLUDING = ITEM_EXCLUSIONS | {"training.not_started", "training.paused", "objection.filed"}
INCLUDING = frozenset(
    {"kind.ai_chat", "kind.always_public", "audience.public", "audience.public_group"}
    | {"training.running"}
)
UNSETTLING = frozenset(
    {"kind.always_public_unclear", "kind.story_unclear", "platform.threads_unclear"}
    | {"platform.whatsapp_unclear", "age.minor_unclear", "age.minor_ai_chat_unclear"}
    | {"age.minor_when_posted", "objection.threads_unclear", "objection.prior_round_disputed"}
    | {"region.unknown", "region.unsettled", "audience.unknown"}
)
# Stating the exception of a conditional verdict ("used, unless the author is under 18").
CONDITIONS = frozenset({"age.unless_minor_excluded", "age.unless_minor_unclear"})
NOTES = frozenset(
    {"ai_chat.ads", "author.other", "objection.unavailable", "objection.out_of_scope"}
    | {"objection.withdrawn", "history.may_be_used"}
)
# Where the record is contested, not merely silent: Meta and noyb on the 2024 objections,
# Meta and a law firm on minors' AI chats.
CONTESTED = frozenset({"objection.prior_round_disputed", "age.minor_ai_chat_unclear"})
FIRM = frozenset({"stated", "inferred"})

# Every region the engine tells apart, the aliases people write, the countries no source
# places, and the outermost regions that follow the EU.
REGION_ST = st.sampled_from([*REGIONS, "AD", "GI", "IM", "RE", "AX", "EL", "UK", "CN"])
CONTEXT_ST = st.builds(PersonContext, region=REGION_ST, objection=objection_st)
EXAMPLES = settings(max_examples=600, deadline=None, database=None)


def test_every_rule_code_is_classified() -> None:
    groups = [EXCLUDING, INCLUDING, UNSETTLING, CONDITIONS, NOTES]

    assert set().union(*groups) == RULE_CODES | TRAINING_CODES
    assert sum(len(group) for group in groups) == len(RULE_CODES | TRAINING_CODES)


def test_what_is_contested_is_marked_unclear_in_every_version() -> None:
    marked = {
        (version.id, code, version.rules[code].basis)
        for version in load_catalog().versions
        for code in CONTESTED
    }

    assert {basis for _, _, basis in marked} == {"unclear"}, marked


@EXAMPLES
@given(facts_st, CONTEXT_ST, as_of_st)
def test_a_firm_verdict_rests_only_on_stated_or_inferred_rules(
    facts: ItemFacts, context: PersonContext, as_of: date
) -> None:
    result = evaluate(facts, context, as_of)
    if result.verdict == "uncertain":
        assert result.reasons[0].code in UNSETTLING | CONDITIONS
        return
    deciding = EXCLUDING if result.verdict == "excluded" else INCLUDING
    decisive = [reason for reason in result.reasons if reason.code in deciding]
    assert decisive, f"{result.verdict} without a reason that decides it"
    assert {reason.basis for reason in decisive} <= FIRM
    lead = result.reasons[1] if result.condition else result.reasons[0]
    assert lead.code in deciding and lead.basis in FIRM
    if result.verdict == "included":
        _unclear_only_in_the_condition(facts, context, as_of, result)


def _unclear_only_in_the_condition(
    facts: ItemFacts, context: PersonContext, as_of: date, result: Verdict
) -> None:
    """An `included` says nothing unclear, except the stated exception of a conditional answer:
    its first reason and the reasons an under-18 author's item gets."""
    unclear = [reason for reason in result.reasons if reason.basis == "unclear"]
    if result.condition is None:
        assert not unclear, [reason.code for reason in unclear]
        return
    assert result.reasons[0].code in CONDITIONS
    minor = evaluate(replace(facts, author_age="minor"), context, as_of)
    assert minor.verdict == result.condition.verdict
    assert set(unclear) <= {result.reasons[0], *minor.reasons}


@EXAMPLES
@given(facts_st, CONTEXT_ST, as_of_st)
def test_every_reason_cites_a_catalogued_source_of_the_kind_it_says(
    facts: ItemFacts, context: PersonContext, as_of: date
) -> None:
    sources = load_sources()
    result = evaluate(facts, context, as_of)

    assert result.reasons
    for reason in result.reasons:
        assert reason.source in sources, reason.code
        assert reason.source_kind == sources[reason.source].kind, reason.code


@EXAMPLES
@given(REGION_ST, st.dates(date(1990, 1, 1), date(2030, 12, 31)))
def test_a_day_is_judged_only_by_a_version_in_force_on_it_or_refused(
    region: str | None, day: date
) -> None:
    """Timelines have no gaps (the loader refuses one, below), so each day has its version;
    before the catalogue only a first version that speaks of that time answers, and before
    Facebook's launch nothing does."""
    catalog = load_catalog()
    context = PersonContext(region)
    try:
        version = catalog.in_force(context.region, day, before_start=True)
    except PolicyNotInForce:
        firsts = [timeline[0] for timeline in catalog.timelines(context.region)]
        assert day < EARLIEST or not all(speaks_before_start(first) for first in firsts)
        return
    for part in version.components:
        covered = part.in_force(day) or (day < catalog.starts and speaks_before_start(part))
        assert covered, (part.id, day)
    assert day >= EARLIEST


def _shared_region_versions() -> list[str]:
    """Versions whose region has another version: taking one out leaves a hole in time."""
    timelines = {timeline for timeline in load_catalog().distinct_timelines if len(timeline) > 1}
    return sorted({version.id for timeline in timelines for version in timeline})


@pytest.mark.parametrize("missing", _shared_region_versions())
def test_a_gap_between_versions_is_refused_at_load_not_guessed_across(
    tmp_path: Path, missing: str
) -> None:
    for path in DATA_DIR.glob("*.toml"):
        if path.stem != missing:
            shutil.copy(path, tmp_path / path.name)

    with pytest.raises(PolicyDataError) as refused:
        read_catalog(tmp_path)

    assert refused.value.field in {"effective_from", "effective_until"}, str(refused.value)
