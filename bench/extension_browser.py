"""The real extension in Debian's Chromium: the launch, its service worker, and the synthetic pages.

Shared by the end-to-end tests (tests/e2e/) and the feed benchmark (bench/extension_feed.py).
The synthetic pages come from the extension's own fixture code (extension/test/fixtures/), run
through Node, so the tests, the benchmark and the extension's unit tests read the same markup.
See /work/shared/extension-e2e.md for why the launch flags are what they are.
"""

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright, Route, Worker

from bench.harness import UNLIMITED_ADDRESS
from browsers import EXTENSION

FIXTURES = EXTENSION / "test" / "fixtures"
CHROMIUM = "/usr/bin/chromium"

# --disable-extensions-except wins over Playwright's own --disable-extensions; without it the
# extension silently does not load. The rest keeps Chromium off the network and quiet.
LAUNCH_ARGS = [
    f"--disable-extensions-except={EXTENSION}",
    f"--load-extension={EXTENSION}",
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-US",
]


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() and shutil.which("node") is not None


@dataclass
class Extension:
    """A persistent Chromium context with the extension loaded."""

    context: BrowserContext
    worker: Worker
    id: str

    def storage(self, *keys: str, area: str = "local") -> dict[str, Any]:
        """Read the extension's storage through its service worker."""
        got: dict[str, Any] = self.worker.evaluate(
            "([area, keys]) => chrome.storage[area].get(keys)", [area, list(keys)]
        )
        return got

    def set_storage(self, values: dict[str, Any], area: str = "local") -> None:
        self.worker.evaluate("([area, v]) => chrome.storage[area].set(v)", [area, values])

    def page_url(self, name: str) -> str:
        return f"chrome-extension://{self.id}/{name}"

    def stop_worker(self) -> None:
        """Stop the service worker the way Chromium does when idle (Playwright keeps it alive).

        Only chrome://serviceworker-internals does it; CDP's stopAllWorkers does not. The next
        message to the extension starts a new instance: globals gone, storage kept.
        """
        page = self.context.new_page()
        try:
            page.goto("chrome://serviceworker-internals/")
            entry = page.locator(".serviceworker-registration").filter(has_text=self.id)
            entry.locator('cr-button[data-command="stop"]').click()
            status = entry.locator(".serviceworker-running-status .value")
            status.filter(has_text="STOPPED").wait_for(timeout=10_000)
        finally:
            page.close()


def service_env(database_url: str) -> dict[str, str]:
    """The service's settings: runs of 1,350 items a load exceed the per-address rate limits on
    explained items, which are the service's protection, not what is measured here."""
    return {"AI_OPTOUT_DATABASE_URL": database_url, **UNLIMITED_ADDRESS}


def serve_offline(extension: Extension, api_base: str, url: str, html: str) -> None:
    """Serve `html` at `url` and abort every request but the service's and the extension's own,
    so nothing leaves the machine."""

    def offline(route: Route) -> None:
        if route.request.url.startswith((api_base, f"chrome-extension://{extension.id}/")):
            route.continue_()
        else:
            route.abort()

    extension.context.route("**/*", offline)
    extension.context.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))


@contextmanager
def launch_extension(playwright: Playwright, profile: Path, api_base: str) -> Iterator[Extension]:
    """Chromium with the extension, pointed at the service at `api_base` before any page opens."""
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        locale="en-US",
        args=LAUNCH_ARGS,
    )
    try:
        # The worker is often registered before launch returns: look before waiting.
        workers = context.service_workers
        worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=15_000)
        extension = Extension(context, worker, worker.url.split("/")[2])
        extension.set_storage({"apiBase": api_base})
        yield extension
    finally:
        context.close()


def _node(script: str, *args: str) -> str:
    run = subprocess.run(
        ["node", "--input-type=module", "-e", script, *args],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(f"node failed: {run.stderr[-2000:]}")
    return run.stdout


@dataclass(frozen=True)
class Feed:
    """A synthetic Facebook feed and the facts the extension must read from it, in page order."""

    html: str
    expected: tuple[dict[str, Any], ...]


@lru_cache(maxsize=16)
def _feed(options_json: str) -> Feed:
    script = (
        f"const m = await import({json.dumps((FIXTURES / 'synthetic-feed.js').as_uri())});"
        "const o = JSON.parse(process.argv[1]);"
        "const out = {html: m.syntheticFeed(o), expected: m.expectedItems(o)};"
        "process.stdout.write(JSON.stringify(out));"
    )
    got = json.loads(_node(script, options_json))
    return Feed(got["html"], tuple(got["expected"]))


def synthetic_feed(**options: Any) -> Feed:
    """`synthetic_feed(posts=20, comments=2, lang="de", sponsoredEvery=10, grow=True)`: the
    options of extension/test/fixtures/synthetic-feed.js, in its camelCase spelling."""
    return _feed(json.dumps(options, sort_keys=True))


@lru_cache(maxsize=1)
def instagram_pages() -> dict[str, str]:
    """The synthetic Instagram pages: {"feed": ..., "post": ...}."""
    script = (
        f"const m = await import({json.dumps((FIXTURES / 'synthetic-instagram.js').as_uri())});"
        "process.stdout.write(JSON.stringify({feed: m.igFeed(), post: m.igPostPage()}));"
    )
    pages: dict[str, str] = json.loads(_node(script))
    return pages


def page_counters(page: Page) -> dict[str, str]:
    """The extension's counters on <html data-ai-optout-*>."""
    counters: dict[str, str] = page.evaluate(
        "() => Object.fromEntries(Object.entries(document.documentElement.dataset)"
        ".filter(([k]) => k.startsWith('aiOptout')))"
    )
    return counters
