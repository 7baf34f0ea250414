"""Firefox ESR as an end-to-end test session: the driver (browsers/firefox.py) with the requests
it and the recording proxy saw, in the form the tests read on Chromium."""

from typing import Any

from browsers.fault_proxy import FaultProxy
from browsers.firefox import FirefoxDriver, FirefoxExtension, FirefoxPage
from tests.e2e.session import E2ESession, Sent
from tests.support.server import LiveServer


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
