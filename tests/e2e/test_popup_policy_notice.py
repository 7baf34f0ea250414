"""Issue 11 item 7: the popup tells a person, once, that Meta's rules for their region changed
since they last looked, with each change's source and a link to what it means for them; once
dismissed, that version does not come back. The request behind it carries the region and a day."""

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.e2e.flows import open_popup, record_opt_out
from tests.e2e.session import E2ESession, in_both_browsers

# The person last looked before the EU version of 27 May 2025 took effect.
LAST_LOOKED = "2025-05-01"
ASKED_SINCE = "2025-05-02"  # the day after: what they saw that day is not news


def _looked_on(day: str, dismissed: list[str] | None = None) -> dict[str, Any]:
    """The extension's notice state: last looked on `day`, the daily check due."""
    return {
        "region": "DE",
        "lastLooked": day,
        "checkedAt": 0,
        "pending": [],
        "dismissed": dismissed or [],
    }


def _feed_asks(browser: E2ESession) -> list[str]:
    """The extension's requests for the policy-changes feed during this test."""
    return [
        sent.url
        for sent in browser.requests
        if sent.from_worker
        and sent.test == browser.current_test
        and sent.path == "/v1/policies/changes"
    ]


@pytest.fixture
def notices_forgotten_afterwards(browser: E2ESession) -> Iterator[None]:
    """Leave the extension as a first run would: the next popup asks nothing."""
    yield
    browser.extension.set_storage({"policyNotices": None})


@in_both_browsers
@pytest.mark.usefixtures("notices_forgotten_afterwards")
def test_the_popup_tells_once_that_the_rules_for_the_region_changed(browser: E2ESession) -> None:
    record_opt_out(browser, region="DE")
    browser.extension.set_storage({"policyNotices": _looked_on(LAST_LOOKED)})
    today = dt.date.today().isoformat()
    feed = browser.api.get(
        "/v1/policies/changes", params={"since": ASKED_SINCE, "region": "DE"}
    ).json()
    expected = [v for v in feed if v["effective_from"] <= today]
    newest = expected[0]
    assert newest["id"] == "meta-eu-2025-05-27", "the EU version the person has not seen"

    page = open_popup(browser)
    page.locator("body[data-policy-notice=shown]").wait_for()

    assert page.locator("#policy-notice").is_visible()
    assert page.locator("#policy-notice article").count() == len(expected)
    entry = f'#policy-notice article[data-policy="{newest["id"]}"]'
    assert page.locator(f"{entry} h3").inner_text() == (
        "Meta's rules for your region (Germany) changed on May 27, 2025:"
    )
    assert newest["changes"][0]["text"] in page.locator(f"{entry} li").inner_text()
    source = page.locator(f"{entry} a.policy-source").get_attribute("href")
    assert source == newest["changes"][0]["source"]
    meaning = page.locator("#policy-notice-meaning")
    assert meaning.get_attribute("href") == f"{browser.api_base}/?region=DE"
    # One request, from the background: the region and a day, no token, no body.
    [asked] = _feed_asks(browser)
    assert dict(parse_qsl(urlsplit(asked).query)) == {"since": ASKED_SINCE, "region": "DE"}
    sent = next(s for s in browser.requests if s.url == asked)
    assert sent.method == "GET" and sent.body == ""
    assert "authorization" not in sent.headers and "cookie" not in sent.headers

    page.locator("#policy-notice-dismiss").click()
    page.locator("body[data-policy-notice=none]").wait_for()
    assert page.locator("#policy-notice").is_hidden()
    kept = browser.extension.storage("policyNotices")["policyNotices"]
    assert {v["id"] for v in expected} <= set(kept["dismissed"])

    again = open_popup(browser)
    again.locator("body[data-policy-notice=none]").wait_for()
    assert again.locator("#policy-notice").is_hidden()
    assert len(_feed_asks(browser)) == 1, "checked at most once a day"

    # The next day's check finds the same version again: dismissed, it stays away.
    browser.extension.set_storage(
        {"policyNotices": _looked_on(LAST_LOOKED, dismissed=kept["dismissed"])}
    )
    later = open_popup(browser)
    later.locator("body[data-policy-notice=none]").wait_for()
    assert later.locator("#policy-notice").is_hidden()
    assert len(_feed_asks(browser)) == 2
