"""A person's record is never stranded (the extension's side).

- A refresh the service answers 429 and then 503 (through a loopback fault proxy in front of the
  real service) is retried, honouring Retry-After: the extension keeps its account and recovers.
- A sign-in revoked on the service: the popup says "signed out", no account is created, badges
  still work without a token, and a recovery code typed on the options page brings back the
  same account.
- Recovery codes and link codes made on the options page of one profile bring a fresh profile
  to the same record: the same preferences and the same receipts.

Screenshots: /tmp/ext-popup-signed-out.png, /tmp/ext-ways-back.png, /tmp/ext-recovery-codes.png,
/tmp/ext-link-code.png, /tmp/ext-linked-profile.png.
"""

import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page

from bench.extension_browser import Extension
from browsers import PAGE_TIMEOUT_MS
from browsers.fault_proxy import fault_proxy
from tests.e2e.flows import open_popup, record_opt_out
from tests.e2e.other_profile import in_fresh_profile
from tests.e2e.pages import FACEBOOK_HOME, feed
from tests.e2e.session import E2EBrowser

SHOTS = "/tmp"


def _point_at(browser: E2EBrowser, base: str, auth: dict[str, Any]) -> None:
    """The extension on `base`, holding `auth` there (the same service behind another address)."""
    browser.extension.set_storage(
        {"apiBase": base, "auth": {**auth, "apiBase": base}, "parkedAuth": {}}
    )


def test_a_refresh_answered_429_then_503_keeps_the_account_and_recovers(
    browser: E2EBrowser,
) -> None:
    auth = browser.auth()
    accounts = browser.count_accounts()
    with fault_proxy(browser.api_base) as proxy:
        browser.allow(proxy.url + "/")
        proxy.fail("/v1/auth/refresh", (429, {"Retry-After": "1"}), (503, {}))
        _point_at(browser, proxy.url, {**auth, "expiresAt": 0})  # due for a refresh
        try:
            started = time.monotonic()
            page = open_popup(browser)  # reads the record: refresh first
            took = time.monotonic() - started
            after = browser.extension.storage("auth")["auth"]
        finally:
            _point_at(browser, browser.api_base, browser.extension.storage("auth")["auth"])
            browser.direct.extend(proxy.forwarded)  # the service saw them from the proxy
    assert proxy.statuses("POST", "/v1/auth/refresh") == [429, 503, 200]
    assert took >= 1.0, "the service's Retry-After was honoured"
    assert after["accountId"] == auth["accountId"]
    assert after["status"] == "signed_in"
    assert "refreshing" not in after
    assert proxy.statuses("POST", "/v1/accounts") == []
    assert proxy.statuses("GET", "/v1/me/preferences") == [200]
    assert browser.count_accounts() == accounts
    assert page.locator("#signed-out").is_hidden()


def test_a_worker_stopped_mid_refresh_is_followed_by_one_that_carries_on(
    browser: E2EBrowser,
) -> None:
    auth = browser.auth()
    accounts = browser.count_accounts()
    with fault_proxy(browser.api_base) as proxy:
        browser.allow(proxy.url + "/")
        # The service rotates the token; its answer is held until the worker is gone.
        proxy.hold("/v1/auth/refresh", 4)
        _point_at(browser, proxy.url, {**auth, "expiresAt": 0})
        try:
            first = browser.open_extension_page("popup.html")  # starts the refresh
            deadline = time.monotonic() + 10
            while not proxy.forwarded and time.monotonic() < deadline:
                first.wait_for_timeout(50)  # Playwright routes the request meanwhile
            assert proxy.forwarded == [("POST", "/v1/auth/refresh")]
            marker = browser.extension.storage("auth")["auth"].get("refreshing")
            assert marker and marker["token"] == auth["refreshToken"], "the flight is in storage"
            browser.extension.stop_worker()
            first.close()

            page = open_popup(browser)  # a new worker
            after = browser.extension.storage("auth")["auth"]
        finally:
            _point_at(browser, browser.api_base, browser.extension.storage("auth")["auth"])
            browser.direct.extend(proxy.forwarded)
    refreshes = [call for call in proxy.forwarded if call[1] == "/v1/auth/refresh"]
    assert len(refreshes) == 2, (
        "the new worker spent the same token again, within the reuse interval"
    )
    assert after["accountId"] == auth["accountId"]
    assert after["status"] == "signed_in"
    assert "refreshing" not in after
    assert proxy.statuses("POST", "/v1/accounts") == []
    assert browser.count_accounts() == accounts
    assert page.locator("#signed-out").is_hidden()


