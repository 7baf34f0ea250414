"""Meta's rules item by item: content, audience, age, author and objection (fact sheet §2, §3, §5).

Each case is one item for one person, as of a date when training runs in their region unless the
case is about the date. `used` is `may_already_be_used`; `reason` is the decisive (first) reason.
"""

# ruff: noqa: E501  (the case tables read best one case per line)

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pytest

from api.policy import ItemFacts, Objection, PersonContext, evaluate
from api.policy.facts import Audience, Kind

EU_RUNNING = date(2025, 7, 1)
BEFORE_EU_START = date(2025, 5, 1)
AFTER_EU_START = date(2025, 6, 10)


def item(kind: Kind = "post", audience: Audience = "public", **facts: Any) -> ItemFacts:
    """A Facebook item by the person, an adult, posted in 2019, unless told otherwise."""
    defaults: dict[str, Any] = {"platform": "facebook", "created_at": date(2019, 6, 1)}
    defaults |= {"author": "self", "author_age": "adult"}
    return ItemFacts(kind=kind, audience=audience, **(defaults | facts))


@dataclass(frozen=True)
class Case:
    id: str
    cites: str  # fact-sheet section [source numbers]
    facts: ItemFacts
    verdict: str
    reason: str
    used: bool | Literal["any"] | None = "any"  # "any": not what this case checks
    region: str | None = "DE"
    as_of: date = EU_RUNNING
    objection: Objection | None = None
    also: tuple[str, ...] = field(default=())  # further reason codes that must be given


