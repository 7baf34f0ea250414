"""An answer, not a question mark: where only the author's age (which no page shows) decides, the
verdict is the one for an adult author with the exception stated; `uncertain` stays for where the
record itself leaves it open. Over the engine, every region's rules and every audience."""

from collections import Counter
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from api.policy import (
    Condition,
    ItemFacts,
    Objection,
    PersonContext,
    Verdict,
    evaluate,
    load_catalog,
)
from api.policy.facts import AUDIENCES, AUTHORS, SCOPE_CATEGORIES, Kind
from api.policy.version import DEFAULT_REGION
from tests.policy import strategies
from tests.policy.strategies import REGIONS, as_of_st

_CATALOG = load_catalog()
# One country for each region the rules name (the US for the rest of the world), and the region
# unknown; judged on the day each version takes effect, so every rule set is judged in force.
JUDGED_REGIONS: list[str | None] = [
    *sorted({"US" if v.regions[0] == DEFAULT_REGION else v.regions[0] for v in _CATALOG.versions}),
    None,
]
JUDGED_DATES = sorted({version.effective_from for version in _CATALOG.versions})

KINDS_SHOWN: tuple[Kind, ...] = ("post", "comment", "photo", "reel", "story")
UNLESS_CODES = {"excluded": "age.unless_minor_excluded", "uncertain": "age.unless_minor_unclear"}


def _kind_of_answer(facts: ItemFacts, region: str | None, as_of: date) -> str:
    """Checks one age-unknown item and names the form of its answer."""
    answer = evaluate(facts, PersonContext(region), as_of)
    adult = evaluate(replace(facts, author_age="adult"), PersonContext(region), as_of)
    minor = evaluate(replace(facts, author_age="minor"), PersonContext(region), as_of)
    where = (facts, region, as_of)
    assert answer.verdict == adult.verdict, where
    if answer.condition is not None:
        assert answer.verdict == "included", where
        assert answer.condition == Condition("author_age", "minor", minor.verdict), where
        assert answer.reasons[0].code == UNLESS_CODES[minor.verdict], where
        assert answer.reasons[0].text.startswith("Used, unless the author is under 18"), where
        return "conditional"
    if answer.verdict == "uncertain":
        # The record (or another unknown fact), not the age, leaves it open: the adult's reasons.
        assert answer.reasons[0].basis == "unclear", where
        assert answer.reasons == adult.reasons, where
        return "uncertain"
    assert minor.verdict == answer.verdict, where  # firm: the age does not matter
    return "firm"


def test_every_region_audience_and_kind_with_the_age_unknown_gets_an_answer_of_one_form() -> None:
    forms: Counter[str] = Counter()
    for region in JUDGED_REGIONS:
        for as_of in JUDGED_DATES:
            for platform in ("facebook", "instagram"):
                for audience in AUDIENCES:
                    for kind in KINDS_SHOWN:
                        for author in AUTHORS:
                            facts = ItemFacts(platform, kind, audience, None, author, "unknown")
                            forms[_kind_of_answer(facts, region, as_of)] += 1
    # All three forms occur: the table is not trivially one of them.
    assert forms.keys() == {"conditional", "uncertain", "firm"}, forms


def test_a_public_post_by_someone_of_unknown_age_is_used_unless_they_are_under_18() -> None:
    post = ItemFacts("facebook", "post", "public", date(2021, 5, 3), "other", "unknown")

    eu = evaluate(post, PersonContext("DE"), date(2026, 1, 15))
    us = evaluate(post, PersonContext("US"), date(2026, 1, 15))

    assert (eu.verdict, eu.condition) == ("included", Condition("author_age", "minor", "excluded"))
    assert eu.reasons[0].text.startswith("Used, unless the author is under 18")
    assert "age.minor_excluded" in [reason.code for reason in eu.reasons]
    # In the US the record is silent on minors: the exception is "unclear", not "not used".
    assert (us.verdict, us.condition) == ("included", Condition("author_age", "minor", "uncertain"))


def test_where_the_record_is_silent_for_adults_too_the_answer_stays_uncertain() -> None:
    story = ItemFacts("instagram", "story", "public", date(2025, 8, 1), "other", "unknown")

    answer = evaluate(story, PersonContext("DE"), date(2026, 1, 15))

    assert (answer.verdict, answer.condition) == ("uncertain", None)
    assert answer.reasons[0].code == "kind.story_unclear"


def test_the_condition_cites_the_same_source_as_the_rule_it_summarises() -> None:
    post = ItemFacts("facebook", "post", "public", None, "other", "unknown")
    for region, minor_code in (("DE", "age.minor_excluded"), ("US", "age.minor_unclear")):
        answer = evaluate(post, PersonContext(region), date(2026, 1, 15))
        by_code = {reason.code: reason for reason in answer.reasons}
        condition = answer.reasons[0]
        assert (condition.source, condition.basis) == (
            by_code[minor_code].source,
            by_code[minor_code].basis,
        )


# Any item, as another person's whose age the page cannot show.
facts_st = strategies.facts_st.map(
    lambda facts: replace(facts, author_age="unknown", author_age_at_posting=None)
)
objection_st = st.none() | st.builds(
    Objection,
    filed_on=st.dates(date(2023, 8, 30), date(2027, 12, 31)),
    scope=st.just("all") | st.lists(st.sampled_from(SCOPE_CATEGORIES), min_size=1, unique=True),
)
context_st = st.builds(PersonContext, region=st.sampled_from(REGIONS), objection=objection_st)


@settings(max_examples=400, deadline=None, database=None)
@given(facts_st, context_st, as_of_st)
def test_the_condition_is_true_by_construction(
    facts: ItemFacts, context: PersonContext, as_of: date
) -> None:
    """The answer is the adult's (verdict and past use); the exception is the minor's verdict."""
    answer = evaluate(facts, context, as_of)
    adult = evaluate(replace(facts, author_age="adult"), context, as_of)
    minor = evaluate(replace(facts, author_age="minor"), context, as_of)

    assert _core(answer) == _core(adult)
    if answer.condition is None:
        assert answer.verdict == "uncertain" or minor.verdict == answer.verdict
    else:
        assert answer.verdict != "uncertain"
        assert answer.condition.verdict == minor.verdict != answer.verdict
    # A known age never carries a condition.
    assert adult.condition is None and minor.condition is None


def _core(result: Verdict) -> tuple[str, bool | None]:
    return result.verdict, result.may_already_be_used
