"""What people are, as the engine takes it: the author's age now and when posting (record §2b
'posted as a minor, adult now': Meta could not say), an objection filed and later withdrawn
(record §2b 'withdrawn objection'), and days before Meta AI's launch (record §2a: training on
public posts came before it; nothing ran in Europe before the 2024 notices)."""

# ruff: noqa: E501  (the case tables read best one case per line)

from datetime import date
from typing import NamedTuple

import pytest

from api.policy import ItemFacts, Objection, PersonContext, PolicyNotInForce, evaluate
from api.policy.facts import AgeAtPosting, AuthorAge

AS_OF = date(2026, 1, 15)
AU_SENATE = "https://winbuzzer.com/2024/09/11/australian-user-data-scraped-by-meta-for-ai-development-xcxwbn/"


def post(
    age: AuthorAge = "adult", then: AgeAtPosting | None = None, author: str = "self"
) -> ItemFacts:
    return ItemFacts("facebook", "post", "public", date(2019, 6, 1), author, age, then)  # type: ignore[arg-type]


class AgeCase(NamedTuple):
    name: str
    facts: ItemFacts
    region: str
    verdict: str
    first_reason: str
    past_use: bool | None


AGES = [
    # Posted as a minor, adult now: the record is silent everywhere (Meta could not tell the Senate).
    AgeCase("minor-then-adult-now-eu", post("adult", "minor"), "DE", "uncertain", "age.minor_when_posted", None),
    AgeCase("minor-then-adult-now-au", post("adult", "minor"), "AU", "uncertain", "age.minor_when_posted", None),
    AgeCase("minor-then-adult-now-us", post("adult", "minor"), "US", "uncertain", "age.minor_when_posted", None),
    AgeCase("minor-then-adult-now-br", post("adult", "minor"), "BR", "uncertain", "age.minor_when_posted", None),
    AgeCase("someone-elses-teenage-post", post("adult", "minor", "other"), "DE", "uncertain", "age.minor_when_posted", None),
    # Said the same way twice, or an adult then: nothing more than `author_age`.
    AgeCase("minor-then-minor-now", post("minor", "minor"), "DE", "excluded", "age.minor_excluded", False),
    AgeCase("adult-then-adult-now", post("adult", "adult"), "DE", "included", "audience.public", True),
    AgeCase("adult-then-age-now-unknown-is-adult", post("unknown", "adult"), "DE", "included", "audience.public", True),
    AgeCase("author_age-alone-keeps-working", post("adult"), "DE", "included", "audience.public", True),
    AgeCase("author_age-minor-alone", post("minor"), "DE", "excluded", "age.minor_excluded", False),
]  # fmt: skip


@pytest.mark.parametrize("case", AGES, ids=[c.name for c in AGES])
def test_the_item_is_judged_by_the_age_at_posting_and_says_what_applies_now(case: AgeCase) -> None:
    result = evaluate(case.facts, PersonContext(case.region), AS_OF)

    assert (result.verdict, result.reasons[0].code) == (case.verdict, case.first_reason)
    assert result.may_already_be_used is case.past_use


def test_the_teenage_post_reason_says_what_holds_now_and_cites_metas_answer() -> None:
    reason = evaluate(post("adult", "minor"), PersonContext("DE"), AS_OF).reasons[0]

    assert "as an adult is in scope" in reason.text and "under 18" in reason.text
    assert (reason.source, reason.basis) == (AU_SENATE, "unclear")


def test_minor_then_and_age_now_unknown_is_uncertain_either_way() -> None:
    result = evaluate(post("unknown", "minor"), PersonContext("DE"), AS_OF)

    assert result.verdict == "uncertain" and result.condition is None


def test_an_adult_then_cannot_be_a_minor_now() -> None:
    with pytest.raises(ValueError, match="author_age_at_posting"):
        post("minor", "adult")


class ObjectionCase(NamedTuple):
    name: str
    created: date
    objection: Objection
    as_of: date
    verdict: str
    past_use: bool | None
    codes: tuple[str, ...]  # reason codes that must be given


