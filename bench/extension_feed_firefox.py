"""The feed benchmark in Debian's Firefox ESR: `python -m bench.extension_feed --browser firefox`.

The same feed, runs and figures as in Chromium (bench/extension_feed.py), through the end-to-end
tests' Firefox driver (puppeteer-core over WebDriver BiDi). BiDi does not see the extension's
background, so it talks to the service through the tests' loopback proxy, which notes when each
POST /v1/explain came and when its answer was written (epoch ms, the page's clock's origin too).
The proxy forwards through httpx: each answer carries its extra hop, which Chromium's figures lack.
Anything bound beyond loopback goes to a dead proxy, so nothing leaves the machine.
"""

import time
from typing import Any

from bench.databases import bench_database
from bench.extension_browser import service_env, synthetic_feed
from bench.extension_report import Run
from bench.extension_runs import ANSWERED, FEED, READ, URL, one_run, watch_script
from bench.harness import free_port, uvicorn_process
from browsers.fault_proxy import FaultProxy, fault_proxy
from browsers.firefox import FirefoxDriver, FirefoxExtension, FirefoxPage, dead_proxy

_LOAD_TIMEOUT_MS = 60_000
_WAIT_MS = 45_000  # under the driver's reply timeout, so a wait that fails says why
_SESSION_SIZE = "async () => Object.keys(await browser.storage.session.get(null)).length"


class _Firefox:
    """The driver, the extension and the proxy in front of the service: a `FeedBrowser`."""

    def __init__(
        self,
        driver: FirefoxDriver,
        proxy: FaultProxy,
        url: str,
        html: str,
        watch: str,
    ) -> None:
        self.driver, self.proxy, self.url = driver, proxy, url
        self.watch = watch
        self.extension = FirefoxExtension(driver)
        self.extension.set_storage({"apiBase": proxy.url})
        driver.call("serve", url=url, html=html)

    def set_storage(self, values: dict[str, Any]) -> None:
        self.extension.set_storage(values)

    def explains_mark(self) -> int:
        return len(self.proxy.timed)

    def explains_since(self, mark: int) -> list[tuple[float, float]]:
        return [
            (came, answered)
            for method, path, came, answered in self.proxy.timed[mark:]
            if (method, path) == ("POST", "/v1/explain")
        ]

    def load(self, *, until_badged: bool) -> tuple[FirefoxPage, dict[str, Any]]:
        page_id = self.driver.call("open", url=self.url, init=self.watch, timeout=_LOAD_TIMEOUT_MS)
        page = FirefoxPage(self.driver, page_id)
        if until_badged:
            try:
                page.call(
                    "waitFor", fn="() => window.__bench?.done !== undefined", timeout=_WAIT_MS
                )
            except AssertionError as error:
                shown = page.evaluate("() => ({ ...document.documentElement.dataset })")
                raise AssertionError(f"not every verdict shown: {shown}") from error
        time.sleep(0.1)  # as in Chromium: the same settling before reading
        figures: dict[str, Any] = page.evaluate(READ)
        return page, figures

    def close(self, page: FirefoxPage) -> None:
        page.call("closePage")

    def append_post(self, page: FirefoxPage, badges: int) -> float:
        page.evaluate("() => window.aiOptoutFixture.append(1)")
        page.call("waitFor", fn=ANSWERED, arg=badges, timeout=_WAIT_MS)
        return float(page.evaluate("() => document.documentElement.dataset.aiOptoutReadMs"))

    def fresh_cache(self, *, flip: bool) -> None:
        self.extension.set_storage({"apiBase": self.proxy.url + "/" if flip else self.proxy.url})
        for _ in range(50):
            if self.extension.control.evaluate(_SESSION_SIZE) == 0:
                return
            time.sleep(0.02)
        raise RuntimeError("the extension kept its cached verdicts")


def measure_firefox(posts: int, runs: int) -> tuple[list[Run], int, str]:
    """The runs, the badges expected, and Firefox's version: the same page scripts as in
    Chromium (bench/extension_runs.py), so both browsers are measured the same way."""
    feed = synthetic_feed(posts=posts, **FEED)
    expected = len(feed.expected)
    after_append = len(synthetic_feed(posts=posts + 1, **FEED).expected)
    watch = watch_script(expected)
    with (
        bench_database("sqlite") as database_url,
        uvicorn_process("api.main:create_app", service_env(database_url), factory=True) as base,
        dead_proxy() as (proxy_port, outbound),
        fault_proxy(base) as proxy,
    ):
        driver = FirefoxDriver(proxy_port, free_port())
        try:
            version = driver.wait_ready()["version"]
            ff = _Firefox(driver, proxy, URL, feed.html, watch)
            # Warm-up: the anonymous account is made, the background and page code compiled.
            page, _ = ff.load(until_badged=True)
            ff.close(page)
            results = [one_run(ff, after_append=after_append, index=i) for i in range(runs)]
        finally:
            driver.close()
    accounts = [p for m, p, *_ in proxy.timed if (m, p) == ("POST", "/v1/accounts")]
    assert len(accounts) == 1, "the extension made a new account during the runs"
    assert outbound == [], f"Firefox sent requests beyond loopback: {outbound}"
    return results, expected, version
