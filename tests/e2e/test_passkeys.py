"""A record is never stranded: a passkey added in one browser profile signs a fresh profile in to
the same record, through the extension's options page and a virtual authenticator: Chromium's
over CDP, and Firefox's own WebAuthn service reached from its chrome scope (tests/e2e/firefox.py).

Two profiles with the unpacked extension (the same folder gives the same extension ID) and a
service of their own, whose RP ID is `localhost` (the host the extension holds a permission for,
see docs/decisions.md) and whose only accepted origin is the extension's. The passkey moves from
profile A's authenticator to profile B's as a synced passkey would (read from one, added to the
other). Screenshots of the passkey section: /tmp/passkeys-*.png (Firefox's options page:
/tmp/passkeys-firefox-*.png).

In Chromium it runs in a thread of its own: the package's browser (tests/e2e/conftest.py) holds sync
Playwright's loop in the main thread, and one thread can drive only one.
"""

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import CDPSession, Page, Playwright, sync_playwright

from bench.extension_browser import Extension, launch_extension
from browsers import PAGE_TIMEOUT_MS
from browsers.firefox import FirefoxPage
from tests.e2e.firefox import FirefoxAuthenticator, FirefoxBrowser, fresh_firefox
from tests.e2e.flows import open_popup, record_opt_out
from tests.e2e.other_profile import in_own_thread, only_loopback
from tests.e2e.session import BrowserPage, E2EBrowser, in_both_browsers
from tests.support.databases import migrated_sqlite_template, sqlite_copy
from tests.support.server import LiveServer, live_server

SHOTS = Path("/tmp")


