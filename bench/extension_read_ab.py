"""The page reader of two extension trees, compared in the same run in Chromium.

    git worktree add /tmp/wt-old <the commit to compare with>
    ln -s "$PWD/extension/node_modules" /tmp/wt-old/extension/
    python -m bench.extension_read_ab /tmp/wt-old/extension extension [--loads 25] [--posts 500]

Each tree's src/page/page-reader.js (and what it imports) is bundled as the content script is
(tools/bundle.mjs) and run in the page of the feed benchmark's synthetic feed, with no extension
and no service: the first read of a fresh page (cold code, as a content script's first scan) and
the fastest of five more (warm code), each on a new memo. Loads alternate between the trees, so a
busy machine slows both alike; the facts both read must be the same, or the run fails.
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
    "process.stdout.write(m.bundle(process.argv[1] + '/', 'src/page/page-reader.js'));"
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
  return { cold, warm: Math.min(...warm),
           facts: read.items.map((it) => JSON.stringify([it.raw, it.facts])) };
}"""


def reader_script(tree: Path) -> str:
    """The tree's page reader as one classic script that sets window.__readPage."""
    out = subprocess.run(
        ["node", "--input-type=module", "-e", _BUNDLE, str(tree.resolve())],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.rstrip()
    lines = out.splitlines()
    if ".start(window)" not in lines[-2]:
        raise RuntimeError("tools/bundle.mjs no longer ends its script as this bench expects")
    lines[-2] = "window.__readPage = m_page_page_reader.readPage;"
    return "\n".join(lines)


def _serve(body: str, content_type: str) -> Callable[[Route], None]:
    def handle(route: Route) -> None:
        route.fulfill(body=body, content_type=content_type)

    return handle


def compare(trees: list[Path], *, posts: int, loads: int) -> list[tuple[list[float], list[float]]]:
    """Per tree: the cold reads and the warm reads, in ms."""
    scripts = [reader_script(tree) for tree in trees]
    html = synthetic_feed(posts=posts, **FEED).html
    times: list[tuple[list[float], list[float]]] = [([], []) for _ in trees]
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
                    times[k][0].append(float(got["cold"]))
                    times[k][1].append(float(got["warm"]))
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
    for tree, (cold, warm) in zip(args.trees, times, strict=True):
        print(
            f"{tree}: first read {statistics.median(cold):.1f} [{min(cold):.1f}–{max(cold):.1f}]"
            f" ({statistics.median(cold) / args.posts:.3f} per post); warm read"
            f" {statistics.median(warm):.1f} [{min(warm):.1f}–{max(warm):.1f}]"
        )


if __name__ == "__main__":
    main()
