"""What a person does in the extension's own pages, step by step, as the tests repeat it."""

import time
from collections.abc import Callable
from typing import Any, overload

from playwright.sync_api import Page

from tests.e2e.session import BrowserPage, E2EBrowser, E2ESession

# The synthetic feed's own posts are by "jane.doe" (extension/test/fixtures/synthetic-feed.js).
OWN_FACEBOOK_PROFILE = "https://www.facebook.com/jane.doe"


# Chromium's tests get Playwright's whole page; the tests run in both browsers, what both offer.
@overload
def open_popup(browser: E2EBrowser) -> Page: ...
@overload
def open_popup(browser: E2ESession) -> BrowserPage: ...
def open_popup(browser: E2ESession) -> BrowserPage:
    """The popup as a tab, once it shows the record the service holds (extension pages forbid
    eval, so waits go through locators)."""
    page = browser.open_extension_page("popup.html")
    page.locator("#status[data-state=ready]").wait_for()
    return page


def save(page: BrowserPage) -> str:
    """Press Save; the kind of message the popup answers with (ok, error)."""
    message = page.locator("#message")
    page.locator("#save").click()
    page.locator("#message[data-kind=ok], #message[data-kind=error]").wait_for()
    page.locator("#save:enabled").wait_for()
    return str(message.get_attribute("data-kind"))


@overload
def record_opt_out(
    browser: E2EBrowser, *, region: str = "DE", profile: str = OWN_FACEBOOK_PROFILE
) -> Page: ...
@overload
def record_opt_out(
    browser: E2ESession, *, region: str = "DE", profile: str = OWN_FACEBOOK_PROFILE
) -> BrowserPage: ...
def record_opt_out(
    browser: E2ESession, *, region: str = "DE", profile: str = OWN_FACEBOOK_PROFILE
) -> BrowserPage:
    """Choose the region, link Facebook with the profile, mark the objection as sent, save."""
    page = open_popup(browser)
    page.select_option("#region", region)
    page.locator("#platform-facebook").check()
    page.locator("#profile-facebook").fill(profile)
    page.select_option("#objection-facebook", "submitted")
    assert save(page) == "ok", page.locator("#message").inner_text()
    return page


def wait_for(condition: Callable[[], Any], what: str, seconds: float = 15) -> Any:
    """`condition()`'s first truthy value, asked every 0.1 s; fails naming `what` if none comes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