@in_both_browsers
def test_a_passkey_from_one_profile_signs_another_in_to_the_same_record(
    browser_name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if browser_name == "firefox":
        _firefox_scenario(tmp_path)
        return
    request.getfixturevalue("chromium")

    def run() -> None:
        with sync_playwright() as playwright:
            _scenario(playwright, tmp_path)

    in_own_thread(run, name="the passkey scenario", timeout=240)


def _scenario(playwright: Playwright, tmp_path: Path) -> None:
    with (
        tempfile.TemporaryDirectory() as profile_a,
        tempfile.TemporaryDirectory() as profile_b,
        launch_extension(playwright, Path(profile_a), "http://localhost:1") as a,
        _service(tmp_path, f"chrome-extension://{a.id}") as (server, base),
    ):
        only_loopback(a, base)
        a.set_storage({"apiBase": base})
        account_id, credential, a_session = _profile_a(a, server)
        with launch_extension(playwright, Path(profile_b), base) as b:
            assert b.id == a.id, "the same unpacked folder must give the same extension ID"
            only_loopback(b, base)
            b_session = _profile_b(b, server, base, account_id=account_id, credential=credential)
        assert b_session != a_session, "profile B has a sign-in of its own"


@contextmanager
def _service(tmp_path: Path, origin: str | None) -> Iterator[tuple[LiveServer, str]]:
    """The service, accepting passkeys for localhost made in the extension's pages: at `origin`
    when given, else at the origins the service's own settings derive (Firefox's, by default)."""
    url = sqlite_copy(migrated_sqlite_template(tmp_path), tmp_path)
    env = {"AI_OPTOUT_WEBAUTHN_RP_ID": "localhost"}
    if origin is not None:
        env["AI_OPTOUT_WEBAUTHN_ORIGINS"] = json.dumps([origin])
    with live_server(url, tmp_path / "server.log", extra_env=env) as server:
        # An RP ID is a domain, never an IP address: the extension calls the service as localhost.
        yield server, server.base_url.replace("127.0.0.1", "localhost")


def _profile_a(a: Extension, server: LiveServer) -> tuple[str, dict[str, Any], str]:
    """Record an opt-out, add a passkey on the options page, rename it; return the credential."""
    browser = E2EBrowser(a, server)
    browser.api.close()  # this test reads the service with the profiles' own tokens
    record_opt_out(browser)
    account_id = str(a.storage("auth")["auth"]["accountId"])

    options = _options(a)
    cdp, authenticator = _virtual_authenticator(a, options)
    section = _passkeys_ready(options, "signed-in")
    assert options.locator("#passkey-none").is_visible()
    section.screenshot(path=SHOTS / "passkeys-1-a-before.png")

    options.locator("#passkey-label").fill("Laptop")
    options.locator("#passkey-add").click()
    options.locator("#passkey-status[data-kind=ok]").wait_for()
    options.locator("#passkey-list[data-count='1']").wait_for()
    assert options.locator(".passkey input").input_value() == "Laptop"
    section.screenshot(path=SHOTS / "passkeys-2-a-added.png")

    options.locator(".passkey input").fill("Work laptop")
    options.locator(".passkey-rename").click()
    options.locator("#passkey-status[data-kind=ok]").filter(has_text="renamed").wait_for()
    options.wait_for_function(
        "() => document.querySelector('.passkey input')?.value === 'Work laptop'"
    )
    section.screenshot(path=SHOTS / "passkeys-3-a-renamed.png")

    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    credentials: list[dict[str, Any]] = stored["credentials"]
    assert len(credentials) == 1
    credential = credentials[0]
    assert credential["rpId"] == "localhost" and credential["isResidentCredential"] is True
    # The service's view agrees: one passkey, under the new name, on the same account.
    with _api(server, a.storage("auth")["auth"]) as api:
        listed = api.get("/v1/me/passkeys").json()["passkeys"]
    assert [p["label"] for p in listed] == ["Work laptop"]
    return account_id, credential, _session_of(a.storage("auth")["auth"])


def _profile_b(
    b: Extension, server: LiveServer, base: str, *, account_id: str, credential: dict[str, Any]
) -> str:
    """A fresh profile, signed out, gets the synced passkey and signs in to the same record."""
    assert "auth" not in b.storage("auth")
    options = _options(b)
    cdp, authenticator = _virtual_authenticator(b, options)
    cdp.send("WebAuthn.addCredential", {"authenticatorId": authenticator, "credential": credential})
    section = _passkeys_ready(options, "signed-out")
    assert options.locator("#passkey-sign-in").is_visible()
    assert not options.locator("#passkey-manage").is_visible()
    section.screenshot(path=SHOTS / "passkeys-4-b-signed-out.png")

    options.locator("#passkey-sign-in").click()  # the page reloads, signed in

    section = _passkeys_ready(options, "signed-in")
    options.locator("#passkey-list[data-count='1']").wait_for()
    assert options.locator(".passkey input").input_value() == "Work laptop"
    assert "not yet" not in options.locator(".passkey .help").inner_text()
    assert options.locator("#account-id").inner_text() == account_id
    section.screenshot(path=SHOTS / "passkeys-5-b-signed-in.png")
    options.screenshot(path=SHOTS / "passkeys-6-b-options-page.png", full_page=True)

    auth = b.storage("auth")["auth"]
    assert auth["accountId"] == account_id and auth["apiBase"] == base
    # The same record: preferences (as the popup shows them and as the service holds them) and
    # receipts, read with profile B's own sign-in.
    popup = b.context.new_page()
    popup.set_default_timeout(PAGE_TIMEOUT_MS)
    popup.goto(f"chrome-extension://{b.id}/popup.html")
    popup.locator("#status[data-state=ready]").wait_for()
    assert popup.locator("#region").input_value() == "DE"
    assert popup.locator("#profile-facebook").input_value() == "jane.doe"
    return _same_record(server, auth)


def _firefox_scenario(tmp_path: Path) -> None:
    # No origin listed: the service's default add-on id must give the one Firefox writes.
    with _service(tmp_path, None) as (server, base):
        with fresh_firefox(server) as a:
            account_id, credential, a_session = _firefox_profile_a(a, server, base)
        assert a.outbound == [], "Firefox sent something beyond loopback"
        with fresh_firefox(server) as b:
            b.extension.set_storage({"apiBase": base})
            b_session = _firefox_profile_b(b, server, base, account_id, credential)
        assert b.outbound == [], "Firefox sent something beyond loopback"
    assert b_session != a_session, "profile B has a sign-in of its own"


_VALUE = "(s) => document.querySelector(s)?.value ?? null"
_RENAMED = """() => document.querySelector("#passkey-status[data-kind=ok]")?.textContent
  .includes("renamed") && document.querySelector(".passkey input")?.value === 'Work laptop'"""


def _firefox_profile_a(
    a: FirefoxBrowser, server: LiveServer, base: str
) -> tuple[str, dict[str, Any], str]:
    """Profile A's steps in Firefox; the service is reached as localhost, the passkeys' RP ID."""
    a.extension.set_storage({"apiBase": base})
    record_opt_out(a)
    account_id = str(a.extension.storage("auth")["auth"]["accountId"])

    authenticator = FirefoxAuthenticator(a.driver)
    options = a.open_extension_page("options.html")
    _firefox_passkeys_ready(options, "signed-in")
    assert options.locator("#passkey-none").is_visible()
    _firefox_shot(options, "1-a-before")

    options.locator("#passkey-label").fill("Laptop")
    options.locator("#passkey-add").click()
    options.locator("#passkey-status[data-kind=ok]").wait_for()
    options.locator("#passkey-list[data-count='1']").wait_for()
    assert options.evaluate(_VALUE, ".passkey input") == "Laptop"
    _firefox_shot(options, "2-a-added")

    options.locator(".passkey input").fill("Work laptop")
    options.locator(".passkey-rename").click()
    options.wait_for_function(_RENAMED)
    _firefox_shot(options, "3-a-renamed")

    credentials = authenticator.credentials()
    assert len(credentials) == 1
    credential = credentials[0]
    assert credential["rpId"] == "localhost" and credential["isResidentCredential"] is True
    auth = a.extension.storage("auth")["auth"]
    with _api(server, auth) as api:
        listed = api.get("/v1/me/passkeys").json()["passkeys"]
    assert [p["label"] for p in listed] == ["Work laptop"]
    return account_id, credential, _session_of(auth)


def _firefox_profile_b(
    b: FirefoxBrowser, server: LiveServer, base: str, account_id: str, credential: dict[str, Any]
) -> str:
    """Profile B's steps in Firefox: the synced passkey signs it in to the same record."""
    assert "auth" not in b.extension.storage("auth")
    FirefoxAuthenticator(b.driver).add(credential)
    options = b.open_extension_page("options.html")
    _firefox_passkeys_ready(options, "signed-out")
    assert options.locator("#passkey-sign-in").is_visible()
    assert not options.locator("#passkey-manage").is_visible()
    _firefox_shot(options, "4-b-signed-out")

    options.locator("#passkey-sign-in").click()  # the page reloads, signed in

    _firefox_passkeys_ready(options, "signed-in")
    options.locator("#passkey-list[data-count='1']").wait_for()
    assert options.evaluate(_VALUE, ".passkey input") == "Work laptop"
    assert "not yet" not in options.locator(".passkey .help").inner_text()
    assert options.locator("#account-id").inner_text() == account_id
    _firefox_shot(options, "5-b-signed-in")

    auth = b.extension.storage("auth")["auth"]
    assert auth["accountId"] == account_id and auth["apiBase"] == base
    popup = open_popup(b)
    assert popup.evaluate(_VALUE, "#region") == "DE"
    assert popup.evaluate(_VALUE, "#profile-facebook") == "jane.doe"
    return _same_record(server, auth)


def _firefox_passkeys_ready(page: BrowserPage, state: str) -> None:
    page.locator(f"#passkeys[data-ready=true][data-state={state}]").wait_for()


def _firefox_shot(page: BrowserPage, name: str) -> None:
    assert isinstance(page, FirefoxPage)
    page.screenshot(path=str(SHOTS / f"passkeys-firefox-{name}.png"))


def _options(extension: Extension) -> Page:
    page = extension.context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"chrome-extension://{extension.id}/options.html")
    return page


