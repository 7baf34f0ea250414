"""A record is never stranded: an OpenID Connect identity linked in one browser profile signs a
fresh profile in to the same record, through the options page, `identity.launchWebAuthFlow` in
Chromium and a real provider process (oidc-provider-mock) on loopback.

Two profiles with the unpacked extension (the same folder gives the same extension ID), a
service of their own that allows the extension's redirect URI, and a provider with this
service registered as a client for it. In the provider's window the person picks a subject.
It runs in a thread of its own: the package's browser (tests/e2e/conftest.py) holds sync
Playwright's loop in the main thread, and one thread can drive only one.
"""

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import Page, Playwright, sync_playwright

from bench.extension_browser import Extension, launch_extension
from browsers import PAGE_TIMEOUT_MS
from tests.e2e.flows import record_opt_out
from tests.e2e.other_profile import in_own_thread, only_loopback
from tests.e2e.session import E2EBrowser
from tests.oidc.provider import MockProvider, free_port
from tests.support.databases import migrated_sqlite_template, sqlite_copy
from tests.support.server import LiveServer, live_server

SUBJECT = "alice-e2e"


def test_an_identity_linked_in_one_profile_signs_another_in_to_the_same_record(
    chromium: None, tmp_path: Path
) -> None:
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
            auth = b.storage("auth")["auth"]
            assert auth["accountId"] == account_id
            with httpx.Client(base_url=server.base_url, timeout=10) as api:
                headers = {"Authorization": f"Bearer {auth['accessToken']}"}
                preferences = api.get("/v1/me/preferences", headers=headers).json()
                identities = api.get("/v1/me/oidc-identities", headers=headers).json()
            assert preferences["region"] == "DE"
            assert identities["identities"][0]["last_used_at"] is not None
            assert SUBJECT not in json.dumps(identities)


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
