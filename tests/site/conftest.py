"""The web page's browser tests: one live service per test module, Debian's Chromium per test."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from bench.extension_browser import CHROMIUM
from tests.support.databases import migrated_sqlite_template, sqlite_copy
from tests.support.requirements import missing
from tests.support.server import LiveServer, live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    if not Path(CHROMIUM).exists():
        missing(
            "Debian's chromium is not installed",
            under_ci=f"CI must check the web page in a browser ({CHROMIUM})",
        )
    directory = tmp_path_factory.mktemp("site")
    database_url = sqlite_copy(migrated_sqlite_template(directory), directory)
    with live_server(database_url, directory / "server.log") as live:
        yield live


@pytest.fixture
def browser() -> Iterator[Browser]:
    # Opened and closed within each test: sync Playwright holds the main thread's event loop.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
        )
        try:
            yield launched
        finally:
            launched.close()
