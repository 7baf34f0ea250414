"""What a person can do about an item (actions), and which single change would flip its verdict."""

# ruff: noqa: E501  (the case tables read best one case per line)

from datetime import date

import pytest

from api.platforms import ExplainablePlatform
from api.policy import Flip, ItemFacts, Objection, PersonContext, Verdict, apply_flip, evaluate
from api.policy.facts import Audience, AuthorAge, Kind

EU_RUNNING = date(2025, 7, 1)
FACEBOOK_FORM = "https://www.facebook.com/help/contact/6359191084165019"
INSTAGRAM_FORM = "https://help.instagram.com/contact/767264225370182"


def verdict_for(
    facts: ItemFacts, region: str | None = "DE", objection: Objection | None = None
) -> Verdict:
    return evaluate(facts, PersonContext(region, objection), EU_RUNNING)


def own(
    platform: ExplainablePlatform = "facebook",
    kind: Kind = "post",
    audience: Audience = "public",
    age: AuthorAge = "adult",
) -> ItemFacts:
    return ItemFacts(platform, kind, audience, date(2020, 1, 1), "self", age)


# Flips: the smallest change of one fact, nearest candidate first.
FLIPS = [
    ("eu-facebook-public", own(), "DE", {Flip("audience", "friends", "excluded"), Flip("objection", "all", "excluded")}),
    ("eu-instagram-public", own("instagram", "photo"), "DE", {Flip("audience", "followers", "excluded"), Flip("objection", "all", "excluded")}),
    ("eu-friends-only", own(audience="friends"), "DE", {Flip("audience", "public", "included")}),
    ("us-no-objection-flip", own(), "US", {Flip("audience", "friends", "excluded")}),
    ("audience-unknown", own(audience="unknown"), "US", {Flip("audience", "friends", "excluded"), Flip("audience", "public", "included")}),
    ("age-unknown", own(age="unknown"), "US", {Flip("audience", "friends", "excluded"), Flip("author_age", "minor", "uncertain")}),
    ("message-never-flips", own(kind="message"), "DE", set()),
    ("profile-info-only-by-objecting", own(kind="profile_info", audience="followers"), "DE", {Flip("objection", "all", "excluded")}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("facts", "region", "flips"), [c[1:] for c in FLIPS], ids=[c[0] for c in FLIPS]
)
def test_flips(facts: ItemFacts, region: str, flips: set[Flip]) -> None:
    result = verdict_for(facts, region)
    assert set(result.flip) == flips
    for flip in result.flip:
        new_facts, new_context = apply_flip(facts, PersonContext(region), EU_RUNNING, flip)
        assert evaluate(new_facts, new_context, EU_RUNNING).verdict == flip.verdict


def test_group_posts_offer_no_audience_flip() -> None:
    result = verdict_for(own(audience="group_public"), "US")
    assert [flip.fact for flip in result.flip] == []


def test_objecting_again_resolves_a_disputed_2024_objection() -> None:
    """§5 [14]: noyb says 2024 objectors were told to object again."""
    result = verdict_for(own(), "DE", Objection(date(2024, 6, 1)))
    assert Flip("objection", "all", "excluded") in result.flip


# Actions: the levers in the person's region, most effective first.
ACTIONS = [
    ("eu-facebook-post", own(), "DE", None, ["object.facebook", "audience.change", "item.delete"]),
    ("eu-instagram-post", own("instagram", "photo"), "DE", None, ["object.instagram", "account.make_private", "item.delete"]),
    ("eu-threads-post", own("threads"), "DE", None, ["object.threads", "account.make_private", "item.delete"]),
    ("eu-comment", own(kind="comment"), "DE", None, ["object.facebook", "item.delete"]),
    ("eu-public-group", own(audience="group_public"), "DE", None, ["object.facebook", "item.delete"]),
    ("eu-profile", own(kind="profile_info"), "DE", None, ["object.facebook", "profile.edit"]),
    ("eu-ai-chat", own("instagram", "ai_chat"), "DE", None, ["object.instagram", "ai_chat.avoid"]),
    ("eu-already-objected", own(), "DE", Objection(date(2025, 5, 1)), ["audience.change", "item.delete"]),
    ("eu-friends-only-already-excluded", own(audience="friends"), "DE", None, []),
    ("us-no-opt-out", own(), "US", None, ["audience.change", "item.delete"]),
    ("us-instagram", own("instagram", "reel"), "US", None, ["account.make_private", "item.delete"]),
    ("message-nothing-to-do", own(kind="message"), "DE", None, []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("facts", "region", "objection", "codes"), [c[1:] for c in ACTIONS], ids=[c[0] for c in ACTIONS]
)
def test_actions(
    facts: ItemFacts, region: str, objection: Objection | None, codes: list[str]
) -> None:
    assert [action.code for action in verdict_for(facts, region, objection).actions] == codes


def test_objection_forms_link_to_metas_forms() -> None:
    urls = {
        a.code: a.url for a in verdict_for(own()).actions + verdict_for(own("instagram")).actions
    }
    assert urls["object.facebook"] == FACEBOOK_FORM
    assert urls["object.instagram"] == INSTAGRAM_FORM


def test_someone_elses_post_asks_the_poster_and_offers_no_objection() -> None:
    """§2, §5 [23, 25]: your objection does not cover it; ask the poster."""
    theirs = ItemFacts("facebook", "photo", "public", None, "other", "adult")
    eu = [a.code for a in verdict_for(theirs, "DE", Objection(date(2025, 5, 1))).actions]
    us = [a.code for a in verdict_for(theirs, "US").actions]
    assert eu == ["poster.ask", "third_party.form"]
    assert us == ["poster.ask"]


@pytest.mark.parametrize(
    ("region", "as_of", "offered"),
    [
        ("DE", date(2025, 1, 1), True),  # EU paused: objecting before the start keeps old posts out
        ("CH", date(2025, 5, 1), True),  # Swiss users told to object before the start [22]
        ("BR", date(2024, 7, 15), False),  # suspended; no opt-out yet [6]
        ("BR", date(2024, 9, 10), True),  # notice period with opt-out [7]
        ("DE", date(2024, 1, 1), False),  # before Meta's first EU notices [1]
    ],
)
def test_objection_offered_only_where_and_when_it_exists(
    region: str, as_of: date, offered: bool
) -> None:
    codes = [a.code for a in evaluate(own(), PersonContext(region), as_of).actions]
    assert ("object.facebook" in codes) is offered
