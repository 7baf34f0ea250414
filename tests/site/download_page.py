"""Helpers for the data-download page's browser tests: the exports they pick (the real Instagram
sample, read in place; synthetic Facebook exports built by the reader's own Node builders), the
page opened with every request recorded, and what it shows read back as plain data."""

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Request, Route

from tests.support.requirements import missing

SITE = Path(__file__).resolve().parents[2] / "api" / "site"
# Read in place from shared/, beside the repository (never copied into it).
SAMPLE = SITE.parents[2] / "shared/fixtures/real/exports/instagram-anonymised-2025.zip"
WORDS = SITE / "static" / "i18n" / "download"


# Builds facebook2024() with the reader tests' builders, writes its ZIP, prints the export's text.
_BUILD_FACEBOOK = """
import { writeFileSync } from 'node:fs';
import { zipOf } from './test/helpers/build.js';
import { FACEBOOK_TEXT, facebook2024 } from './test/helpers/facebook.js';
const blob = await zipOf(facebook2024());
writeFileSync(process.argv[1], Buffer.from(await blob.arrayBuffer()));
console.log(JSON.stringify(FACEBOOK_TEXT));
"""


def sample_export() -> Path:
    if not SAMPLE.is_file():
        missing(
            "the Instagram sample export is not here",
            under_ci=f"CI has ../shared beside the project ({SAMPLE})",
        )
    return SAMPLE


def facebook_export(directory: Path) -> tuple[Path, list[str]]:
    """The synthetic 2024+ Facebook export as a ZIP, and the text it holds (which must not leak)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the synthetic export is built with the reader's builders")
    path = directory / "facebook-2024.zip"
    run = subprocess.run(
        [node, "--input-type=module", "-e", _BUILD_FACEBOOK, str(path)],
        cwd=SITE,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    text: list[str] = json.loads(run.stdout)
    return path, text


def zip_of(path: Path, files: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def words(language: str = "en") -> dict[str, str]:
    found: dict[str, str] = json.loads((WORDS / f"{language}.json").read_text())
    return found


def open_page(
    browser: Browser, base_url: str, sent: list[Request], *, locale: str = "en-GB", **device: Any
) -> Page:
    """/download in a fresh page, UTC clock; requests to the service recorded, others aborted."""
    page = browser.new_page(locale=locale, timezone_id="UTC", **device)

    def only_the_service(route: Route, request: Request) -> None:
        if request.url.startswith(base_url):
            sent.append(request)
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_the_service)
    page.goto(base_url + "/download")
    page.wait_for_function("() => document.body.dataset.state === 'empty'")
    return page


def pick(page: Page, path: Path, *, done: str = "read,error") -> None:
    page.set_input_files("#zip-input", str(path))
    states = json.dumps(done.split(","))
    page.wait_for_function(f"() => {states}.includes(document.body.dataset.state)")


def answer(page: Page, *, country: str = "DE", age: str = "adult") -> None:
    page.select_option("#country", country)
    page.check(f"input[name=age][value={age}]")
    page.click("#answers-form button[type=submit]")
    page.wait_for_function("() => document.body.dataset.state === 'reported'", timeout=30_000)


def table(page: Page, container: str) -> dict[str, dict[str, str]]:
    """A report table as {row label: {column label: cell}}."""
    rows: list[list[str]] = page.eval_on_selector(
        f"{container} table",
        "t => [...t.rows].map(r => [...r.cells].map(c => c.textContent.trim()))",
    )
    head, *body = rows
    return {row[0]: dict(zip(head[1:], row[1:], strict=True)) for row in body}


def counts_by_year(page: Page) -> dict[str, dict[str, int]]:
    """The read counts table as {year: {kind word: n}}, zeros and the total column left out."""
    total = words()["totalRow"]
    return {
        year: {kind: int(n) for kind, n in row.items() if kind != total and n != "0"}
        for year, row in table(page, "#counts").items()
        if year != total
    }


def explain_bodies(sent: list[Request]) -> list[dict[str, Any]]:
    return [
        json.loads(request.post_data or "{}")
        for request in sent
        if request.url.endswith("/v1/explain")
    ]
