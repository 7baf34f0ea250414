"""A record is never stranded: a passkey added in one browser profile signs a fresh profile in to
the same record, through the extension's options page and Chromium's virtual authenticator.

Two profiles with the unpacked extension (the same folder gives the same extension ID) and a
service of their own, whose RP ID is `localhost` (the host the extension holds a permission for,
see docs/decisions.md) and whose only accepted origin is the extension's. The passkey moves from
profile A's authenticator to profile B's as a synced passkey would (WebAuthn.getCredentials /
WebAuthn.addCredential). Screenshots of the passkey section: /tmp/passkeys-*.png.

It runs in a thread of its own: the package's browser (tests/e2e/conftest.py) holds sync
Playwright's loop in the main thread, and one thread can drive only one.
"""

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import CDPSession, Page, Playwright, sync_playwright

from bench.extension_browser import Extension, launch_extension
from browsers import PAGE_TIMEOUT_MS
from tests.e2e.flows import record_opt_out
from tests.e2e.other_profile import in_own_thread, only_loopback
from tests.e2e.session import E2EBrowser
from tests.support.databases import migrated_sqlite_template, sqlite_copy
from tests.support.server import LiveServer, live_server

SHOTS = Path("/tmp")


def test_a_passkey_from_one_profile_signs_another_in_to_the_same_record(
    chromium: None, tmp_path: Path
) -> None:
    def run() -> None:
        with sync_playwright() as playwright:
            _scenario(playwright, tmp_path)

    in_own_thread(run, name="the passkey scenario", timeout=240)


def _scenario(playwright: Playwright, tmp_path: Path) -> None:
    with (
        tempfile.TemporaryDirectory() as profile_a,
        tempfile.TemporaryDirectory() as profile_b,
        launch_extension(playwright, Path(profile_a), "http://localhost:1") as a,
        _service(tmp_path, a.id) as (server, base),
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
def _service(tmp_path: Path, extension_id: str) -> Iterator[tuple[LiveServer, str]]:
    url = sqlite_copy(migrated_sqlite_template(tmp_path), tmp_path)
    env = {
        "AI_OPTOUT_WEBAUTHN_RP_ID": "localhost",
        "AI_OPTOUT_WEBAUTHN_ORIGINS": json.dumps([f"chrome-extension://{extension_id}"]),
    }
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
    with _api(server, a) as api:
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
    with _api(server, b) as api:
        preferences = api.get("/v1/me/preferences").json()
        receipts = api.get("/v1/me/receipts").json()
    assert preferences["region"] == "DE"
    assert [a["platform"] for a in preferences["accounts"]] == ["facebook"]
    assert _entries(receipts), "the opt-out recorded in profile A has its receipt"
    return _session_of(auth)


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


def _api(server: LiveServer, extension: Extension) -> httpx.Client:
    token = extension.storage("auth")["auth"]["accessToken"]
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
