"""When the browser stops the idle background (Chromium's service worker, Firefox's event page),
the next page wakes a new one that still holds the account's tokens: badges keep working and no
new account is made."""

from browsers.firefox import FirefoxExtension
from tests.e2e.firefox import FirefoxBrowser
from tests.e2e.pages import FACEBOOK_HOME, feed
from tests.e2e.session import BrowserPage, E2EBrowser, E2ESession, in_both_browsers

# Called with the background's global object (the service worker's, the event page's).
_MARK = "(bg) => { bg.__e2eBeforeStop = true; }"
_MARKED = "(bg) => bg.__e2eBeforeStop ?? null"
# The cached answers live in storage.session, which a restart keeps: drop them so the new
# background has to ask the service with the tokens it finds in storage.
_CLEAR_CACHE = "(bg) => bg.chrome.storage.session.clear()"


def _in_background(browser: E2ESession, fn: str) -> object:
    if isinstance(browser, E2EBrowser):
        return browser.extension.worker.evaluate(f"({fn})(globalThis)")
    assert isinstance(browser.extension, FirefoxExtension)
    return browser.extension.background_evaluate(fn)


def _stop_then_open(browser: E2ESession, html: str) -> BrowserPage:
    """Stop the background, then open the feed again in a new tab."""
    if isinstance(browser, E2EBrowser):
        # The page's route stays from the first open: adding one while the worker is stopped
        # would hang (extension-e2e.md §5.10).
        browser.extension.stop_worker()
        page = browser.new_page()
        page.goto(FACEBOOK_HOME)
        return page
    assert isinstance(browser, FirefoxBrowser)
    browser.extension.stop_background()
    return browser.open(FACEBOOK_HOME, html)


@in_both_browsers
def test_badges_work_after_the_background_was_stopped(browser: E2ESession) -> None:
    page_feed = feed(lang="de")
    warm = browser.open(FACEBOOK_HOME, page_feed.html)  # the account exists before the stop
    browser.wait_for_badges(warm, len(page_feed.expected))
    auth = browser.auth()
    _in_background(browser, _CLEAR_CACHE)
    _in_background(browser, _MARK)
    mark = len(browser.requests)

    page = _stop_then_open(browser, page_feed.html)
    browser.wait_for_badges(page, len(page_feed.expected))

    if isinstance(browser, FirefoxBrowser):  # the page woke it, not the check below
        assert browser.extension.background_state() == "running"
    assert _in_background(browser, _MARKED) is None, "the background was not restarted"
    assert browser.auth()["accountId"] == auth["accountId"]
    after = [r for r in browser.requests[mark:] if r.from_worker]
    assert [r.path for r in after if r.method == "POST"] == ["/v1/explain"]
    assert after[0].headers.get("authorization") == f"Bearer {auth['accessToken']}"
