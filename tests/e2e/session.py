"""The state the end-to-end tests share: the browser, the service, every request the browser made,
and what the pages showed that must never leave them.

`E2ESession` is the browser-neutral part (the service, the record of requests, badges read
through a page's `evaluate`); `E2EBrowser` is Chromium through Playwright, and
tests/e2e/firefox.py is Firefox ESR through a Node driver. A test that takes `browser:
E2ESession` and `@in_both_browsers` runs in each.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
import pytest
import sqlalchemy
from playwright.sync_api import BrowserContext, Page, Request, Route

from bench.extension_browser import Extension
from browsers import PAGE_TIMEOUT_MS
from tests.support.server import LiveServer

# Overrides the `browser_name` fixture (tests/e2e/conftest.py): the test runs once per browser.
in_both_browsers = pytest.mark.parametrize("browser_name", ["chromium", "firefox"])

BADGES = ".ai-optout-badge"

# What a page shows that identifies people or content: texts of six characters or more, image
# addresses and file names, and links to profiles or posts on the page's own site. Read in the
# page's main world.
_SECRETS_JS = """() => {
  const out = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement?.closest("script, style, noscript, template")) continue;
    const text = n.data.replace(/\\s+/g, " ").trim();
    if (text.length >= 6) out.add(text.slice(0, 80));
  }
  for (const img of document.querySelectorAll("img[src]")) {
    if (!img.src.startsWith("http")) continue;
    out.add(img.src);
    const file = new URL(img.src).pathname.split("/").pop();
    if (file.length >= 12) out.add(file);
  }
  for (const a of document.querySelectorAll("a[href]")) {
    const url = new URL(a.href, location.href);
    if (url.hostname !== location.hostname) continue;
    const parts = url.pathname.split("/").filter(Boolean);
    if (!parts.length) continue;
    out.add(url.origin + url.pathname);
    if (parts[0].length >= 5) out.add(parts[0]);
  }
  return [...out];
}"""

_BADGES_JS = """(sel) => [...document.querySelectorAll(sel)].map((b) => ({...b.dataset}))"""

_ALL_ANSWERED_JS = """(n) => document.documentElement.dataset.aiOptoutAnswered === String(n)
  && document.querySelectorAll(".ai-optout-badge").length === n
  && document.querySelectorAll(".ai-optout-badge[data-ai-optout-verdict]").length === n"""

_SESSION_EMPTIED_JS = """async () => {
  for (let i = 0; i < 100; i += 1) {
    if (Object.keys(await chrome.storage.session.get(null)).length === 0) return true;
    await new Promise((done) => setTimeout(done, 20));
  }
  return false;
}"""


@dataclass(frozen=True)
class Sent:
    """One request the browser made, as it was sent."""

    url: str
    method: str
    body: str
    headers: dict[str, str]
    from_worker: bool
    resource_type: str
    test: str

    @classmethod
    def of(cls, request: Request, *, test: str) -> "Sent":
        data = request.post_data_buffer
        return cls(
            url=request.url,
            method=request.method,
            body=data.decode("utf-8", errors="replace") if data else "",
            headers=dict(request.headers),
            from_worker=request.service_worker is not None,
            resource_type=request.resource_type,
            test=test,
        )

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


class BrowserLocator(Protocol):
    """What the tests run in both browsers do with an element (Playwright's Locator has it)."""

    def wait_for(self) -> None: ...
    def click(self) -> None: ...
    def check(self) -> None: ...
    def uncheck(self) -> None: ...
    def fill(self, value: str) -> None: ...
    def inner_text(self) -> str: ...
    def get_attribute(self, name: str) -> str | None: ...
    def is_visible(self) -> bool: ...
    def is_hidden(self) -> bool: ...
    def is_disabled(self) -> bool: ...
    def is_checked(self) -> bool: ...
    def count(self) -> int: ...


class BrowserPage(Protocol):
    """What the tests run in both browsers do with a page (Playwright's Page has it)."""

    def evaluate(self, expression: str, arg: Any = None) -> Any: ...
    def wait_for_function(self, expression: str, *, arg: Any = None) -> object: ...
    def wait_for_timeout(self, timeout: float) -> None: ...
    def locator(self, selector: str) -> BrowserLocator: ...
    def select_option(self, selector: str, value: str) -> object: ...


class ExtensionControl(Protocol):
    """The extension's storage and pages, reached from the test."""

    def storage(self, *keys: str, area: str = "local") -> dict[str, Any]: ...
    def set_storage(self, values: dict[str, Any], area: str = "local") -> None: ...
    def page_url(self, name: str) -> str: ...


class E2ESession:
    """One browser with the extension, the service it talks to, and what went between them."""

    extension: ExtensionControl

    def __init__(self, server: LiveServer, *, database_url: str = "") -> None:
        self.server = server
        self.database_url = database_url
        self.secrets: dict[str, set[str]] = {}
        self.current_test = ""
        self._requests: list[Sent] = []
        # The tests' own calls to the service, told apart from the extension's in its log (and
        # calls that reached it from outside this browser's capture: a proxy, another profile).
        self.direct: list[tuple[str, str]] = []
        # Origins that stand for the service (fault proxies in front of it).
        self.stand_ins: set[str] = set()
        # What the browser sent beyond loopback past the tests' capture (Firefox's dead proxy).
        self.outbound: list[str] = []

        def note(request: httpx.Request) -> None:
            self.direct.append((request.method, request.url.path))

        self.api = httpx.Client(
            base_url=self.server.base_url, timeout=10, event_hooks={"request": [note]}
        )

    @property
    def requests(self) -> list[Sent]:
        """Every request the browser made so far, in the order they were captured."""
        return self._requests

    @property
    def api_base(self) -> str:
        """The service address the extension uses."""
        return self.server.base_url

    def count_accounts(self) -> int:
        """Accounts in the service's database, read directly (not through the API)."""
        assert self.database_url, "this browser was made without its service's database"
        engine = sqlalchemy.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return int(
                    connection.execute(
                        sqlalchemy.text("SELECT count(*) FROM accounts")
                    ).scalar_one()
                )
        finally:
            engine.dispose()

    # Pages: each browser opens them its own way -----------------------------------------

    def open(self, url: str, html: str, *, init_script: str | None = None) -> BrowserPage:
        """Serve `html` at `url` and open it; `init_script` runs in the page before its own."""
        raise NotImplementedError

    def open_extension_page(self, name: str) -> BrowserPage:
        raise NotImplementedError

    def close_pages(self) -> None:
        raise NotImplementedError

    def forget_verdicts(self) -> None:
        """Empty the extension's verdict cache through its documented hook: another service
        address drops every cached answer. A trailing slash names the same service and account."""
        for base in (self.api_base + "/", self.api_base):
            self.extension.set_storage({"apiBase": base})
            emptied = self._evaluate_in_extension(_SESSION_EMPTIED_JS)
            assert emptied, "the extension kept its cached verdicts"

    def _evaluate_in_extension(self, expression: str) -> Any:
        raise NotImplementedError

    # Badges -----------------------------------------------------------------------------

    def wait_for_badges(self, page: BrowserPage, count: int) -> list[dict[str, str]]:
        """Wait until exactly `count` badges show a verdict; their attributes in page order."""
        page.wait_for_function(_ALL_ANSWERED_JS, arg=count)
        return self.badges(page)

    def badges(self, page: BrowserPage) -> list[dict[str, str]]:
        found: list[dict[str, str]] = page.evaluate(_BADGES_JS, BADGES)
        return found

    def remember_secrets(self, page: BrowserPage, label: str) -> set[str]:
        """Note what `page` shows that must never appear in what the extension sends."""
        found = set(page.evaluate(_SECRETS_JS))
        self.secrets.setdefault(label, set()).update(found)
        return found

    # The service, as the extension's own account ------------------------------------------

    def auth(self) -> dict[str, Any]:
        """The extension's account and tokens. Without one yet, open the popup as a person would:
        it reads the record, which makes the anonymous account."""
        if "auth" not in self.extension.storage("auth"):
            page = self.open_extension_page("popup.html")
            page.locator("#status[data-state=ready]").wait_for()
        auth: dict[str, Any] = self.extension.storage("auth")["auth"]
        assert auth["apiBase"] == self.api_base
        return auth

    def as_extension(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.auth()['accessToken']}"}

    def sent_explain_items(self) -> dict[str, dict[str, Any]]:
        """Every item the extension sent to POST /v1/explain, by id (the item's key)."""
        items: dict[str, dict[str, Any]] = {}
        for sent in self.requests:
            if sent.method == "POST" and sent.url == f"{self.api_base}/v1/explain":
                for item in json.loads(sent.body)["items"]:
                    items[item["id"]] = item
        return items

    def service_explain(self, items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """What the service answers for these items to the extension's own account, by id."""
        answer = self.api.post("/v1/explain", json={"items": items}, headers=self.as_extension())
        assert answer.status_code == 200, answer.text
        return {result["id"]: result for result in answer.json()["results"]}

    def service_verdicts(self, items: list[dict[str, Any]]) -> dict[str, str]:
        return {key: result["verdict"] for key, result in self.service_explain(items).items()}


class E2EBrowser(E2ESession):
    """Chromium through Playwright: routes serve the pages and see every request, the service
    worker's included."""

    extension: Extension

    def __init__(self, extension: Extension, server: LiveServer, database_url: str = "") -> None:
        super().__init__(server, database_url=database_url)
        self.extension = extension
        self._pages: list[Page] = []
        self._routes: list[tuple[Callable[[str], bool], Callable[[Route], None]]] = []

    @property
    def context(self) -> BrowserContext:
        return self.extension.context

    def serve(self, url: str, html: str) -> None:
        """Answer `url` (exactly) with `html` until the test ends."""

        def matches(candidate: str) -> bool:
            return candidate == url

        def fulfil(route: Route) -> None:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        self.context.route(matches, fulfil)
        self._routes.append((matches, fulfil))

    def allow(self, prefix: str) -> None:
        """Let the browser reach `prefix`, a loopback stand-in for the service (a fault proxy),
        until the test ends."""
        self.stand_ins.add(prefix.rstrip("/"))

        def matches(candidate: str) -> bool:
            return candidate.startswith(prefix)

        def through(route: Route) -> None:
            route.continue_()

        self.context.route(matches, through)
        self._routes.append((matches, through))

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        self._pages.append(page)
        return page

    def open(self, url: str, html: str, *, init_script: str | None = None) -> Page:
        self.serve(url, html)
        page = self.new_page()
        if init_script:
            page.add_init_script(init_script)
        page.goto(url)
        return page

    def open_extension_page(self, name: str) -> Page:
        page = self.new_page()
        page.goto(self.extension.page_url(name))
        return page

    def close_pages(self) -> None:
        for page in self._pages:
            page.close()
        self._pages.clear()
        for matches, fulfil in self._routes:
            self.context.unroute(matches, fulfil)
        self._routes.clear()

    def _evaluate_in_extension(self, expression: str) -> Any:
        return self.extension.worker.evaluate(expression)
