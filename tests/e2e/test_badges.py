"""Badges on Facebook and Instagram pages show what the service answers for the page's facts."""

from typing import Any

import pytest

from tests.e2e.pages import (
    FACEBOOK_HOME,
    INSTAGRAM_SYNTHETIC,
    REAL_PAGES,
    UNCLOSED_COMMENT_FEED,
    Fixture,
    facts_of,
    feed,
)
from tests.e2e.session import E2ESession, in_both_browsers

FACT_FIELDS = ("kind", "audience", "created_at", "author")


def _sent_for(browser: E2ESession, badges: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The item the extension sent to the service for each badge (by the badge's ref, the id the
    page load drew for the item and sent as its id)."""
    sent = browser.sent_explain_items()
    missing = [b["aiOptoutRef"] for b in badges if b["aiOptoutRef"] not in sent]
    assert missing == [], "badges whose item never reached the service"
    return [sent[b["aiOptoutRef"]] for b in badges]


def _assert_verdicts_are_the_services(
    browser: E2ESession, badges: list[dict[str, str]], items: list[dict[str, Any]]
) -> None:
    answers = browser.service_verdicts(items)
    assert [b["aiOptoutVerdict"] for b in badges] == [answers[i["id"]] for i in items]
    assert all(b["aiOptoutState"] == "ready" for b in badges)


@in_both_browsers
@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_post_and_comment_of_a_feed_shows_the_services_verdict(
    browser: E2ESession, lang: str
) -> None:
    page_feed = feed(lang=lang)
    browser.forget_verdicts()  # every item goes to the service under this page load's refs
    page = browser.open(FACEBOOK_HOME, page_feed.html)

    badges = browser.wait_for_badges(page, len(page_feed.expected))
    browser.remember_secrets(page, f"synthetic feed ({lang})")

    expected = list(page_feed.expected)
    assert [(b["aiOptoutKind"], b["aiOptoutAudience"]) for b in badges] == [
        (e["kind"], e["audience"]) for e in expected
    ]
    assert {b["aiOptoutPlatform"] for b in badges} == {"facebook"}
    assert len({b["aiOptoutRef"] for b in badges}) == len(badges), "one ref per item"
    items = _sent_for(browser, badges)
    assert [{f: i.get(f) for f in FACT_FIELDS} for i in items] == expected
    _assert_verdicts_are_the_services(browser, badges, items)
    # Public items are used unless their author is under 18 (no page shows the age), the others
    # excluded: a feed whose badges all said the same would prove little.
    assert {b["aiOptoutVerdict"] for b in badges} >= {"excluded", "included"}
    _assert_conditional_answers_are_marked(browser, page, badges, items)


def _assert_conditional_answers_are_marked(
    browser: E2ESession, page: Any, badges: list[dict[str, str]], items: list[dict[str, Any]]
) -> None:
    """A conditional answer shows as such: marked on the badge, never a question mark."""
    answers = browser.service_explain(items)
    conditions = [answers[i["id"]].get("condition") for i in items]
    marked = [b.get("aiOptoutUnlessMinor") for b in badges]
    assert marked == [c["verdict"] if c else None for c in conditions]
    assert any(marked), "public items of unknown age get a conditional answer"
    texts = page.evaluate(
        "() => [...document.querySelectorAll('.ai-optout-badge')]"
        ".map((b) => b.shadowRoot.querySelector('button').textContent)"
    )
    assert [t.endswith("*") for t in texts] == [bool(m) for m in marked]
    assert not any("?" in t for t in texts)


@in_both_browsers
@pytest.mark.parametrize("fixture", INSTAGRAM_SYNTHETIC + REAL_PAGES, ids=lambda f: f.name)
def test_instagram_and_real_saved_pages_get_one_badge_per_item(
    browser: E2ESession, fixture: Fixture
) -> None:
    browser.forget_verdicts()  # every item goes to the service under this page load's refs
    page = browser.open(fixture.url, fixture.html())

    badges = browser.wait_for_badges(page, len(fixture.expected))
    browser.remember_secrets(page, fixture.name)

    platform = "instagram" if "instagram.com" in fixture.url else "facebook"
    assert {b["aiOptoutPlatform"] for b in badges} == {platform}
    items = _sent_for(browser, badges)
    assert [i["kind"] for i in items] == [b["aiOptoutKind"] for b in badges]
    assert [i["audience"] for i in items] == [b["aiOptoutAudience"] for b in badges]
    assert tuple(sorted(map(facts_of, items), key=str)) == fixture.expected
    _assert_verdicts_are_the_services(browser, badges, items)


@in_both_browsers
def test_the_feed_saved_inside_an_unclosed_comment_shows_no_badge_and_no_error(
    browser: E2ESession,
) -> None:
    page = browser.open(UNCLOSED_COMMENT_FEED.url, UNCLOSED_COMMENT_FEED.html())

    # The extension did read the page (its counters appear after the first scan) and found nothing.
    page.wait_for_function("() => document.documentElement.dataset.aiOptoutScans >= '1'")
    page.wait_for_timeout(300)  # a late scan would have had time to add a badge
    counters = page.evaluate("() => ({...document.documentElement.dataset})")
    assert counters["aiOptoutItems"] == "0"
    assert counters["aiOptoutBadges"] == "0"
    assert page.locator(".ai-optout-badge").count() == 0
    assert page.locator('[role="feed"]').count() == 1