def _wait_kind(page: Page, box: str, kind: str) -> str:
    page.locator(f"#{box}[data-kind={kind}]").wait_for()
    return page.locator(f"#{box}").inner_text()


def test_a_revoked_sign_in_signs_out_without_a_new_account_and_a_recovery_code_brings_it_back(
    browser: E2EBrowser,
) -> None:
    record_opt_out(browser, region="DE")
    auth = browser.auth()
    made = browser.api.post("/v1/me/recovery-codes", headers=browser.as_extension())
    assert made.status_code == 201, made.text
    codes = made.json()["codes"]
    accounts = browser.count_accounts()
    revoked = browser.api.post("/v1/auth/sign-out", headers=browser.as_extension())
    assert revoked.status_code == 204, revoked.text
    mark = len(browser.requests)

    popup = browser.open_extension_page("popup.html")
    popup.locator("#status[data-state=signed-out]").wait_for()
    assert popup.locator("#signed-out").is_visible()
    assert popup.locator("#optout-form").is_hidden()
    popup.screenshot(path=f"{SHOTS}/ext-popup-signed-out.png", full_page=True)
    stored = browser.extension.storage("auth")["auth"]
    assert stored["status"] == "signed_out"
    assert stored["accountId"] == auth["accountId"], "the account id is kept for the way back"
    assert browser.count_accounts() == accounts
    sent = browser.requests[mark:]
    assert not [r for r in sent if r.path == "/v1/accounts"], "no new account"

    # Badges keep working without a token.
    browser.forget_verdicts()
    page_feed = feed()
    facebook = browser.open(FACEBOOK_HOME, page_feed.html)
    browser.wait_for_badges(facebook, len(page_feed.expected))
    explains = [r for r in browser.requests[mark:] if r.path == "/v1/explain"]
    assert explains, "the badges were answered by the service"
    assert all("authorization" not in r.headers for r in explains)
    # One call found the sign-in revoked (its refresh was refused); none followed.
    authenticated = [
        (r.method, r.path) for r in browser.requests[mark:] if "authorization" in r.headers
    ]
    assert authenticated == [("GET", "/v1/me/preferences")]
    refreshes = [r for r in browser.requests[mark:] if r.path == "/v1/auth/refresh"]
    assert len(refreshes) == 1

    # The popup's button leads to the ways back.
    with browser.context.expect_page() as opened:
        popup.locator("#ways-back").click()
    options = opened.value
    options.set_default_timeout(PAGE_TIMEOUT_MS)
    options.locator("#signin-state[data-state=signed-out]").wait_for()
    assert options.locator("#start-over").is_visible()
    assert options.locator("#recovery-codes").is_hidden()
    options.screenshot(path=f"{SHOTS}/ext-ways-back.png", full_page=True)

    options.locator("#recovery-code").fill("AAAA-BBBB-CCCC-DDDD")
    options.locator("#recovery-submit").click()
    assert "did not work" in _wait_kind(options, "ways-back-status", "error")
    assert browser.extension.storage("auth")["auth"]["status"] == "signed_out", "nothing changed"

    options.locator("#recovery-code").fill(codes[0].lower())
    options.locator("#recovery-submit").click()
    assert "passkey" in _wait_kind(options, "ways-back-status", "ok")
    options.locator("#signin-state[data-state=anonymous]").wait_for()
    back = browser.extension.storage("auth")["auth"]
    assert back["accountId"] == auth["accountId"]
    assert back["status"] == "signed_in"
    assert browser.count_accounts() == accounts
    options.close()
    assert "Region: DE" in open_popup(browser).locator("#status").inner_text()