OBJECTIONS = [
    # Filed before the EU start, standing: kept out, then and now.
    ObjectionCase("standing", date(2019, 6, 1), Objection(date(2025, 5, 1)), AS_OF, "excluded", False, ("objection.filed",)),
    # The same, withdrawn in September 2025: used again from then on, so also already.
    ObjectionCase("withdrawn", date(2019, 6, 1), Objection(date(2025, 5, 1), withdrawn_on=date(2025, 9, 1)), AS_OF, "included", True, ("objection.withdrawn", "history.may_be_used")),
    # Asked before the withdrawal: the objection still stands on that day.
    ObjectionCase("withdrawn-later", date(2019, 6, 1), Objection(date(2025, 5, 1), withdrawn_on=date(2025, 9, 1)), date(2025, 8, 1), "excluded", False, ("objection.filed",)),
    # Made while the objection stood, exposed once it was withdrawn.
    ObjectionCase("made-while-objected", date(2025, 10, 1), Objection(date(2025, 5, 1), withdrawn_on=date(2025, 11, 1)), AS_OF, "included", True, ("objection.withdrawn",)),
    # Withdrawn on the day it was filed: it never stood.
    ObjectionCase("withdrawn-same-day", date(2019, 6, 1), Objection(date(2025, 5, 1), withdrawn_on=date(2025, 5, 1)), AS_OF, "included", True, ("objection.withdrawn",)),
]  # fmt: skip


@pytest.mark.parametrize("case", OBJECTIONS, ids=[c.name for c in OBJECTIONS])
def test_a_withdrawn_objection_covers_only_while_it_stood(case: ObjectionCase) -> None:
    facts = ItemFacts("facebook", "post", "public", case.created, "self", "adult")
    result = evaluate(facts, PersonContext("DE", case.objection), case.as_of)

    assert (result.verdict, result.may_already_be_used) == (case.verdict, case.past_use)
    assert set(case.codes) <= {reason.code for reason in result.reasons}


def test_an_objection_cannot_be_withdrawn_before_it_was_filed() -> None:
    with pytest.raises(ValueError, match="withdrawn_on"):
        Objection(date(2025, 5, 1), withdrawn_on=date(2025, 4, 30))


class EarlyCase(NamedTuple):
    name: str
    region: str | None
    verdict: str
    past_use: bool | None
    policy_id: str


EARLY = [
    # Training on public posts came before Meta AI's launch; when is not known (Clegg, Sep 2023).
    EarlyCase("us-before-launch", "US", "included", None, "meta-world-2023-09-27"),
    EarlyCase("au-before-launch", "AU", "included", None, "meta-au-2023-09-27"),
    EarlyCase("kr-before-launch", "KR", "included", None, "meta-kr-2023-09-27"),
    # Nothing ran in Europe or Brazil before the notices of 2024.
    EarlyCase("eu-before-launch", "DE", "excluded", False, "meta-eu-2023-09-27"),
    EarlyCase("uk-before-launch", "GB", "excluded", False, "meta-gb-2023-09-27"),
    EarlyCase("br-before-launch", "BR", "excluded", False, "meta-br-2023-09-27"),
    EarlyCase("region-unknown-before-launch", None, "uncertain", None, "meta-region-unknown-2023-09-27"),
]  # fmt: skip


@pytest.mark.parametrize("case", EARLY, ids=[c.name for c in EARLY])
def test_days_before_meta_ais_launch_are_answered_where_the_record_says_something(
    case: EarlyCase,
) -> None:
    result = evaluate(post(), PersonContext(case.region), date(2023, 3, 1))

    assert (result.verdict, result.may_already_be_used) == (case.verdict, case.past_use)
    assert result.policy_id == case.policy_id


def test_an_item_made_after_the_early_day_was_not_used_by_then() -> None:
    later = ItemFacts("facebook", "post", "public", date(2023, 5, 1), "self", "adult")

    assert evaluate(later, PersonContext("US"), date(2023, 3, 1)).may_already_be_used is False


def test_before_facebook_existed_nothing_is_answered() -> None:
    with pytest.raises(PolicyNotInForce):
        evaluate(post(), PersonContext("US"), date(2003, 12, 31))
