"""The page reader of two extension trees, compared in the same run in Chromium.

    git worktree add /tmp/wt-old <the commit to compare with>
    ln -s "$PWD/extension/node_modules" /tmp/wt-old/extension/
    python -m bench.extension_read_ab /tmp/wt-old/extension extension [--loads 25] [--posts 500]

Each tree's src/page/page-reader.js and src/content/badges.js (and what they import) are
bundled as the content script is (tools/bundle.mjs) and run in the page of the feed benchmark's
synthetic feed, with no extension and no service: the first read of a fresh page (cold code, as a
content script's first scan); the fastest of five more (warm code), each on a new memo; the
re-scan after one more post (the median of five, each after one more post, on the memo of a read
page, told the node added as the scanner tells it); and placing the first read's badges, then
fitting them (badge-fit.js, and the layout the next frame does after its writes). Loads alternate
between the trees, so a busy machine slows both alike; the facts both read must be the same, or
the run fails.
"""

import argparse
import statistics
import subprocess
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

from bench.extension_browser import CHROMIUM, synthetic_feed
from bench.extension_runs import FEED

_BUNDLE = (
    "const m = await import(process.argv[1] + '/tools/bundle.mjs');"
    "process.stdout.write(m.bundle(process.argv[1] + '/', process.argv[2]));"
)

_RUN = """() => {
  const options = (cache) => ({ hostname: "www.facebook.com", pathname: "/", salt: "ab",
                                profiles: {}, cache, now: new Date(), changed: null, rules: null });
  const t0 = performance.now();
  const read = window.__readPage(document, options({}));
  const cold = performance.now() - t0;
  const warm = [];
  for (let i = 0; i < 5; i += 1) {
    const t = performance.now();
    window.__readPage(document, options({}));
    warm.push(performance.now() - t);
  }
  const t = (key) => (key === "@@bidi_dir" ? "ltr" : key === "@@ui_locale" ? "en" : key);
  const t1 = performance.now();
  const hosts = window.__badges(document, t).place(read.items).map(([, host]) => host);
  const place = performance.now() - t1;
  const t2 = performance.now();
  window.__fit(hosts);
  document.body.getBoundingClientRect(); // the layout the next frame does after the fit's writes
  const fit = performance.now() - t2;
  const cache = {};
  window.__readPage(document, options(cache));
  const feed = document.querySelector('[role="feed"]');
  const rescans = [];
  let again = null;
  for (let i = 0; i < 5; i += 1) {
    window.aiOptoutFixture.append(1);
    const added = [feed.lastElementChild];
    const t3 = performance.now();
    again = window.__readPage(document, { ...options(cache), changed: added, removals: [] });
    rescans.push(performance.now() - t3);
  }
  rescans.sort((a, b) => a - b);
  return { cold, warm: Math.min(...warm), rescan: rescans[2], place, fit,
           facts: [...read.items, ...again.items].map((it) => JSON.stringify([it.raw, it.facts])) };
}"""

_EXPOSE = {
    "src/page/page-reader.js": "window.__readPage = m_page_page_reader.readPage;",
    "src/content/badges.js": (
        "window.__badges = m_content_badges.createBadgeManager;"
        " window.__fit = m_content_badge_fit.fit;"
    ),
}


def reader_script(tree: Path) -> str:
    """The tree's page reader and badge manager as one classic script that sets window.__*."""
    parts = []
    for entry, expose in _EXPOSE.items():
        out = subprocess.run(
            ["node", "--input-type=module", "-e", _BUNDLE, str(tree.resolve()), entry],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout.rstrip()
        lines = out.splitlines()
        if ".start(window)" not in lines[-2]:
            raise RuntimeError("tools/bundle.mjs no longer ends its script as this bench expects")
        lines[-2] = expose
        # Both bundles run in the one page: the content script's run-once guard is not theirs.
        parts.append("\n".join(line for line in lines if "__aiOptoutLoaded" not in line))
    return "\n".join(parts)


def _serve(body: str, content_type: str) -> Callable[[Route], None]:
    def handle(route: Route) -> None:
        route.fulfill(body=body, content_type=content_type)

    return handle


_MEASURES = ("cold", "warm", "rescan", "place", "fit")


def compare(trees: list[Path], *, posts: int, loads: int) -> list[dict[str, list[float]]]:
    """Per tree and measure (`_MEASURES`): the times of each load, in ms."""
    scripts = [reader_script(tree) for tree in trees]
    html = synthetic_feed(posts=posts, **FEED).html
    times: list[dict[str, list[float]]] = [{m: [] for m in _MEASURES} for _ in trees]
    facts: list[list[str]] = [[] for _ in trees]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context()
        for k, script in enumerate(scripts):
            page_html = html.replace("</body>", f"<script src='/__reader{k}.js'></script></body>")

            context.route(f"https://www.facebook.com/?tree={k}", _serve(page_html, "text/html"))
            context.route(
                f"https://www.facebook.com/__reader{k}.js", _serve(script, "text/javascript")
            )
        for load in range(loads + 1):  # the first round warms the browser up
            order = range(len(trees)) if load % 2 else reversed(range(len(trees)))
            for k in order:
                page = context.new_page()
                page.goto(f"https://www.facebook.com/?tree={k}", wait_until="load")
                got = page.evaluate(_RUN)
                page.close()
                facts[k] = got["facts"]
                if load:
                    for m in _MEASURES:
                        times[k][m].append(float(got[m]))
        browser.close()
    if any(f != facts[0] for f in facts):
        raise RuntimeError("the trees read different facts from the same feed")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("trees", nargs=2, type=Path, help="two extension/ folders")
    parser.add_argument("--loads", type=int, default=25)
    parser.add_argument("--posts", type=int, default=500)
    args = parser.parse_args()
    times = compare(args.trees, posts=args.posts, loads=args.loads)
    print(f"{args.posts} posts, {args.loads} loads per tree, alternated; ms, median [min–max]")
    names = {"cold": "first read", "warm": "warm read", "rescan": "re-scan after one more post",
             "place": "place badges", "fit": "fit badges"}  # fmt: skip
    for tree, got in zip(args.trees, times, strict=True):
        print(f"{tree}:")
        for m in _MEASURES:
            print(f"  {names[m]}: {_spread(got[m])}")
        print(f"  first read per post: {statistics.median(got['cold']) / args.posts:.3f}")
    print(f"ratios {args.trees[1]} / {args.trees[0]}, per load (same round), median [min–max]:")
    for m in _MEASURES:
        ratios = [b / a for a, b in zip(times[0][m], times[1][m], strict=True) if a > 0]
        print(f"  {names[m]}: {_spread(ratios, digits=2)}")


def _spread(values: list[float], digits: int = 1) -> str:
    med = statistics.median(values)
    return f"{med:.{digits}f} [{min(values):.{digits}f}–{max(values):.{digits}f}]"


if __name__ == "__main__":
    main()
