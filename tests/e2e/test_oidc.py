"""A record is never stranded: an OpenID Connect identity linked in one browser profile signs a
fresh profile in to the same record, through the options page, `identity.launchWebAuthFlow` in
Chromium and in Firefox, and a real provider process (oidc-provider-mock) on loopback.

Two profiles with the unpacked extension (the same folder gives the same extension ID), a
service of their own that allows the extension's redirect URI, and a provider with this
service registered as a client for it. In the provider's window the person picks a subject.
In Chromium it runs in a thread of its own: the package's browser (tests/e2e/conftest.py) holds
sync Playwright's loop in the main thread, and one thread can drive only one. Firefox ends its
sign-in window when the provider redirects to its redirect URI (https://<SHA-1 of the add-on
id>.extensions.allizom.org/); each Firefox profile is a launch of the Node driver of its own.
"""

import hashlib
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, Playwright, sync_playwright

from bench.extension_browser import Extension, launch_extension
from browsers import PAGE_TIMEOUT_MS
from browsers.firefox import GECKO_ID
from tests.e2e.firefox import FirefoxBrowser, fresh_firefox
from tests.e2e.flows import record_opt_out
from tests.e2e.other_profile import in_own_thread, only_loopback
from tests.e2e.session import BrowserPage, E2EBrowser, in_both_browsers
from tests.oidc.provider import MockProvider, free_port
from tests.support.databases import migrated_sqlite_template, sqlite_copy
from tests.support.server import LiveServer, live_server

SUBJECT = "alice-e2e"


# Firefox's identity.getRedirectURL(): the add-on id's SHA-1, as a subdomain.
_GECKO_HASH = hashlib.sha1(GECKO_ID.encode(), usedforsecurity=False).hexdigest()
FIREFOX_REDIRECT_URI = f"https://{_GECKO_HASH}.extensions.allizom.org/"


