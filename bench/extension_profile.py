"""Where the extension's first page read spends its time, in the real Chromium.

    python -m bench.extension_profile [--posts 500] [--loads 5] [--top 30] [--interval-us 50]

The feed of bench/extension_feed.py is loaded `--loads` times, each in a fresh tab with V8's
sampling profiler on (Chrome DevTools protocol) from before navigation to the first badge. Only
the samples taken inside the content script's `readPage` count: the table gives each function's
self and inclusive time there, summed over the loads, and the share of the read it stands for.
The profiler slows the code it samples: compare the shares, not the times, with the benchmark.
"""

import argparse
from collections import Counter, defaultdict
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from playwright.sync_api import sync_playwright

from bench.databases import bench_database
from bench.extension_browser import (
    launch_extension,
    serve_offline,
    service_env,
    synthetic_feed,
)
from bench.extension_runs import FEED, URL
from bench.harness import uvicorn_process
from browsers import EXTENSION

ENTRY = "readPage"
SCRIPT = "content-script.js"


def _frame(node: dict[str, Any]) -> str:
    call = node["callFrame"]
    name = call["functionName"] or "(anonymous)"
    if call["url"].endswith(SCRIPT):
        return f"{name}:{call['lineNumber'] + 1}"
    return name


def read_lines(profile: dict[str, Any]) -> Counter[int]:
    """Self samples per line of the content script, in functions called under `readPage`."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    lines: Counter[int] = Counter()
    for node in profile["nodes"]:
        at: int | None = node["id"]
        while at is not None and nodes[at]["callFrame"]["functionName"] != ENTRY:
            at = parent.get(at)
        if at is None or not node["callFrame"]["url"].endswith(SCRIPT):
            continue
        for tick in node.get("positionTicks", []):
            lines[tick["line"]] += tick["ticks"]
    return lines


Times = dict[str, float]  # ms per function


def read_samples(profile: dict[str, Any]) -> tuple[Times, Times, float]:
    """Self and inclusive ms per function under `readPage`, and the read's total ms."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    stacks: dict[int, list[str] | None] = {}

    def stack_of(node_id: int) -> list[str] | None:
        # The frames from readPage down to the sampled one; None when readPage is not on the stack.
        if node_id not in stacks:
            frames: list[str] = []
            at: int | None = node_id
            while at is not None:
                frames.append(_frame(nodes[at]))
                if nodes[at]["callFrame"]["functionName"] == ENTRY:
                    break
                at = parent.get(at)
            stacks[node_id] = frames if at is not None else None
        return stacks[node_id]

    own: Times = defaultdict(float)
    inclusive: Times = defaultdict(float)
    total = 0.0
    deltas = profile["timeDeltas"]
    samples = profile["samples"]
    for i, node_id in enumerate(samples):
        # A sample's time is the gap to the next one.
        ms = (deltas[i + 1] if i + 1 < len(deltas) else 0) / 1000
        frames = stack_of(node_id)
        if frames is None:
            continue
        total += ms
        own[frames[0]] += ms
        for name in set(frames):
            inclusive[name] += ms
    return own, inclusive, total


def profile_reads(
    posts: int, loads: int, interval_us: int
) -> tuple[Times, Times, Counter[int], float, list[float]]:
    feed = synthetic_feed(posts=posts, **FEED)
    expected = len(feed.expected)
    own: Times = defaultdict(float)
    inclusive: Times = defaultdict(float)
    lines: Counter[int] = Counter()
    total = 0.0
    reads: list[float] = []
    with (
        bench_database("sqlite") as database_url,
        uvicorn_process("api.main:create_app", service_env(database_url), factory=True) as base,
        sync_playwright() as playwright,
        TemporaryDirectory() as profile_dir,
        launch_extension(playwright, Path(profile_dir), base) as extension,
    ):
        context = extension.context
        serve_offline(extension, base, URL, feed.html)
        placed = f"() => document.documentElement.dataset.aiOptoutBadges === '{expected}'"
        for load in range(loads + 1):  # the first load warms the worker and the account up
            page = context.new_page()
            page.set_default_timeout(60_000)
            cdp = context.new_cdp_session(page)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": interval_us})
            cdp.send("Profiler.start")
            page.goto(URL, wait_until="load")
            page.wait_for_function(placed)
            result = cdp.send("Profiler.stop")["profile"]
            read = page.evaluate(
                "() => performance.getEntriesByName('ai-optout-read')[0]?.duration"
            )
            page.close()
            if load == 0:
                continue
            got_own, got_inclusive, got_total = read_samples(result)
            for into, got in ((own, got_own), (inclusive, got_inclusive)):
                for name, ms in got.items():
                    into[name] += ms
            lines.update(read_lines(result))
            total += got_total
            reads.append(float(read))
    return own, inclusive, lines, total, reads


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--interval-us", type=int, default=50)
    args = parser.parse_args()
    own, inclusive, lines, total, reads = profile_reads(args.posts, args.loads, args.interval_us)
    print(f"first reads under the profiler, ms: {', '.join(f'{r:.1f}' for r in reads)}")
    print(f"samples inside {ENTRY}: {total:.1f} ms over {len(reads)} loads\n")
    for title, table in (("self", own), ("inclusive", inclusive)):
        print(f"| {title} ms | share | function:line in {SCRIPT} |")
        print("| ---: | ---: | --- |")
        for name, ms in sorted(table.items(), key=lambda kv: -kv[1])[: args.top]:
            print(f"| {ms:.1f} | {100 * ms / total:.1f}% | {name} |")
        print()
    source = (EXTENSION / SCRIPT).read_text().splitlines()
    print(f"| samples | line of {SCRIPT} |")
    print("| ---: | --- |")
    for line, ticks in lines.most_common(args.top):
        print(f"| {ticks} | {line}: {source[line - 1].strip()[:110]} |")


if __name__ == "__main__":
    main()
