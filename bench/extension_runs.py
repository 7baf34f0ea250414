"""One measured run of the feed benchmark, the same in every browser: each browser supplies the
few steps it does its own way (`FeedBrowser`), and the sequence and its figures live here once."""

from typing import Any, Protocol, TypeVar

from bench.extension_report import Run

Page = TypeVar("Page")

# The synthetic logged-in feed every browser is measured on, and where it is served.
URL = "https://www.facebook.com/"
FEED = {"comments": 2, "sponsoredEvery": 10, "sharedEvery": 7, "grow": True}


# Installed before the page's scripts: when every badge is placed, and when all show a verdict.
_WATCH = """(n) => { window.__bench = {};
  new MutationObserver(() => {
    const d = document.documentElement.dataset, b = window.__bench;
    if (!b.placed && d.aiOptoutBadges === String(n)) b.placed = performance.now();
    if (!b.done && d.aiOptoutAnswered === String(n)) b.done = performance.now();
  }).observe(document, { attributes: true, subtree: true,
                         attributeFilter: ["data-ai-optout-answered", "data-ai-optout-badges"] });
}"""

READ = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const first = (name) => performance.getEntriesByName(name)[0]?.duration ?? null;
  return { origin: performance.timeOrigin, load: nav.loadEventEnd,
           dcl: nav.domContentLoadedEventEnd, marks: window.__bench ?? {},
           read: first("ai-optout-read"), scan: first("ai-optout-scan"),
           counters: { ...document.documentElement.dataset } };
}"""

# Every verdict of `n` badges shown (the content script's counter on <html>).
ANSWERED = "(n) => document.documentElement.dataset.aiOptoutAnswered === String(n)"


def watch_script(badges: int) -> str:
    """The page script to install before the feed's own: it marks when `badges` are placed and
    when all show a verdict."""
    return f"({_WATCH})({badges})"


class FeedBrowser(Protocol[Page]):
    """What a run needs of a browser with the extension loaded and the feed served."""

    def set_storage(self, values: dict[str, Any]) -> None: ...

    def load(self, *, until_badged: bool) -> tuple[Page, dict[str, Any]]:
        """Open the feed in a new tab; the page's figures (`READ`)."""
        ...

    def close(self, page: Page) -> None: ...

    def append_post(self, page: Page, badges: int) -> float:
        """Add one post, wait until `badges` verdicts show; the incremental read's ms."""
        ...

    def fresh_cache(self, *, flip: bool) -> None:
        """Drop every cached verdict (a changed service address does)."""
        ...

    def explains_mark(self) -> int:
        """A mark in the record of POST /v1/explain answers, to read what came after it."""
        ...

    def explains_since(self, mark: int) -> list[tuple[float, float]]:
        """Each POST /v1/explain since `mark`: request sent, answer received (epoch ms)."""
        ...


def one_run(browser: FeedBrowser[Page], *, after_append: int, index: int) -> Run:
    """Paused, cold (no cached verdict, then one more post) and warm loads of the feed."""
    browser.set_storage({"paused": True})
    page, paused = browser.load(until_badged=False)
    browser.close(page)
    browser.set_storage({"paused": False})

    browser.fresh_cache(flip=index % 2 == 0)
    mark = browser.explains_mark()
    page, cold = browser.load(until_badged=True)
    origin = cold["origin"]
    answers = sorted((s - origin, e - origin) for s, e in browser.explains_since(mark))
    later = browser.append_post(page, after_append)
    browser.close(page)

    mark = browser.explains_mark()
    page, warm = browser.load(until_badged=True)
    browser.close(page)
    assert browser.explains_since(mark) == [], "the warm load asked the service again"
    return Run(
        paused_load=paused["load"],
        load=cold["load"],
        placed=cold["marks"]["placed"],
        done=cold["marks"]["done"],
        answers=answers,
        first_read=cold["read"],
        first_scan=cold["scan"],
        later_read=later,
        warm_done=warm["marks"]["done"],
        counters=cold["counters"],
    )