@in_both_browsers
def test_an_identity_linked_in_one_profile_signs_another_in_to_the_same_record(
    browser_name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if browser_name == "firefox":
        _firefox_scenario(tmp_path)
        return
    request.getfixturevalue("chromium")

    def run() -> None:
        with sync_playwright() as playwright:
            _scenario(playwright, tmp_path)

    in_own_thread(run, name="the OpenID Connect scenario", timeout=240)


def _scenario(playwright: Playwright, tmp_path: Path) -> None:
    with (
        tempfile.TemporaryDirectory() as profile_a,
        tempfile.TemporaryDirectory() as profile_b,
        launch_extension(playwright, Path(profile_a), "http://127.0.0.1:1") as a,
        _provider(f"https://{a.id}.chromiumapp.org/") as provider,
        _service(tmp_path, provider) as server,
    ):
        only_loopback(a, server.base_url, provider.issuer)
        a.set_storage({"apiBase": server.base_url})
        browser = E2EBrowser(a, server)
        browser.api.close()  # this test reads the service with the profiles' own tokens
        record_opt_out(browser)
        account_id = str(a.storage("auth")["auth"]["accountId"])

        options = _options(a, "signed-in")
        _through_provider(a, options, "button.oidc-link")
        options.locator("#oidc-status[data-kind=ok]").wait_for()
        options.locator("#oidc-identities[data-count='1']").wait_for()
        assert "mock" in options.locator(".oidc-identity").inner_text()
        assert a.storage("auth")["auth"]["accountId"] == account_id, "a link keeps the account"

        with launch_extension(playwright, Path(profile_b), server.base_url) as b:
            assert b.id == a.id, "the same unpacked folder must give the same extension ID"
            only_loopback(b, server.base_url, provider.issuer)
            assert "auth" not in b.storage("auth")
            options_b = _options(b, "signed-out")
            _through_provider(b, options_b, "button.oidc-sign_in")  # the page reloads
            _options_ready(options_b, "signed-in")
            assert options_b.locator("#account-id").inner_text() == account_id
            _same_record(server, b.storage("auth")["auth"], account_id)


def _firefox_scenario(tmp_path: Path) -> None:
    with (
        _provider(FIREFOX_REDIRECT_URI) as provider,
        _service(tmp_path, provider) as server,
    ):
        with fresh_firefox(server) as a:
            redirect = a.extension.control.evaluate("() => browser.identity.getRedirectURL()")
            assert redirect == FIREFOX_REDIRECT_URI
            record_opt_out(a)
            account_id = str(a.extension.storage("auth")["auth"]["accountId"])

            options = _firefox_options(a, "signed-in")
            _through_firefox_provider(a, options, "button.oidc-link")
            options.locator("#oidc-status[data-kind=ok]").wait_for()
            options.locator("#oidc-identities[data-count='1']").wait_for()
            assert "mock" in options.locator(".oidc-identity").inner_text()
            assert a.extension.storage("auth")["auth"]["accountId"] == account_id
        assert _hosts(a.outbound) <= _FIREFOX_MAY_TRY, "Firefox sent something beyond loopback"

        with fresh_firefox(server) as b:
            assert "auth" not in b.extension.storage("auth")
            options_b = _firefox_options(b, "signed-out")
            _through_firefox_provider(b, options_b, "button.oidc-sign_in")  # the page reloads
            options_b.locator("#oidc[data-ready=true][data-state=signed-in]").wait_for()
            assert options_b.locator("#account-id").inner_text() == account_id
            _same_record(server, b.extension.storage("auth")["auth"], account_id)
        assert _hosts(b.outbound) <= _FIREFOX_MAY_TRY, "Firefox sent something beyond loopback"


# What Firefox tries beyond loopback here, which the dead proxy (browsers/firefox.py) answers with
# nothing: the provider's page asks for its stylesheet, and Firefox opens a connection to the
# redirect URI's host before it ends the sign-in window (the address, with the code, stays in it).
_FIREFOX_MAY_TRY = {"cdn.jsdelivr.net", urlsplit(FIREFOX_REDIRECT_URI).hostname}


def _hosts(request_lines: list[str]) -> set[str | None]:
    """The hosts of proxy request lines (`CONNECT host:443 HTTP/1.1`, `GET http://host/ ...`)."""
    target = [line.split()[1] for line in request_lines]
    return {urlsplit(t if "://" in t else f"//{t}").hostname for t in target}


def _same_record(server: LiveServer, auth: dict[str, Any], account_id: str) -> None:
    """Profile B, signed in through the provider, holds profile A's account: its record and the
    identity, used now, whose subject the service never shows."""
    assert auth["accountId"] == account_id
    with httpx.Client(base_url=server.base_url, timeout=10) as api:
        headers = {"Authorization": f"Bearer {auth['accessToken']}"}
        preferences = api.get("/v1/me/preferences", headers=headers).json()
        identities = api.get("/v1/me/oidc-identities", headers=headers).json()
    assert preferences["region"] == "DE"
    assert identities["identities"][0]["last_used_at"] is not None
    assert SUBJECT not in json.dumps(identities)


def _firefox_options(browser: FirefoxBrowser, state: str) -> BrowserPage:
    page = browser.open_extension_page("options.html")
    page.locator(f"#oidc[data-ready=true][data-state={state}]").wait_for()
    return page


_AUTHORIZE = """() => [...document.querySelectorAll("button[type=submit]")]
  .find((b) => b.textContent.includes("Authorize")).click()"""


def _through_firefox_provider(browser: FirefoxBrowser, options: BrowserPage, button: str) -> None:
    """Click the provider's button; in the window Firefox opens, sign in as SUBJECT."""
    options.locator(button).click()
    window = browser.opened_window()
    window.locator("input[name=sub]").wait_for()  # after the redirects to the provider
    window.locator("input[name=sub]").fill(SUBJECT)
    window.evaluate(_AUTHORIZE)


def _through_provider(extension: Extension, options: Page, button: str) -> None:
    """Click the provider's button; in the window that opens, sign in as SUBJECT."""
    with extension.context.expect_page(timeout=PAGE_TIMEOUT_MS) as opened:
        options.locator(button).click()
    window = opened.value
    window.locator("input[name=sub]").fill(SUBJECT)
    window.locator("button[type=submit]", has_text="Authorize").click()


def _options(extension: Extension, state: str) -> Page:
    page = extension.context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"chrome-extension://{extension.id}/options.html")
    _options_ready(page, state)
    return page


def _options_ready(page: Page, state: str) -> None:
    page.locator(f"#oidc[data-ready=true][data-state={state}]").wait_for()


@contextmanager
def _provider(redirect_uri: str) -> Iterator[MockProvider]:
    provider = MockProvider(free_port(), redirect_uri=redirect_uri).start()
    try:
        yield provider
    finally:
        provider.stop()


@contextmanager
def _service(tmp_path: Path, provider: MockProvider) -> Iterator[LiveServer]:
    url = sqlite_copy(migrated_sqlite_template(tmp_path), tmp_path)
    config = {
        "name": "mock",
        "discovery_url": provider.discovery_url,
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
    }
    env = {
        "AI_OPTOUT_OIDC_PROVIDERS": json.dumps([config]),
        "AI_OPTOUT_OIDC_REDIRECT_URIS": json.dumps([provider.redirect_uri]),
    }
    with live_server(url, tmp_path / "server.log", extra_env=env) as server:
        yield server
