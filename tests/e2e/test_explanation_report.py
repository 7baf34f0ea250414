"""Issue 13: "this looks wrong" from the badge's own explanation, not only from the popup. A
person's click in the panel sends one page report, the same the popup's sends (shapes and
counts only), and the panel says so; a second click sends nothing more."""

import json
from typing import Any, cast

from playwright.sync_api import Locator

from tests.e2e.flows import wait_for
from tests.e2e.pages import RULES_PAGE, RULES_PAGE_PERSONAL, RULES_PAGE_URL
from tests.e2e.session import BrowserPage, E2ESession, Sent, in_both_browsers

# The status line under the button, inside the first badge's shadow root.
_STATUS_JS = """() => {
  const panel = document.querySelector(".ai-optout-badge")?.shadowRoot
    ?.querySelector("[data-ai-optout-explanation]");
  const status = panel?.querySelector(".report-status");
  if (!status) return null;
  return {
    text: status.textContent,
    live: status.getAttribute("aria-live"),
    disabled: panel.querySelector(".report-button").getAttribute("aria-disabled"),
  };
}"""


def _inside_badge(browser_name: str, selector: str) -> str:
    """A selector into the badge's open shadow root: Playwright's CSS pierces it, Puppeteer's
    (the Firefox driver) needs its `>>>` combinator."""
    if browser_name == "firefox":
        return f".ai-optout-badge >>> {selector}"
    return f".ai-optout-badge {selector}"


def _click_though_marked_disabled(browser_name: str, button: Any) -> None:
    """A person's click on a button marked aria-disabled (it keeps its focus, so it can still be
    pressed): Playwright waits for such a button to be enabled unless forced."""
    if browser_name == "firefox":
        button.click()
    else:
        cast(Locator, button).click(force=True)


def _reports(browser: E2ESession, since: int) -> list[Sent]:
    return [r for r in browser.requests[since:] if r.path == "/v1/page-reports"]


def _status(page: BrowserPage) -> dict[str, Any] | None:
    status: dict[str, Any] | None = page.evaluate(_STATUS_JS)
    return status


@in_both_browsers
def test_one_click_in_the_explanation_sends_one_page_report_that_holds_no_personal_data(
    browser: E2ESession, browser_name: str
) -> None:
    page = browser.open(RULES_PAGE_URL, RULES_PAGE)
    browser.wait_for_badges(page, 1)
    since = len(browser.requests)

    page.locator(_inside_badge(browser_name, "button.b")).click()
    report_button = page.locator(_inside_badge(browser_name, ".report-button"))
    report_button.wait_for()
    assert _status(page) == {"text": "", "live": "polite", "disabled": None}

    report_button.click()
    shown = wait_for(lambda: (s := _status(page)) and s["text"] and s, "the panel to say sent")
    assert shown["text"].startswith("Sent, thank you"), shown
    assert shown["disabled"] == "true"
    sent = wait_for(lambda: _reports(browser, since), "the report")

    # Once per page view: a second click sends nothing.
    _click_though_marked_disabled(browser_name, report_button)
    page.wait_for_timeout(500)
    assert len(_reports(browser, since)) == 1
    assert sent[0].from_worker and sent[0].origin == browser.api_base
    assert "authorization" not in sent[0].headers, "a report is tied to no account"
    body = sent[0].body
    for secret in RULES_PAGE_PERSONAL:
        assert secret.lower() not in body.lower(), f"{secret} was sent"
    report = json.loads(body)
    assert report["path_shape"] == "/groups/*/"
    assert report["found"]["items"] == 1
