"""The explanation behind a badge works from the keyboard alone."""

from typing import Any, Protocol

from playwright.sync_api import Page

from browsers.firefox import FirefoxPage
from tests.e2e.pages import FACEBOOK_HOME, feed
from tests.e2e.session import BrowserPage, E2ESession, in_both_browsers

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

_FIRST_POSTS_BADGE = """() => document.querySelector('[aria-posinset="1"] .ai-optout-badge')
  .dataset.aiOptoutRef"""

_FOCUS_TIMESTAMP = """() => document
  .querySelector('[aria-posinset="1"] a[aria-label][href*="/posts/"]').focus()"""

# The badge with this ref, as its shadow root shows it.
_BADGE = """(key) => {
  const badge = document.querySelector(`.ai-optout-badge[data-ai-optout-ref="${key}"]`);
  const panel = badge.shadowRoot.querySelector("[data-ai-optout-explanation]");
  return {
    open: badge.getAttribute("data-ai-optout-open"),
    expanded: badge.shadowRoot.querySelector("button.b").getAttribute("aria-expanded"),
    explanation: panel && {
      role: panel.getAttribute("role"),
      title: panel.querySelector("h2").innerText,
      reasons: [...panel.querySelector("ul").querySelectorAll("li")].map((li) => ({
        text: li.innerText,
        href: li.querySelector("a").getAttribute("href"),
        rel: li.querySelector("a").getAttribute("rel"),
      })),
    },
  };
}"""


class _Keyboard(Protocol):
    def press(self, key: str) -> None: ...


def _keyboard(page: BrowserPage) -> _Keyboard:
    assert isinstance(page, Page | FirefoxPage)
    return page.keyboard


def _badge(page: BrowserPage, key: str) -> dict[str, Any]:
    state: dict[str, Any] = page.evaluate(_BADGE, key)
    return state


@in_both_browsers
def test_a_badge_opens_its_explanation_by_keyboard_and_escape_gives_focus_back(
    browser: E2ESession,
) -> None:
    page_feed = feed()
    browser.forget_verdicts()  # the item goes to the service under this page load's ref
    page = browser.open(FACEBOOK_HOME, page_feed.html)
    browser.wait_for_badges(page, len(page_feed.expected))
    keyboard = _keyboard(page)
    key = str(page.evaluate(_FIRST_POSTS_BADGE))

    # Tab from the post's timestamp link reaches the badge next: it sits in the tab order.
    page.evaluate(_FOCUS_TIMESTAMP)
    keyboard.press("Tab")
    assert page.evaluate(_FOCUS) == {"host": "ai-optout-badge", "key": key, "inner": "BUTTON"}
    assert _badge(page, key)["expanded"] == "false"

    keyboard.press("Enter")
    page.wait_for_function(f"() => ({_BADGE})({key!r}).explanation !== null")
    shown = _badge(page, key)
    assert (shown["open"], shown["expanded"]) == ("true", "true")
    assert shown["explanation"]["role"] == "dialog"
    assert page.evaluate(_FOCUS)["inner"] == "explanation", "focus moves into the explanation"

    # It shows the service's reasons for this item, each with a link to its public source.
    item = browser.sent_explain_items()[key]
    result = browser.service_explain([item])[key]
    assert result["reasons"], "the service gives reasons"
    reasons = shown["explanation"]["reasons"]
    assert len(reasons) == len(result["reasons"])
    for reason_shown, reason in zip(reasons, result["reasons"], strict=True):
        assert reason["text"] in reason_shown["text"]
        assert reason_shown["href"] == reason["source"]
        assert reason_shown["rel"] == "noopener noreferrer"
        assert reason["source"].startswith("https://")
    assert shown["explanation"]["title"] != ""

    keyboard.press("Escape")
    page.wait_for_function(f"() => ({_BADGE})({key!r}).explanation === null")
    assert _badge(page, key) == {"open": "false", "expanded": "false", "explanation": None}
    assert page.evaluate(_FOCUS) == {"host": "ai-optout-badge", "key": key, "inner": "BUTTON"}
