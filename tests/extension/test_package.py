"""`npm run package` for a live service on loopback: the Chromium zip it builds has the narrowed
hosts and loads in Debian's Chromium, whose service worker starts with the pinned service as its
default, without being told the address (the end-to-end tests set it; this one must not)."""

import json
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from bench.extension_browser import CHROMIUM, LAUNCH_ARGS, chromium_available
from tests.support.databases import migrated_sqlite_template, sqlite_copy
from tests.support.requirements import missing
from tests.support.server import LiveServer, live_server

EXTENSION = Path(__file__).resolve().parents[2] / "extension"
SITES = [
    "https://www.facebook.com/*",
    "https://web.facebook.com/*",
    "https://m.facebook.com/*",
    "https://mbasic.facebook.com/*",
    "https://touch.facebook.com/*",
    "https://www.instagram.com/*",
]

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("package-server")
    return sqlite_copy(migrated_sqlite_template(folder), folder)


@pytest.fixture(scope="module")
def service(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(database_url, tmp_path_factory.mktemp("package-log") / "log") as server:
        yield server


@pytest.fixture(scope="module")
def packages(
    service: LiveServer, database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Run the command once, as an operator would, for the loopback service."""
    node = shutil.which("node")
    if node is None or not (EXTENSION / "node_modules").is_dir():
        missing("node or extension/node_modules is missing", under_ci="CI must build the packages")
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [node, "tools/package.mjs", "--service", service.base_url, "--out", str(out)],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    version = json.loads((EXTENSION / "package.json").read_text())["version"]
    database = database_url.removeprefix("sqlite:///")
    return {"out": out, "version": version, "stdout": run.stdout, "database": database}


def _unzip(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(into)
    return into


def test_both_packages_are_built_and_the_report_names_the_service_settings(
    packages: dict[str, Any], service: LiveServer
) -> None:
    version = packages["version"]
    names = sorted(p.name for p in packages["out"].iterdir())

    assert names == [f"ai-optout-chromium-{version}.zip", f"ai-optout-firefox-{version}.zip"]
    assert "web-ext lint: 0 errors" in packages["stdout"]
    assert "AI_OPTOUT_EXTENSION_IDS=" in packages["stdout"]
    assert service.base_url in packages["stdout"]


def test_the_chromium_manifest_asks_for_the_two_sites_and_the_service_only(
    packages: dict[str, Any], tmp_path: Path
) -> None:
    unpacked = _unzip(packages["out"] / f"ai-optout-chromium-{packages['version']}.zip", tmp_path)
    manifest = json.loads((unpacked / "manifest.json").read_text())

    assert manifest["host_permissions"] == [*SITES, "http://127.0.0.1/*"]
    assert "optional_host_permissions" not in manifest
    assert "key" not in manifest
    assert manifest["permissions"] == ["storage", "identity"]
    assert manifest["version"] == packages["version"]
    assert not any("*://" in h or "://*/" in h for h in manifest["host_permissions"])


def test_the_firefox_package_carries_the_same_pinned_service(
    packages: dict[str, Any], service: LiveServer, tmp_path: Path
) -> None:
    unpacked = _unzip(packages["out"] / f"ai-optout-firefox-{packages['version']}.zip", tmp_path)
    pinned = (unpacked / "src" / "background" / "pinned-service.js").read_text()
    keys = httpx.get(f"{service.base_url}/.well-known/jwks.json").json()["keys"]

    assert f'"apiBase": "{service.base_url}"' in pinned
    assert keys and all(f'"kid": "{key["kid"]}"' in pinned for key in keys)
    gecko = json.loads((unpacked / "manifest.json").read_text())["browser_specific_settings"]
    assert gecko["gecko"]["id"] == "ai-optout@127.0.0.1"


def test_chromium_loads_the_package_and_it_defaults_to_the_pinned_service(
    packages: dict[str, Any], service: LiveServer, tmp_path: Path
) -> None:
    if not chromium_available():
        missing(
            "Debian's chromium is not installed",
            under_ci=f"CI must run the browser tests ({CHROMIUM})",
        )
    unpacked = _unzip(
        packages["out"] / f"ai-optout-chromium-{packages['version']}.zip", tmp_path / "x"
    )
    args = [
        f"--disable-extensions-except={unpacked}",
        f"--load-extension={unpacked}",
        *(
            a
            for a in LAUNCH_ARGS
            if not a.startswith(("--disable-extensions-except", "--load-ext"))
        ),
    ]
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, locale="en-US", args=args
        )
        try:
            workers = context.service_workers
            worker = (
                workers[0] if workers else context.wait_for_event("serviceworker", timeout=15_000)
            )
            extension_id = worker.url.split("/")[2]
            loaded = worker.evaluate("() => chrome.runtime.getManifest().host_permissions")
            stored = worker.evaluate("() => chrome.storage.local.get('apiBase')")

            options = context.new_page()
            options.goto(f"chrome-extension://{extension_id}/options.html")
            expect(options.locator("#api-base")).to_have_value(service.base_url, timeout=15_000)
            # The popup reads the record, which makes the account: on the pinned service.
            popup = context.new_page()
            popup.goto(f"chrome-extension://{extension_id}/popup.html")
            expect(popup.locator("#status")).to_have_attribute(
                "data-state", "ready", timeout=15_000
            )
            account = worker.evaluate("() => chrome.storage.local.get('auth')")["auth"]
        finally:
            context.close()

    assert loaded == [*SITES, "http://127.0.0.1/*"]
    assert stored == {}, "nothing told the extension where its service is"
    assert account["apiBase"] == service.base_url
    with sqlite3.connect(packages["database"]) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM accounts")]
    assert [i.replace("-", "") for i in ids] == [account["accountId"].replace("-", "")]