def _virtual_authenticator(extension: Extension, page: Page) -> tuple[CDPSession, str]:
    """A platform authenticator that holds discoverable passkeys and verifies the user."""
    cdp = extension.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "ctap2Version": "ctap2_1",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, str(added["authenticatorId"])


def _passkeys_ready(page: Page, state: str) -> Any:
    section = page.locator(f"#passkeys[data-ready=true][data-state={state}]")
    section.wait_for()
    return section


def _same_record(server: LiveServer, auth: dict[str, Any]) -> str:
    """Profile A's record, read with profile B's own sign-in: its preferences and the receipt of
    its opt-out. The sign-in profile B holds."""
    with _api(server, auth) as api:
        preferences = api.get("/v1/me/preferences").json()
        receipts = api.get("/v1/me/receipts").json()
    assert preferences["region"] == "DE"
    assert [a["platform"] for a in preferences["accounts"]] == ["facebook"]
    assert _entries(receipts), "the opt-out recorded in profile A has its receipt"
    return _session_of(auth)


def _api(server: LiveServer, auth: dict[str, Any]) -> httpx.Client:
    token = auth["accessToken"]
    return httpx.Client(
        base_url=server.base_url, timeout=10, headers={"Authorization": f"Bearer {token}"}
    )


def _entries(body: Any) -> list[Any]:
    if isinstance(body, list):
        return body
    return next((value for value in body.values() if isinstance(value, list)), [])


def _session_of(auth: dict[str, Any]) -> str:
    """The sign-in a profile's refresh token belongs to (`<sign-in id>.<secret>`)."""
    session = str(auth["refreshToken"]).partition(".")[0]
    assert len(session) == 32
    return session
