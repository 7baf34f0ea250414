"""Cached verdicts give way when the person's record changes: an objection recorded elsewhere
(another device, or the write that made the popup's own save stale) reaches the badges once the
extension has read the new record."""

import datetime as dt

from tests.e2e.flows import OWN_FACEBOOK_PROFILE, open_popup
from tests.e2e.pages import FACEBOOK_HOME, feed
from tests.e2e.session import E2ESession, in_both_browsers


def _put_record(browser: E2ESession, objection: dict[str, str] | None) -> None:
    read = browser.api.get("/v1/me/preferences", headers=browser.as_extension())
    record = {
        "region": "DE",
        "accounts": [
            {"platform": "facebook", "profile": OWN_FACEBOOK_PROFILE}
            | ({"objection": objection} if objection is not None else {})
        ],
        "scope": "all",
        "listed": False,
    }
    headers = {**browser.as_extension(), "If-Match": read.headers["ETag"]}
    written = browser.api.put("/v1/me/preferences", json=record, headers=headers)
    assert written.status_code == 200, written.text


def _objection_not_sent(browser: E2ESession) -> None:
    """An earlier test may leave Facebook's objection sent. Removing and re-adding the account
    no longer resets it, so each step is taken back as a person corrects a mistake: a
    correction naming the state before the last step (read from the person's history)."""
    for _ in range(10):
        read = browser.api.get("/v1/me/preferences", headers=browser.as_extension())
        mine = [a for a in read.json()["accounts"] if a["platform"] == "facebook"]
        if not mine:  # linked again as it was (an account sent without its objection keeps it)
            _put_record(browser, None)
            continue
        if mine[0]["objection"]["state"] in {"not_started", "ready"}:
            return
        linked = f"accounts[facebook:{mine[0]['profile']}]"
        history = browser.api.get("/v1/me/history", headers=browser.as_extension()).json()
        last_step = next(
            change
            for entry in history["entries"]
            for change in (entry["data"] or {}).get("changes", [])
            if change["field"] in {linked, f"{linked}.objection.state"}
        )
        taken_back = browser.api.post(
            "/v1/me/objections/facebook/steps",
            # An account first linked already sent was, before that step, not started.
            json={
                "state": last_step["from"] or "not_started",
                "correction": {"reason": "reset between tests"},
            },
            headers=browser.as_extension(),
        )
        assert taken_back.status_code == 200, taken_back.text
    raise AssertionError(f"the objection could not be taken back to not sent: {read.json()}")


def _own_badges_match_the_service(browser: E2ESession) -> tuple[list[str], list[str]]:
    own_feed = feed(selfEvery=4)
    page = browser.open(FACEBOOK_HOME, own_feed.html)
    badges = browser.wait_for_badges(page, len(own_feed.expected))
    sent = browser.sent_explain_items()
    own = [b for b in badges if sent[b["aiOptoutRef"]]["author"] == "self"]
    assert own, "the linked profile's posts are read as the person's own"
    answers = browser.service_verdicts([sent[b["aiOptoutRef"]] for b in own])
    browser.close_pages()  # the next look is a fresh page load
    return [b["aiOptoutVerdict"] for b in own], [answers[b["aiOptoutRef"]] for b in own]


@in_both_browsers
def test_an_objection_recorded_elsewhere_reaches_the_badges_after_the_popup_showed_it(
    browser: E2ESession,
) -> None:
    _objection_not_sent(browser)
    open_popup(browser)  # the extension learns the profile (and so which posts are the person's)
    browser.forget_verdicts()
    shown, service = _own_badges_match_the_service(browser)
    assert shown == service

    # On another device the person records that they sent Meta's objection form today.
    today = dt.datetime.now(dt.UTC).date().isoformat()
    _put_record(browser, {"state": "submitted", "submitted_on": today})
    popup = open_popup(browser)
    assert "objection" in popup.locator("#status").inner_text().lower()

    shown, service = _own_badges_match_the_service(browser)
    assert set(service) == {"excluded"}, "the objection excludes the person's own posts"
    assert shown == service