CASES = [
    # Audience: only public content is used (§3.1 [8, 12, 13]).
    Case("public-post", "§2 EU/EEA [12]", item(), "included", "audience.public", used=True),
    Case("friends", "§2 non-public [12, 13]", item(audience="friends"), "excluded", "audience.non_public", used=False),
    Case("friends-of-friends", "§2 non-public [13]", item(audience="friends_of_friends"), "excluded", "audience.non_public"),
    Case("only-me", "§2 non-public [13]", item(audience="only_me"), "excluded", "audience.non_public"),
    Case("custom-list", "§2 non-public [13]", item(audience="custom"), "excluded", "audience.non_public"),
    Case("close-friends", "§2 non-public [13]", item(platform="instagram", kind="photo", audience="close_friends"), "excluded", "audience.non_public"),
    Case("private-instagram-account", "§2 non-public [13]; §3.4 [20]", item(platform="instagram", kind="photo", audience="followers"), "excluded", "audience.non_public"),
    Case("public-instagram-account", "§2 EU/EEA [12]", item(platform="instagram", kind="reel"), "included", "audience.public"),
    Case("unknown-audience", "§3.1 [13] [?]", item(audience="unknown"), "uncertain", "audience.unknown", used=None),
    Case("us-friends-only", "§2 US [8]", item(audience="friends"), "excluded", "audience.non_public", region="US"),
    # Groups: public groups are public [19]; private groups excluded by inference [I].
    Case("public-group", "§2 always public [19]", item(audience="group_public"), "included", "audience.public_group"),
    Case("private-group", "§2 private groups [I: 19]", item(audience="group_private"), "excluded", "audience.private_group", used=False),
    # Always public: profile basics, and comments under public content, even from a private account.
    Case("profile-info-private-account", "§2 always public [19]", item(platform="instagram", kind="profile_info", audience="followers"), "included", "kind.always_public", used=True),
    Case("profile-info-audience-unknown", "§2 always public [19]", item(kind="profile_info", audience="unknown"), "included", "kind.always_public"),
    Case("comment-on-public-post", "§3.4 [19, 20]", item(platform="instagram", kind="comment"), "included", "audience.public"),
    Case("reply-under-friends-post", "§3.4 [19, 20]", item(kind="reply", audience="friends"), "excluded", "audience.non_public"),
    # Kinds.
    Case("public-photo", "§2 EU/EEA [12]", item(kind="photo"), "included", "audience.public"),
    Case("public-video", "§2 EU/EEA [12]", item(kind="video"), "included", "audience.public"),
    Case("public-story", "§7.1 [14, 37] [?]", item(platform="instagram", kind="story"), "uncertain", "kind.story_unclear", used=None),
    Case("close-friends-story", "§2 non-public [13]", item(platform="instagram", kind="story", audience="close_friends"), "excluded", "audience.non_public"),
    Case("threads-public", "§2 Threads [?]", item(platform="threads"), "uncertain", "platform.threads_unclear", used=None),
    Case("threads-private-profile", "§2 non-public [13]", item(platform="threads", audience="followers"), "excluded", "audience.non_public"),
    Case("private-message-eu", "§2 private messages [12, 20]", item(kind="message", audience="unknown"), "excluded", "kind.private_message", used=False),
    Case("private-message-us", "§4 2023-09-27 [26]", item(platform="instagram", kind="message", audience="only_me"), "excluded", "kind.private_message", region="US"),
    Case("private-message-region-unknown", "§2 [12, 26]", item(kind="message"), "excluded", "kind.private_message", region=None),
    Case("ai-chat-eu", "§2 AI chats [12]", item(kind="ai_chat", audience="unknown"), "included", "kind.ai_chat", used=True),
    Case("ai-chat-us", "§1 [12]", item(platform="instagram", kind="ai_chat", audience="unknown"), "included", "kind.ai_chat", region="US"),
    Case("ai-chat-eu-paused", "§4 [3]", item(kind="ai_chat"), "excluded", "training.paused", as_of=date(2025, 1, 1)),
    # Age: the account holder's age is Meta's test (§3.5 [8]).
    Case("minor-eu", "§2 under-18s [12, 14]", item(author_age="minor"), "excluded", "age.minor_excluded", used=False),
    Case("minor-uk", "§2 UK [9]", item(author_age="minor"), "excluded", "age.minor_excluded", region="GB"),
    Case("minor-ch", "§2 Switzerland [5, 22]", item(author_age="minor"), "excluded", "age.minor_excluded", region="CH"),
    Case("minor-brazil", "§2 Brazil [7]", item(author_age="minor"), "excluded", "age.minor_excluded", region="BR"),
    Case("minor-australia", "§2 US and rest of world [8]", item(author_age="minor"), "excluded", "age.minor_excluded", region="AU"),
    Case("minor-us", "§2 US [?]; §7.3", item(author_age="minor"), "uncertain", "age.minor_unclear", used=None, region="US"),
    Case("minor-ai-chat-eu", "§2 AI chats [?: 12, 23]; §7.4", item(kind="ai_chat", author_age="minor"), "uncertain", "age.minor_ai_chat_unclear"),
    Case("minor-ai-chat-brazil", "§2 Brazil [7]", item(kind="ai_chat", author_age="minor"), "excluded", "age.minor_excluded", region="BR"),
    Case("minor-ai-chat-us", "§7.3 [?]", item(kind="ai_chat", author_age="minor"), "uncertain", "age.minor_unclear", region="US"),
    Case("age-unknown-is-a-condition", "§1, §2 under-18s [12]", item(author_age="unknown"), "included", "age.unless_minor_excluded", used=True),
    Case("age-unknown-but-friends-only", "§2 non-public [13]", item(audience="friends", author_age="unknown"), "excluded", "audience.non_public"),
    Case("adult-posts-child-photo-australia", "§2 photos of children [8]", item(kind="photo", author="other"), "included", "audience.public", region="AU"),
    # Someone else's post that shows the person: their objection does not cover it [23, 25].
    Case("other-with-objection", "§2 someone else's post [23, 25]", item(kind="photo", author="other"), "included", "audience.public", objection=Objection(BEFORE_EU_START), also=("author.other",)),
    Case("other-minor-poster", "§2 under-18s [12]", item(author="other", author_age="minor"), "excluded", "age.minor_excluded"),
    # The objection: forward only, own items, within its scope (§5 [12, 18, 20, 21]).
    Case("objected-before-start", "§5 time effect [18, 19, 20]", item(), "excluded", "objection.filed", used=False, objection=Objection(BEFORE_EU_START)),
    Case("objected-day-before-start", "§5 time effect [18, 19]", item(), "excluded", "objection.filed", used=False, objection=Objection(date(2025, 5, 26))),
    Case("objected-after-start", "§5 time effect [18, 19, 20]", item(), "excluded", "objection.filed", used=True, objection=Objection(AFTER_EU_START)),
    Case("created-after-objection", "§5 time effect [21]", item(created_at=date(2025, 6, 20)), "excluded", "objection.filed", used=False, objection=Objection(AFTER_EU_START)),
    Case("objection-filed-after-as-of", "§5 time effect [21]", item(), "included", "audience.public", objection=Objection(date(2025, 8, 1))),
    Case("objection-scope-misses-kind", "§5 scope [20]", item(), "included", "audience.public", objection=Objection(BEFORE_EU_START, ("comments",)), also=("objection.out_of_scope",)),
    Case("objection-scope-covers-photo", "§5 scope [20]", item(kind="photo"), "excluded", "objection.filed", objection=Objection(BEFORE_EU_START, ("photos_videos",))),
    Case("objection-scope-covers-reel", "§5 scope [20]", item(platform="instagram", kind="reel"), "excluded", "objection.filed", objection=Objection(BEFORE_EU_START, ("stories_reels",))),
    Case("objection-covers-ai-chats", "§2 AI chats [12]", item(kind="ai_chat"), "excluded", "objection.filed", objection=Objection(BEFORE_EU_START, ("ai_chats",))),
    Case("objection-from-2024-disputed", "§5 old objections [12, 14] [?]", item(), "uncertain", "objection.prior_round_disputed", used=None, objection=Objection(date(2024, 6, 1))),
    Case("objection-while-eu-paused", "§5 [12]", item(), "excluded", "training.paused", used=False, as_of=date(2025, 1, 1), objection=Objection(date(2024, 12, 1)), also=("objection.filed",)),
    Case("objection-uk-before-start", "§2 UK [9, 10]", item(), "excluded", "objection.filed", used=False, region="GB", objection=Objection(date(2024, 9, 1))),
    Case("objection-brazil-in-notice-period", "§2 Brazil [7]; record §1 Brazil: no use shown in Jun-Jul 2024", item(), "excluded", "objection.filed", used=None, region="BR", objection=Objection(date(2024, 9, 10))),
    Case("objection-brazil-post-after-suspension", "§2 Brazil [7]", item(created_at=date(2024, 8, 1)), "excluded", "objection.filed", used=False, region="BR", objection=Objection(date(2024, 9, 10))),
    Case("objection-no-opt-out-us", "§2 US [8, 26]", item(), "included", "audience.public", region="US", objection=Objection(date(2024, 1, 1)), also=("objection.unavailable",)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_item_rule(case: Case) -> None:
    context = PersonContext(region=case.region, objection=case.objection)
    result = evaluate(case.facts, context, case.as_of)

    assert result.verdict == case.verdict
    assert result.reasons[0].code == case.reason
    if case.used != "any":
        assert result.may_already_be_used is case.used
    codes = [reason.code for reason in result.reasons]
    assert set(case.also) <= set(codes), codes


def test_private_group_exclusion_is_labelled_an_inference() -> None:
    result = evaluate(item(audience="group_private"), PersonContext("DE"), EU_RUNNING)
    assert result.reasons[0].basis == "inferred"
    assert "infer" in result.reasons[0].text


@pytest.mark.parametrize(
    "facts",
    [item(audience="unknown"), item(kind="story", author_age="unknown"), item(platform="threads")],
    ids=["audience", "story-of-unknown-age", "threads"],
)
def test_uncertain_verdicts_say_the_record_is_unclear(facts: ItemFacts) -> None:
    result = evaluate(facts, PersonContext("DE"), EU_RUNNING)
    assert result.verdict == "uncertain"
    assert result.reasons[0].basis == "unclear"


def test_a_post_public_in_the_past_is_flagged_as_possibly_collected() -> None:
    """§3.3 [8]: going private stops future collection, not past collection."""
    result = evaluate(item(), PersonContext("DE"), EU_RUNNING)
    assert result.reasons[-1].code == "history.may_be_used"
