"""The explanation behind a badge works from the keyboard alone."""

from tests.e2e.pages import FACEBOOK_HOME, feed
from tests.e2e.session import E2EBrowser

# Focus in the page: the light-DOM element, and inside a badge's shadow root what it focuses.
_FOCUS = """() => {
  const host = document.activeElement;
  const inner = host?.shadowRoot?.activeElement;
  return {
    host: host?.className ?? null,
    key: host?.dataset?.aiOptoutRef ?? null,
    inner: !inner ? null
      : inner.matches("[data-ai-optout-explanation]") ? "explanation" : inner.tagName,
  };
}"""


def test_a_badge_opens_its_explanation_by_keyboard_and_escape_gives_focus_back(
    browser: E2EBrowser,
) -> None:
    page_feed = feed()
    browser.forget_verdicts()  # the item goes to the service under this page load's ref
    page = browser.open(FACEBOOK_HOME, page_feed.html)
    browser.wait_for_badges(page, len(page_feed.expected))
    first_post = page.locator('[aria-posinset="1"]')
    badge = first_post.locator(".ai-optout-badge").first
    key = badge.get_attribute("data-ai-optout-ref")

    # Tab from the post's timestamp link reaches the badge next: it sits in the tab order.
    first_post.locator('a[aria-label][href*="/posts/"]').first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUS) == {"host": "ai-optout-badge", "key": key, "inner": "BUTTON"}
    button = badge.locator("button.b")
    assert button.get_attribute("aria-expanded") == "false"

    page.keyboard.press("Enter")
    explanation = badge.locator("[data-ai-optout-explanation]")
    explanation.wait_for()
    assert badge.get_attribute("data-ai-optout-open") == "true"
    assert button.get_attribute("aria-expanded") == "true"
    assert explanation.get_attribute("role") == "dialog"
    assert page.evaluate(_FOCUS)["inner"] == "explanation", "focus moves into the explanation"

    # It shows the service's reasons for this item, each with a link to its public source.
    item = browser.sent_explain_items()[str(key)]
    result = browser.service_explain([item])[str(key)]
    assert result["reasons"], "the service gives reasons"
    reasons = explanation.locator("ul").first.locator("li")
    assert reasons.count() == len(result["reasons"])
    for shown, reason in zip(reasons.all(), result["reasons"], strict=True):
        assert reason["text"] in shown.inner_text()
        link = shown.locator("a")
        assert link.get_attribute("href") == reason["source"]
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert reason["source"].startswith("https://")
    assert explanation.locator("h2").inner_text() != ""

    page.keyboard.press("Escape")
    explanation.wait_for(state="detached")
    assert badge.get_attribute("data-ai-optout-open") == "false"
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate(_FOCUS) == {"host": "ai-optout-badge", "key": key, "inner": "BUTTON"}
