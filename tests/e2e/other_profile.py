"""Another browser profile with the extension, for "the same record on a second device".

It runs in a thread of its own with its own Playwright: the package's browser holds sync
Playwright's loop in the main thread, and one thread drives only one.
"""

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from playwright.sync_api import Request, Route, sync_playwright

from bench.extension_browser import Extension, launch_extension

T = TypeVar("T")


def only_loopback(extension: Extension, *origins: str) -> None:
    """Let the profile reach only `origins` (loopback services) and the extension's own files."""
    allowed = (*(origin + "/" for origin in origins), f"chrome-extension://{extension.id}/")

    def only_ours(route: Route) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            route.abort()

    extension.context.route("**/*", only_ours)


def in_own_thread(work: Callable[[], T], *, name: str, timeout: float) -> T:
    """Run `work` in a thread of its own (sync Playwright drives one loop per thread); return
    what it returns, raise what it raised, fail if it takes longer than `timeout` seconds."""
    results: list[T] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as error:  # handed to the caller's thread
            failures.append(error)

    worker = threading.Thread(target=run, name=name)
    worker.start()
    worker.join(timeout=timeout)
    assert not worker.is_alive(), f"{name} did not finish in {timeout:.0f} s"
    if failures:
        raise failures[0]
    return results[0]


def in_fresh_profile(
    api_base: str,
    scenario: Callable[[Extension], T],
    *,
    calls: list[tuple[str, str]],
    timeout: float = 120,
) -> T:
    """Run `scenario` in a new profile pointed at `api_base`; only loopback and the extension
    are reachable. Returns what it returns; raises what it raised. Every request the profile
    sends to the service is added to `calls` as (method, path)."""

    def run() -> T:
        with (
            sync_playwright() as playwright,
            tempfile.TemporaryDirectory() as profile,
            launch_extension(playwright, Path(profile), api_base) as extension,
        ):
            only_loopback(extension, api_base)

            def note(request: Request) -> None:
                if request.url.startswith(api_base + "/"):
                    calls.append((request.method, urlsplit(request.url).path))

            extension.context.on("request", note)
            return scenario(extension)

    return in_own_thread(run, name="the other profile", timeout=timeout)
