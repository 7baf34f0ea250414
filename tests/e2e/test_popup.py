"""The popup records the person's opt-out on the service, shows its receipt, refuses a stale write,
and the profile it links makes the person's own posts count as theirs."""

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.flows import OWN_FACEBOOK_PROFILE, open_popup, record_opt_out, save
from tests.e2e.pages import FACEBOOK_HOME, feed
from tests.e2e.session import E2EBrowser, E2ESession, in_both_browsers

STALE_MESSAGE = "Your record changed elsewhere."  # _locales/en errorStale


def _service_record(browser: E2ESession) -> tuple[dict[str, Any], str]:
    answer = browser.api.get("/v1/me/preferences", headers=browser.as_extension())
    assert answer.status_code == 200, answer.text
    return answer.json(), answer.headers["ETag"]


def _start_afresh(browser: E2ESession) -> None:
    """No region and no linked account, whatever an earlier test recorded."""
    _, etag = _service_record(browser)
    empty: dict[str, object] = {"region": None, "accounts": [], "scope": "all", "listed": False}
    reset = browser.api.put(
        "/v1/me/preferences", json=empty, headers={**browser.as_extension(), "If-Match": etag}
    )
    assert reset.status_code == 200, reset.text


@in_both_browsers
def test_the_popup_records_an_opt_out_that_the_service_then_holds(browser: E2ESession) -> None:
    _start_afresh(browser)
    page = open_popup(browser)
    assert "Region not set" in page.locator("#status").inner_text()
    assert page.locator("#profile-facebook").is_disabled(), "not linked yet"
    page.select_option("#region", "DE")
    # Germany has Meta's objection form: the popup links it as soon as the region is chosen.
    assert page.locator("#objection-link-facebook").is_visible()
    page.locator("#platform-facebook").check()
    page.locator("#profile-facebook").fill(OWN_FACEBOOK_PROFILE)
    page.select_option("#objection-facebook", "submitted")

    assert save(page) == "ok", page.locator("#message").inner_text()

    record, _ = _service_record(browser)
    assert record["region"] == "DE"
    assert [a["platform"] for a in record["accounts"]] == ["facebook"]
    account = record["accounts"][0]
    assert account["profile"] == "jane.doe"
    assert account["objection"]["state"] == "submitted"
    assert account["objection"]["submitted_on"] == dt.datetime.now(dt.UTC).date().isoformat()
    # The status shows the receipt the service issued for this change.
    receipts = browser.api.get("/v1/me/receipts", headers=browser.as_extension()).json()
    newest = receipts["receipts"][0]
    status = page.locator("#status").inner_text()
    assert f"entry #{newest['position']}, {newest['event_hash'][:12]}" in status
    assert "Region: DE" in status


def test_a_save_over_a_change_made_elsewhere_shows_the_stale_message(
    browser: E2EBrowser,
) -> None:
    record_opt_out(browser)
    page = open_popup(browser)
    record, etag = _service_record(browser)
    # Another device changes the record behind the popup's back.
    elsewhere = {
        "region": record["region"],
        "accounts": [
            {"platform": a["platform"], "profile": a["profile"], "objection": a["objection"]}
            for a in record["accounts"]
        ],
        "scope": record["scope"],
        "listed": not record["listed"],
    }
    changed = browser.api.put(
        "/v1/me/preferences", json=elsewhere, headers={**browser.as_extension(), "If-Match": etag}
    )
    assert changed.status_code == 200, changed.text

    page.locator("#scope-details summary").click()  # folded away while it is "everything"
    page.locator("#scope-all").uncheck()
    page.locator("#scope-posts").check()
    assert save(page) == "error"
    assert STALE_MESSAGE in page.locator("#message").inner_text()
    # The popup now shows the latest record, and saving that again goes through.
    assert page.locator("#listed").is_checked() == elsewhere["listed"]
    assert page.locator("#scope-all").is_checked()
    assert save(page) == "ok", page.locator("#message").inner_text()
    after, _ = _service_record(browser)
    assert after["version"] == record["version"] + 2
    assert after["listed"] == elsewhere["listed"]


def test_with_the_profile_linked_the_persons_own_posts_are_sent_as_their_own(
    browser: E2EBrowser,
) -> None:
    record_opt_out(browser)
    own_feed = feed(selfEvery=4)  # posts 0, 4, 8 … are by jane.doe
    page = browser.open(FACEBOOK_HOME, own_feed.html)

    badges = browser.wait_for_badges(page, len(own_feed.expected))

    sent = browser.sent_explain_items()
    items = [sent[b["aiOptoutRef"]] for b in badges]
    assert [i["author"] for i in items] == [e["author"] for e in own_feed.expected]
    assert "self" in {i["author"] for i in items}
    answers = browser.service_verdicts(items)
    assert [b["aiOptoutVerdict"] for b in badges] == [answers[i["id"]] for i in items]


