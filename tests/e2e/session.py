"""The state the end-to-end tests share: the browser, the service, every request the browser made,
and what the pages showed that must never leave them."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import sqlalchemy
from playwright.sync_api import BrowserContext, Page, Request, Route

from bench.extension_browser import Extension
from tests.support.server import LiveServer

BADGES = ".ai-optout-badge"
PAGE_TIMEOUT_MS = 15_000

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


@dataclass
class E2EBrowser:
    extension: Extension
    server: LiveServer
    database_url: str = ""
    requests: list[Sent] = field(default_factory=list)
    secrets: dict[str, set[str]] = field(default_factory=dict)
    current_test: str = ""
    _pages: list[Page] = field(default_factory=list)
    _routes: list[tuple[Callable[[str], bool], Callable[[Route], None]]] = field(
        default_factory=list
    )

    def __post_init__(self) -> None:
        # The tests' own calls to the service, told apart from the extension's in its log (and
        # calls that reached it from outside this browser's capture: a proxy, another profile).
        self.direct: list[tuple[str, str]] = []
        # Origins that stand for the service (fault proxies in front of it).
        self.stand_ins: set[str] = set()

        def note(request: httpx.Request) -> None:
            self.direct.append((request.method, request.url.path))

        self.api = httpx.Client(
            base_url=self.server.base_url, timeout=10, event_hooks={"request": [note]}
        )

    @property
    def context(self) -> BrowserContext:
        return self.extension.context

    @property
    def api_base(self) -> str:
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

    # Pages ------------------------------------------------------------------------------

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
        """Serve `html` at `url` and open it; `init_script` runs in the page before its own."""
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

    # Badges -----------------------------------------------------------------------------

    def wait_for_badges(self, page: Page, count: int) -> list[dict[str, str]]:
        """Wait until exactly `count` badges show a verdict; their attributes in page order."""
        page.wait_for_function(_ALL_ANSWERED_JS, arg=count)
        return self.badges(page)

    def badges(self, page: Page) -> list[dict[str, str]]:
        found: list[dict[str, str]] = page.evaluate(_BADGES_JS, BADGES)
        return found

    def remember_secrets(self, page: Page, label: str) -> set[str]:
        """Note what `page` shows that must never appear in what the extension sends."""
        found = set(page.evaluate(_SECRETS_JS))
        self.secrets.setdefault(label, set()).update(found)
        return found

    def forget_verdicts(self) -> None:
        """Empty the extension's verdict cache through its documented hook: another service
        address drops every cached answer. A trailing slash names the same service and account."""
        for base in (self.api_base + "/", self.api_base):
            self.extension.set_storage({"apiBase": base})
            emptied = self.extension.worker.evaluate(_SESSION_EMPTIED_JS)
            assert emptied, "the extension kept its cached verdicts"

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
