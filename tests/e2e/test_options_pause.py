"""The options page's pause switch takes the badges off and keeps new ones from appearing."""

from collections.abc import Iterator

import pytest

from tests.e2e.pages import FACEBOOK_HOME, INSTAGRAM_SYNTHETIC, feed
from tests.e2e.session import E2ESession, in_both_browsers

_PAUSED = "(v) => document.documentElement.dataset.aiOptoutPaused === v"


@pytest.fixture
def unpaused_afterwards(browser: E2ESession) -> Iterator[None]:
    yield
    browser.extension.set_storage({"paused": False})


@in_both_browsers
@pytest.mark.usefixtures("unpaused_afterwards")
def test_pausing_in_the_options_stops_new_badges_until_resumed(browser: E2ESession) -> None:
    grown = feed(grow=True)
    page = browser.open(FACEBOOK_HOME, grown.html)
    browser.wait_for_badges(page, len(grown.expected))
    options = browser.open_extension_page("options.html")
    options.locator("#signin-state[data-state=anonymous]").wait_for()
    assert options.locator("#account-id").inner_text() == browser.auth()["accountId"]

    options.locator("#paused").check()

    page.wait_for_function(_PAUSED, arg="true")
    page.wait_for_function("() => document.querySelectorAll('.ai-optout-badge').length === 0")
    assert browser.extension.storage("paused") == {"paused": True}
    # More posts load, and another page opens: neither gets a badge while paused.
    page.evaluate("() => window.aiOptoutFixture.append(3)")
    instagram = INSTAGRAM_SYNTHETIC[0]
    other = browser.open(instagram.url, instagram.html())
    other.wait_for_function(_PAUSED, arg="true")
    page.wait_for_timeout(800)  # longer than the scanner's longest debounce (600 ms)
    assert page.locator(".ai-optout-badge").count() == 0
    assert other.locator(".ai-optout-badge").count() == 0
    assert "aiOptoutScans" not in other.evaluate("() => ({...document.documentElement.dataset})")

    options.locator("#paused").uncheck()

    page.wait_for_function(_PAUSED, arg="false")
    browser.wait_for_badges(page, len(feed(posts=23).expected))
    browser.wait_for_badges(other, len(instagram.expected))
