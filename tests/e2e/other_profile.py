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
    results: list[T] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with (
                sync_playwright() as playwright,
                tempfile.TemporaryDirectory() as profile,
                launch_extension(playwright, Path(profile), api_base) as extension,
            ):
                allowed = (api_base + "/", f"chrome-extension://{extension.id}/")

                def only_ours(route: Route) -> None:
                    if route.request.url.startswith(allowed):
                        route.continue_()
                    else:
                        route.abort()

                extension.context.route("**/*", only_ours)

                def note(request: Request) -> None:
                    if request.url.startswith(api_base + "/"):
                        calls.append((request.method, urlsplit(request.url).path))

                extension.context.on("request", note)
                results.append(scenario(extension))
        except BaseException as error:  # handed to the test's own thread
            failures.append(error)

    worker = threading.Thread(target=run, name="other-profile")
    worker.start()
    worker.join(timeout=timeout)
    assert not worker.is_alive(), f"the other profile did not finish in {timeout:.0f} s"
    if failures:
        raise failures[0]
    return results[0]
