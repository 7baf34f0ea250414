"""The feed benchmark's figures: one run's measurements, the summary table, the machine, and the
"Extension" section of docs/benchmarks.md."""

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.extension_browser import CHROMIUM

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
SECTION = "## Extension"
ANSWER_TARGET_MS = 1000.0
READ_TARGET_MS_PER_POST = 0.2


@dataclass
class Run:
    """One run; times in ms from the start of navigation, as the page's clock reads them."""

    paused_load: float  # load event with the extension paused: the page's own load time
    load: float
    placed: float  # every badge on the page (still waiting for its verdict)
    done: float  # every badge shows its verdict
    answers: list[tuple[float, float]]  # each POST /v1/explain: request sent, answer received
    first_read: float  # the first scan: reading the page
    first_scan: float  # the first scan: reading plus placing the badges
    later_read: float  # the scan after one more post was added
    warm_done: float  # every verdict shown when all come from the extension's cache
    counters: dict[str, Any]


def _stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def summary_table(runs: list[Run], *, posts: int, badges: int) -> str:
    baseline = statistics.median(r.paused_load for r in runs)

    def gaps(r: Run) -> float:
        between = [b[0] - a[1] for a, b in zip(r.answers, r.answers[1:], strict=False)]
        return statistics.mean(between) if between else 0.0

    rows: list[tuple[str, Callable[[Run], float], str]] = [
        ("page load, extension paused (baseline)", lambda r: r.paused_load, "1.00×"),
        ("page load, extension on", lambda r: r.load, "ratio"),
        ("navigation → every badge placed", lambda r: r.placed, "ratio"),
        ("navigation → every verdict shown", lambda r: r.done, "ratio"),
        ("navigation → every verdict, all cached", lambda r: r.warm_done, "ratio"),
        ("load event → every verdict shown", lambda r: r.done - r.load, ""),
        ("first service answer → every verdict", lambda r: r.done - r.answers[0][1], ""),
        ("last service answer → every verdict", lambda r: r.done - r.answers[-1][1],
         f"target ≤ {ANSWER_TARGET_MS:.0f} ms"),
        ("one answer → the next batch's request", gaps, "content script, sequential"),
        ("first page read (whole page)", lambda r: r.first_read, ""),
        ("first page read, per post", lambda r: r.first_read / posts,
         f"target < {READ_TARGET_MS_PER_POST} ms"),
        ("first page read, per item (post or comment)", lambda r: r.first_read / badges, ""),
        ("first scan: read + place badges", lambda r: r.first_scan, "one main-thread task"),
        ("first scan, per post", lambda r: r.first_scan / posts, ""),
        ("first scan, per item", lambda r: r.first_scan / badges, ""),
        ("next scan, one post added: read", lambda r: r.later_read, "incremental"),
    ]  # fmt: skip
    lines = [
        f"{posts} posts, {badges} badges, {len(runs)} runs; ms, median [min–max]",
        "",
        "| measure | median | min | max | vs baseline / note |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    single = all(len(r.answers) == 1 for r in runs)
    for label, get, note in rows:
        if single and get is gaps:
            continue  # one batch: nothing waits for a previous answer
        median, low, high = _stats([get(r) for r in runs])
        digits = 3 if median < 1 else 0 if median >= 100 else 1
        if note == "ratio":
            note = f"{median / baseline:.2f}×"
        lines.append(
            f"| {label} | {median:.{digits}f} | {low:.{digits}f} | {high:.{digits}f} | {note} |"
        )
    parts: list[tuple[str, Callable[[Run], float]]] = [
        ("page load", lambda r: r.load),
        ("content script start-up", lambda r: r.placed - r.first_scan - r.load),
        ("first scan", lambda r: r.first_scan),
        ("first batch answered", lambda r: r.answers[0][1] - r.placed),
        ("later batches answered", lambda r: r.answers[-1][1] - r.answers[0][1]),
        ("last answer shown", lambda r: r.done - r.answers[-1][1]),
    ]
    lines += [
        "",
        "Where the time to every verdict goes (medians, ms): "
        + "; ".join(f"{name} {statistics.median(get(r) for r in runs):.0f}" for name, get in parts)
        + ".",
    ]
    worst = max(r.done - r.answers[-1][1] for r in runs)
    per_post = statistics.median(r.first_read / posts for r in runs)
    lines += [
        "",
        f"Every badge within {ANSWER_TARGET_MS:.0f} ms of the last answer: "
        f"{'met' if worst <= ANSWER_TARGET_MS else 'MISSED'} (worst {worst:.0f} ms). "
        f"Page reading under {READ_TARGET_MS_PER_POST} ms per post: "
        f"{'met' if per_post < READ_TARGET_MS_PER_POST else 'MISSED'} (median {per_post:.3f} ms).",
    ]
    return "\n".join(lines)


def _first_line(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except OSError:
        return "?"
    return out.stdout.strip().splitlines()[0] if out.stdout.strip() else "?"


def machine_notes(browser: str | None = None) -> str:
    """The machine, and the browser (Chromium's version unless `browser` says otherwise)."""
    cpu = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = found.group(1).strip() if found else cpu
    memory = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.M)
        memory = f"{int(found.group(1)) / 1024 / 1024:.0f} GB" if found else memory
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{dt.date.today().isoformat()}, {platform.platform()}, {os.cpu_count()} cores ({cpu}), "
        f"{memory} RAM, load average {load:.1f} before the run; "
        f"{browser or _first_line([CHROMIUM, '--version']) + ', headless'}; "
        f"Playwright {version('playwright')}; Node {_first_line(['node', '--version'])}; "
        "service: uvicorn, 1 worker, SQLite, same machine"
    )


def write_docs_section(table: str, notes: str, *, posts: int, runs: int, remark: str = "") -> None:
    """Replace (or add) the "Extension" section of docs/benchmarks.md; leave the rest as it is."""
    body = "\n".join(
        [
            SECTION,
            "",
            "The real extension in Debian's Chromium against the real service, on a synthetic "
            f"logged-in Facebook feed of {posts} posts (2 comments each, 1 ad in 10, a shared post "
            "in 7), served locally. Run: `.venv/bin/python -m bench.extension_feed --posts "
            f"{posts} --runs {runs} --write-docs`. The baseline is the same page with the "
            "extension paused (the page's own load time), measured in the same run. Times come "
            "from the page's clock (a MutationObserver installed before the page's scripts) and "
            "the service worker's request timing; page reading from the extension's own "
            "`ai-optout-read` / `ai-optout-scan` measures (the counters on `<html>`).",
            "",
            f"Measured {notes}.",
            "",
            table,
            "",
            *([remark, ""] if remark else []),
        ]
    )
    text = DOCS.read_text() if DOCS.exists() else ""
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: body + "\n", text, count=1)
    else:
        text = (text.rstrip() + "\n\n" if text.strip() else "") + body
    DOCS.write_text(text.rstrip() + "\n")