def _record(api: httpx.Client, extension: Extension) -> tuple[str, dict[str, Any], list[str]]:
    """The account, preferences and receipt ids a profile's extension holds (from the service)."""
    auth = extension.storage("auth")["auth"]
    headers = {"Authorization": f"Bearer {auth['accessToken']}"}
    prefs = api.get("/v1/me/preferences", headers=headers).json()
    receipts = api.get("/v1/me/receipts", headers=headers).json()["receipts"]
    kept = {k: prefs[k] for k in ("region", "accounts", "scope", "listed", "version")}
    return auth["accountId"], kept, [r["id"] for r in receipts]


def _sign_in_with(browser: E2EBrowser, kind: str, code: str, shot: str | None = None) -> Any:
    """A fresh profile types `code` on its options page; the record it then holds."""

    def scenario(extension: Extension) -> tuple[str, dict[str, Any], list[str]]:
        options = extension.context.new_page()
        options.set_default_timeout(PAGE_TIMEOUT_MS)
        options.goto(extension.page_url("options.html"))
        options.locator("#signin-state:not([data-state=loading])").wait_for()
        options.locator(f"#{kind}-code").fill(code)
        options.locator(f"#{kind}-submit").click()
        options.locator("#ways-back-status[data-kind=ok]").wait_for()
        options.locator("#signin-state[data-state=anonymous]").wait_for()
        if shot:
            options.screenshot(path=shot, full_page=True)
        return _record(browser.api, extension)  # the main thread waits meanwhile

    # Its calls reach the service from outside the package browser's capture.
    return in_fresh_profile(browser.api_base, scenario, calls=browser.direct)


def test_recovery_and_link_codes_from_one_profile_bring_fresh_ones_to_the_same_record(
    browser: E2EBrowser,
) -> None:
    record_opt_out(browser, region="FR")
    options = browser.open_extension_page("options.html")
    options.locator("#signin-state[data-state=anonymous]").wait_for()
    assert options.locator("#start-over").is_hidden(), "starting over is offered only signed out"

    options.locator("#recovery-generate").click()
    options.locator("#recovery-list li >> nth=9").wait_for()
    codes = options.locator("#recovery-list li").all_inner_texts()
    assert len(codes) == 10
    options.locator("#recovery-remaining").filter(has_text="10").wait_for()
    options.locator("#recovery-codes").screenshot(path=f"{SHOTS}/ext-recovery-codes.png")
    with options.expect_download() as download:
        options.locator("#recovery-download").click()
    assert download.value.suggested_filename == "ai-optout-recovery-codes.txt"
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert all(code in saved for code in codes), "the file holds every code"
    assert browser.api_base in saved, "and names the service they work on"

    options.locator("#link-generate").click()
    options.locator("#link-code-value:not(:empty)").wait_for()
    link_code = options.locator("#link-code-value").inner_text()
    assert options.locator("#link-countdown").inner_text().startswith("Works for ")
    qr = options.locator("#link-qr")
    assert qr.is_visible()
    assert (qr.get_attribute("src") or "").startswith("data:image/svg+xml")
    assert qr.evaluate("(img) => img.naturalWidth > 0"), "the QR image renders"
    options.locator("#link-device").screenshot(path=f"{SHOTS}/ext-link-code.png")

    expected = _record(browser.api, browser.extension)
    by_recovery = _sign_in_with(browser, "recovery", codes[3])
    by_link = _sign_in_with(browser, "link", link_code, f"{SHOTS}/ext-linked-profile.png")

    assert by_recovery == expected, "the recovery code led to the same record and receipts"
    assert by_link == expected, "the link code led to the same record and receipts"
    assert expected[2], "the record has receipts"
    options.reload()
    options.locator("#recovery-remaining").filter(has_text="9").wait_for()
