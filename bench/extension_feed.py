"""The extension on a long Facebook feed, in the real Chromium against the real service.

    python -m bench.extension_feed [--posts 500] [--runs 5] [--browser firefox] [--write-docs]

A synthetic logged-in feed (2 comments per post, 1 ad in 10, a shared post in 7) is served at
https://www.facebook.com/. Each run loads it three times in a fresh tab:

- paused: the extension switched off, the page's own load time (the baseline);
- cold: no cached verdict, so the content script reads the page, places the badges and the
  service worker asks POST /v1/explain (batches of 500 items);
- warm: the same page again, every verdict from the extension's cache.

Measured in the page (performance.now() in a MutationObserver installed before the page's own
scripts), and from the service worker's requests' timing, on one clock. Targets: every badge shows
its verdict within 1 s of the service's last answer; page reading under 0.2 ms per post.
`--browser firefox` measures the same in Debian's Firefox ESR (bench/extension_feed_firefox.py).
"""

import argparse
import json
import math
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from playwright.sync_api import Page, Request, sync_playwright

from bench.databases import bench_database
from bench.extension_browser import (
    Extension,
    launch_extension,
    serve_offline,
    service_env,
    synthetic_feed,
)
from bench.extension_feed_firefox import measure_firefox
from bench.extension_report import Run, machine_notes, summary_table, write_docs_section
from bench.extension_runs import ANSWERED, FEED, READ, URL, one_run, watch_script
from bench.harness import uvicorn_process


class Explains:
    """The service worker's POST /v1/explain requests, with when each answer finished."""

    def __init__(self) -> None:
        self.finished: list[tuple[float, float]] = []  # (start, response end), epoch ms
        self.accounts = 0

    def __call__(self, request: Request) -> None:
        if request.service_worker and request.url.endswith("/v1/accounts"):
            self.accounts += 1
        if request.service_worker and request.url.endswith("/v1/explain"):
            timing = request.timing
            start = timing["startTime"]
            self.finished.append((start + timing["requestStart"], start + timing["responseEnd"]))


class _Chromium:
    """The extension in Chromium with the feed routed to it: a `FeedBrowser`."""

    def __init__(self, extension: Extension, base: str, explains: Explains, expected: int) -> None:
        self.extension, self.base, self.explains = extension, base, explains
        self.watch = watch_script(expected)

    def set_storage(self, values: dict[str, Any]) -> None:
        self.extension.set_storage(values)

    def explains_mark(self) -> int:
        return len(self.explains.finished)

    def explains_since(self, mark: int) -> list[tuple[float, float]]:
        return self.explains.finished[mark:]

    def load(self, *, until_badged: bool) -> tuple[Page, dict[str, Any]]:
        page = self.extension.context.new_page()
        page.set_default_timeout(60_000)
        page.add_init_script(self.watch)
        page.goto(URL, wait_until="load")
        if until_badged:
            page.wait_for_function("() => window.__bench.done !== undefined")
        page.wait_for_timeout(100)  # let late request events reach us
        figures: dict[str, Any] = page.evaluate(READ)
        return page, figures

    def close(self, page: Page) -> None:
        page.close()

    def append_post(self, page: Page, badges: int) -> float:
        # One more post loads: the incremental scan re-reads only what changed.
        page.evaluate("() => window.aiOptoutFixture.append(1)")
        page.wait_for_function(ANSWERED, arg=badges)
        return float(page.evaluate("() => document.documentElement.dataset.aiOptoutReadMs"))

    def fresh_cache(self, *, flip: bool) -> None:
        """Empty the extension's verdict cache through a documented hook: a changed service
        address drops every cached answer (a trailing slash keeps the same service and account)."""
        self.extension.set_storage({"apiBase": self.base + "/" if flip else self.base})
        page = self.extension.context.new_page()
        try:
            for _ in range(50):
                cached = self.extension.worker.evaluate(
                    "async () => Object.keys(await chrome.storage.session.get(null)).length"
                )
                if cached == 0:
                    return
                page.wait_for_timeout(20)
            raise RuntimeError("the extension kept its cached verdicts")
        finally:
            page.close()


def measure(posts: int, runs: int) -> tuple[list[Run], int]:
    feed = synthetic_feed(posts=posts, **FEED)
    expected = len(feed.expected)
    after_append = len(synthetic_feed(posts=posts + 1, **FEED).expected)
    explains = Explains()
    with (
        bench_database("sqlite") as database_url,
        uvicorn_process("api.main:create_app", service_env(database_url), factory=True) as base,
        sync_playwright() as playwright,
        TemporaryDirectory() as profile,
        launch_extension(playwright, Path(profile), base) as extension,
    ):
        context = extension.context
        serve_offline(extension, base, URL, feed.html)
        context.on("requestfinished", explains)
        chromium = _Chromium(extension, base, explains, expected)
        # Warm-up: the anonymous account is made, the worker and the page code are compiled.
        page, _ = chromium.load(until_badged=True)
        chromium.close(page)
        results = [one_run(chromium, after_append=after_append, index=i) for i in range(runs)]
    assert explains.accounts == 1, "the extension made a new account during the runs"
    batches = math.ceil(expected / 500)
    for run in results:
        assert len(run.answers) == batches, f"expected {batches} explain calls, saw {run.answers}"
    return results, expected


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--browser", choices=["chromium", "firefox"], default="chromium")
    parser.add_argument(
        "--write-docs", action="store_true", help="update docs/benchmarks.md (Chromium)"
    )
    parser.add_argument("--json", action="store_true", help="also print the raw runs as JSON")
    parser.add_argument("--remark", default="", help="a paragraph to add under the docs' table")
    args = parser.parse_args()
    if args.browser == "firefox" and args.write_docs:
        parser.error("--write-docs writes Chromium's section only")
    if args.browser == "firefox":
        runs, badges, version = measure_firefox(args.posts, args.runs)
        browser_line = f"{version}, headless, through a recording proxy"
    else:
        runs, badges = measure(args.posts, args.runs)
        browser_line = ""
    table = summary_table(runs, posts=args.posts, badges=badges)
    notes = machine_notes(browser_line or None)
    print(notes)
    print(table)
    if args.json:
        print(json.dumps([run.__dict__ for run in runs], indent=1))
    if args.write_docs:
        write_docs_section(table, notes, posts=args.posts, runs=len(runs), remark=args.remark)


if __name__ == "__main__":
    main()
