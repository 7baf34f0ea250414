"""The real extension in Debian's Chromium (and, for tests marked `in_both_browsers`, in Debian's
Firefox ESR too), against the real service on a loopback port.

Pages are served at their facebook.com / instagram.com addresses from local fixtures; every other
request is aborted, so nothing leaves the machine, and every request the browser makes (the service
worker's included) is recorded for the privacy test. Without the browser these tests skip locally
and fail under CI. One browser and one service per browser serve this package: tests reset what
they change.
Package scope, not session: sync Playwright keeps its event loop running in the main thread, which
breaks every pytest-asyncio test collected after this package while the browser is still open.
"""

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Request, Route, sync_playwright

from bench.extension_browser import CHROMIUM, chromium_available, launch_extension
from tests.e2e.firefox import FirefoxBrowser, fresh_firefox, require_firefox
from tests.e2e.session import E2EBrowser, E2ESession, Sent
from tests.support.databases import migrated_sqlite_template, sqlite_copy
from tests.support.requirements import missing
from tests.support.server import LiveServer, live_server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder `e2e` (`-m "not e2e"` leaves the browser out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


def _require_chromium() -> None:
    if chromium_available():
        return
    missing(
        "Debian's chromium (or node) is not installed",
        under_ci=f"CI must run the end-to-end tests ({CHROMIUM})",
    )


@pytest.fixture
def chromium() -> None:
    """For a test that launches browsers of its own: Debian's Chromium must be there."""
    _require_chromium()


@pytest.fixture(scope="package")
def e2e_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e-server")


@pytest.fixture(scope="package")
def e2e_database_url(e2e_folder: Path) -> str:
    return sqlite_copy(migrated_sqlite_template(e2e_folder), e2e_folder)


@pytest.fixture(scope="package")
def e2e_server(e2e_folder: Path, e2e_database_url: str) -> Iterator[LiveServer]:
    with live_server(e2e_database_url, e2e_folder / "server.log") as server:
        yield server


@pytest.fixture(scope="package")
def browser_session(e2e_server: LiveServer, e2e_database_url: str) -> Iterator[E2EBrowser]:
    _require_chromium()
    with (
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory() as profile,
        launch_extension(playwright, Path(profile), e2e_server.base_url) as extension,
    ):
        state = E2EBrowser(extension, e2e_server, database_url=e2e_database_url)
        allowed = (e2e_server.base_url + "/", f"chrome-extension://{extension.id}/")

        def only_ours(route: Route) -> None:
            # Nothing may reach the internet: the service and the extension's files only.
            if route.request.url.startswith(allowed):
                route.continue_()
            else:
                route.abort()

        def record(request: Request) -> None:
            state.requests.append(Sent.of(request, test=state.current_test))

        extension.context.on("request", record)
        extension.context.route("**/*", only_ours)
        yield state
        state.api.close()


@pytest.fixture(scope="package")
def firefox_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FirefoxBrowser]:
    """Firefox ESR with the extension, and a service of its own (so its log holds only Firefox's
    calls). The service starts first: on a busy machine it needs the cores to be ready in time."""
    require_firefox()
    folder = tmp_path_factory.mktemp("e2e-firefox")
    database_url = sqlite_copy(migrated_sqlite_template(folder), folder)
    with (
        live_server(database_url, folder / "server.log") as server,
        fresh_firefox(server, database_url) as state,
    ):
        yield state


@pytest.fixture
def browser_name() -> str:
    """Chromium; `in_both_browsers` (tests/e2e/session.py) parametrises it over Firefox too."""
    return "chromium"


@pytest.fixture
def browser(browser_name: str, request: pytest.FixtureRequest) -> Iterator[E2ESession]:
    """The session's browser; pages and routes a test opens are closed after it, and the
    extension must log no error of its own meanwhile."""
    if browser_name == "firefox":
        yield from _firefox_test(request.getfixturevalue("firefox_session"), request)
        return
    state: E2EBrowser = request.getfixturevalue("browser_session")
    state.current_test = request.node.nodeid
    errors: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        where = message.location.get("url", "") if message.location else ""
        ours = where.startswith("chrome-extension://") or "AI Opt-Out" in message.text
        if ours and message.type in {"error", "warning"}:
            errors.append(f"{message.type}: {message.text} ({where})")

    state.extension.context.on("console", watch)
    yield state
    state.extension.context.remove_listener("console", watch)
    state.close_pages()
    assert errors == [], "the extension logged errors"


def _firefox_test(state: FirefoxBrowser, request: pytest.FixtureRequest) -> Iterator[E2ESession]:
    state.current_test = request.node.nodeid
    state.extension_errors()  # only this test's
    yield state
    errors = state.extension_errors()
    state.close_pages()
    assert errors == [], "the extension logged errors"
