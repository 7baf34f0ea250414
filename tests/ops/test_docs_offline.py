"""The API docs work on a machine without internet: nothing is loaded from anywhere else."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import ConsoleMessage, Request, Route, sync_playwright

from bench.extension_browser import CHROMIUM
from tests.support.databases import migrated_sqlite_template, sqlite_copy
from tests.support.requirements import missing
from tests.support.server import live_server

_REFERENCE = re.compile(r"""(?:src|href)=["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_pages_name_only_their_own_assets(
    client: httpx.AsyncClient, page: str
) -> None:
    response = await client.get(page)

    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    scripts = policy.split("script-src")[1].split(";")[0]
    assert "http" not in policy and "'unsafe-inline'" not in scripts
    references = _REFERENCE.findall(response.text)
    assert references, "the page loads no script at all"
    for reference in references:
        assert not urlsplit(reference).netloc, f"{page} loads {reference} from another host"
        asset = await client.get(reference)
        assert asset.status_code == 200, reference
        assert int(asset.headers["content-length"]) > 0, reference


def _require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    missing(
        "Debian's chromium is not installed",
        under_ci=f"CI must check the docs in a browser ({CHROMIUM})",
    )


def test_swagger_ui_and_redoc_render_every_operation_with_the_network_cut_off(
    tmp_path: Path,
) -> None:
    _require_chromium()
    database_url = sqlite_copy(migrated_sqlite_template(tmp_path), tmp_path)
    with live_server(database_url, tmp_path / "server.log") as server:
        document = httpx.get(f"{server.base_url}/openapi.json").json()
        operations = sum(len(item) for item in document["paths"].values())
        blocked: list[str] = []
        refused: list[str] = []

        def only_the_service(route: Route, request: Request) -> None:
            if request.url.startswith(server.base_url):
                route.continue_()
            else:  # what would fail on a machine without internet
                blocked.append(request.url)
                route.abort()

        def note_refusals(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                refused.append(message.text)

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"]
            )
            try:
                page = browser.new_page()
                page.route("**/*", only_the_service)
                page.on("console", note_refusals)

                page.goto(f"{server.base_url}/docs")
                page.wait_for_selector(".opblock", timeout=30_000)
                shown = page.locator(".opblock").count()

                page.goto(f"{server.base_url}/redoc")
                page.wait_for_selector("[data-section-id^='tag/']", timeout=30_000)
                redoc_operations = page.locator("[data-section-id*='/operation/']").count()
            finally:
                browser.close()

    assert blocked == []
    # ReDoc asks for its maker's logo from a CDN, which the policy refuses and ReDoc then hides
    # (it falls back when offline). Nothing else, and nothing the pages need, may be refused.
    assert all(message.startswith("Loading the image") for message in refused), refused
    assert shown == operations
    assert redoc_operations >= operations