@pytest.fixture
def age_band_unsaid_afterwards(browser: E2ESession) -> Iterator[None]:
    """Leave the next test as it found the extension: the popup says no age band, and the
    extension's storage reads it back."""
    yield
    open_popup(browser).select_option("#age-band", "")
    deadline = time.monotonic() + 5
    while browser.extension.storage("ageBand").get("ageBand") is not None:
        assert time.monotonic() < deadline, "the extension kept the age band"
        time.sleep(0.02)


@in_both_browsers
@pytest.mark.usefixtures("age_band_unsaid_afterwards")
def test_the_age_band_said_in_the_popup_decides_the_persons_own_items(
    browser: E2ESession,
) -> None:
    """Issue 13: the page never shows the author's age; for the person's own items, they said it."""
    record_opt_out(browser)
    page = open_popup(browser)
    page.select_option("#age-band", "minor")
    own_feed = feed(selfEvery=4)
    browser.forget_verdicts()
    feed_page = browser.open(FACEBOOK_HOME, own_feed.html)

    badges = browser.wait_for_badges(feed_page, len(own_feed.expected))

    sent = browser.sent_explain_items()
    items = [sent[b["aiOptoutRef"]] for b in badges]
    assert {i["author_age"] for i in items if i["author"] == "self"} == {"minor"}
    assert {i["author_age"] for i in items if i["author"] == "other"} == {"unknown"}
    answers = browser.service_explain(items)
    own = [answers[i["id"]] for i in items if i["author"] == "self"]
    assert own and all(a["condition"] is None for a in own), "a said age gives a firm answer"
    assert [b["aiOptoutVerdict"] for b in badges] == [answers[i["id"]]["verdict"] for i in items]


WITHDRAWN = {
    "state": "withdrawn",
    "submitted_on": "2025-05-20",
    "confirmed_on": None,
    "rejected_reason": None,
    "withdrawn_on": "2025-09-01",
}
SUBMITTED = {
    "state": "submitted",
    "submitted_on": "2025-10-02",
    "confirmed_on": None,
    "rejected_reason": None,
    "withdrawn_on": None,
}


# Profiles of their own: the service remembers where each profile's objection stood, and the
# other tests record jane.doe's from scratch.
CENTRE_FB, CENTRE_IG = "centre.tester", "centre_tester"


def _write(browser: E2ESession, accounts: list[dict[str, Any]]) -> None:
    _, etag = _service_record(browser)
    body = {"region": "DE", "accounts": accounts, "scope": "all", "listed": False}
    headers = {**browser.as_extension(), "If-Match": etag}
    written = browser.api.put("/v1/me/preferences", json=body, headers=headers)
    assert written.status_code == 200, written.text


def _marks(record: dict[str, Any]) -> list[tuple[str, bool]]:
    return [(a["platform"], a["accounts_center"]) for a in record["accounts"]]


@in_both_browsers
def test_the_popup_marks_both_accounts_in_one_accounts_center_and_keeps_the_withdrawal(
    browser: E2ESession,
) -> None:
    _write(
        browser,
        [
            {"platform": "facebook", "profile": CENTRE_FB, "objection": WITHDRAWN},
            {"platform": "instagram", "profile": CENTRE_IG, "objection": SUBMITTED},
        ],
    )
    page = open_popup(browser)
    box = page.locator("#accounts-center")
    assert box.is_visible() and not box.is_checked(), "two accounts, neither marked"
    assert "one objection covers them all" in page.locator(".accounts-center").inner_text()

    box.check()
    assert save(page) == "ok", page.locator("#message").inner_text()

    record, _ = _service_record(browser)
    assert _marks(record) == [("facebook", True), ("instagram", True)]
    objections = [a["objection"] for a in record["accounts"]]
    assert objections == [WITHDRAWN, SUBMITTED], "the withdrawal and its days are kept as read"
    page = open_popup(browser)  # read back afresh: the box says what the record holds
    assert page.locator("#accounts-center").is_checked()

    page.locator("#accounts-center").uncheck()
    assert save(page) == "ok", page.locator("#message").inner_text()
    record, _ = _service_record(browser)
    assert _marks(record) == [("facebook", False), ("instagram", False)]
    assert [a["objection"] for a in record["accounts"]] == [WITHDRAWN, SUBMITTED]
    _start_afresh(browser)


@in_both_browsers
def test_with_one_account_linked_the_popup_hides_the_mark_and_keeps_it(
    browser: E2ESession,
) -> None:
    """The box speaks of "these accounts": with one linked it is not shown, and the mark stays."""
    marked = {"platform": "facebook", "profile": CENTRE_FB, "accounts_center": True}
    _write(browser, [{**marked, "objection": SUBMITTED}])
    page = open_popup(browser)
    assert page.locator("#accounts-center").is_hidden()

    page.locator("#listed").check()
    assert save(page) == "ok", page.locator("#message").inner_text()

    record, _ = _service_record(browser)
    assert record["listed"] is True
    assert _marks(record) == [("facebook", True)]
    assert record["accounts"][0]["objection"] == SUBMITTED
    page.locator("#platform-instagram").check()
    assert page.locator("#accounts-center").is_visible(), "a second account brings the box"
    assert page.locator("#accounts-center").is_checked(), "every account on record is marked"
    _start_afresh(browser)
