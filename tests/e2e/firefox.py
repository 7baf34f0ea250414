"""Firefox ESR as an end-to-end test session: the driver (browsers/firefox.py) with the requests
it and the recording proxy saw, in the form the tests read on Chromium."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from browsers.fault_proxy import FaultProxy, fault_proxy
from browsers.firefox import (
    FIREFOX,
    FirefoxDriver,
    FirefoxExtension,
    FirefoxPage,
    dead_proxy,
    firefox_available,
)
from tests.e2e.session import E2ESession, Sent
from tests.support.requirements import missing
from tests.support.server import LiveServer, free_port


class FirefoxBrowser(E2ESession):
    """Firefox ESR with the extension, pointed at the service through the recording proxy."""

    extension: FirefoxExtension

    def __init__(
        self, driver: FirefoxDriver, server: LiveServer, proxy: FaultProxy, database_url: str
    ) -> None:
        super().__init__(server, database_url=database_url)
        self.driver, self.proxy = driver, proxy
        self.extension = FirefoxExtension(driver)
        self.extension.set_storage({"apiBase": self.api_base})

    @property
    def api_base(self) -> str:
        return self.proxy.url

    @property
    def requests(self) -> list[Sent]:
        for tab in self.driver.call("requests"):
            self._requests.append(
                Sent(
                    url=tab["url"],
                    method=tab["method"],
                    body=tab["body"],
                    headers={k.lower(): v for k, v in tab["headers"].items()},
                    from_worker=False,
                    resource_type="document" if tab["navigation"] else "other",
                    test=self.current_test,
                )
            )
        return self._requests

    def heard(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        """The recording proxy's listener: one call of the extension's background."""
        self._requests.append(
            Sent(
                url=self.proxy.url + path,
                method=method,
                body=body.decode("utf-8", errors="replace"),
                headers={k.lower(): v for k, v in headers.items()},
                from_worker=True,
                resource_type="fetch",
                test=self.current_test,
            )
        )

    def open(self, url: str, html: str, *, init_script: str | None = None) -> FirefoxPage:
        self.driver.call("serve", url=url, html=html)
        return FirefoxPage(self.driver, self.driver.call("open", url=url, init=init_script))

    def open_extension_page(self, name: str) -> FirefoxPage:
        return FirefoxPage(self.driver, self.driver.call("openExtension", file=name))

    def opened_window(self) -> FirefoxPage:
        """The next window Firefox opened by itself (identity.launchWebAuthFlow's sign-in)."""
        return FirefoxPage(self.driver, self.driver.call("opened"))

    def close_pages(self) -> None:
        self.requests  # noqa: B018 (drain the driver's record before its tabs go)
        self.driver.call("closePages", keep=[self.extension.control.id])

    def extension_errors(self) -> list[str]:
        """Errors and warnings the content script logged since the last call (BiDi delivers
        nothing from the extension's own pages or background)."""
        return [
            f"{m['type']}: {m['text']} ({m['url']})"
            for m in self.driver.call("console")
            if m["type"] in {"error", "warn", "warning"}
            and (m["url"].startswith("moz-extension://") or "AI Opt-Out" in m["text"])
        ]

    def _evaluate_in_extension(self, expression: str) -> Any:
        return self.extension.control.evaluate(expression)


def require_firefox() -> None:
    """Debian's Firefox ESR and the driver's Node packages: a failure under CI, else a skip."""
    if not firefox_available():
        missing(
            "Debian's firefox-esr, node or extension/node_modules is not installed",
            under_ci=f"CI must run the end-to-end tests in Firefox ({FIREFOX})",
        )


@contextmanager
def fresh_firefox(server: LiveServer, database_url: str = "") -> Iterator[FirefoxBrowser]:
    """Firefox with the extension in a profile of its own (each launch makes one), pointed at
    `server` through the recording proxy, which notes each call of the extension's background.
    Its `outbound` lists what it tried to send beyond loopback, which the dead proxy answered
    with nothing."""
    require_firefox()
    with dead_proxy() as (proxy_port, outbound):
        driver = FirefoxDriver(proxy_port, free_port())
        try:
            driver.wait_ready()
            browser: FirefoxBrowser | None = None

            def heard(method: str, path: str, headers: dict[str, str], body: bytes) -> None:
                if browser is not None:
                    browser.heard(method, path, headers, body)

            with fault_proxy(server.base_url, listener=heard) as proxy:
                browser = FirefoxBrowser(driver, server, proxy, database_url)
                browser.outbound = outbound
                yield browser
                browser.api.close()
        finally:
            driver.close()


# Firefox's own WebAuthn service, reached from the browser's chrome scope: WebDriver BiDi has no
# WebAuthn module, and this is the service behind WebDriver classic's virtual authenticators.
_WEBAUTHN = 'Cc["@mozilla.org/webauthn/service;1"].getService(Ci.nsIWebAuthnService)'
_CREDENTIAL_FIELDS = (
    "credentialId", "isResidentCredential", "rpId", "privateKey", "userHandle", "signCount",
)  # fmt: skip


class FirefoxAuthenticator:
    """A virtual platform authenticator in Firefox that holds discoverable passkeys and verifies
    the user, in place of any real token."""

    def __init__(self, driver: FirefoxDriver) -> None:
        self.driver = driver
        prefs = "Services.prefs.setBoolPref('security.webauth.webauthn_enable_{}', {})"
        self._chrome(prefs.format("softtoken", "true"))
        self._chrome(prefs.format("usbtoken", "false"))  # no real token may answer instead
        # protocol, transport, resident keys, user verification, user consenting, user verified
        added = self._chrome(
            f"{_WEBAUTHN}.addVirtualAuthenticator('ctap2_1', 'internal', true, true, true, true)"
        )
        self.id = str(added)

    def _chrome(self, expression: str) -> Any:
        return self.driver.call("chromeEvaluate", expression=expression)

    def credentials(self) -> list[dict[str, Any]]:
        fields = ", ".join(f"{f}: c.{f}" for f in _CREDENTIAL_FIELDS)
        found: list[dict[str, Any]] = self._chrome(
            f"{_WEBAUTHN}.getCredentials({json.dumps(self.id)}).map((c) => ({{{fields}}}))"
        )
        return found

    def add(self, credential: dict[str, Any]) -> None:
        args = ", ".join(json.dumps(credential[f]) for f in _CREDENTIAL_FIELDS)
        self._chrome(f"{_WEBAUTHN}.addCredential({json.dumps(self.id)}, {args})")
