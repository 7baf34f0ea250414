"""Page rules update without a release, and "this page looks wrong" exposes no one: a rules
document the operator publishes with the CLI changes how the installed extension reads a page;
a tampered document is refused; the report the browser sends holds none of the page's
personal data."""

import base64
import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete
from sqlmodel import col

from api.config import get_settings
from api.db import make_engine, session_scope
from api.page_rules.models import PageRules
from tests.e2e.flows import wait_for
from tests.e2e.pages import RULES_PAGE, RULES_PAGE_PERSONAL, RULES_PAGE_URL
from tests.e2e.session import BrowserPage, E2ESession, in_both_browsers
from tests.support.cli import run_cli

EXTENSION = Path(__file__).resolve().parents[2] / "extension"


def _bundled_document() -> dict[str, Any]:
    node = shutil.which("node")
    assert node
    script = "import('./src/page/rules-document.js').then((m) => "
    script += "process.stdout.write(JSON.stringify(m.bundledDocument())))"
    out = subprocess.run(
        [node, "-e", script], cwd=EXTENSION, capture_output=True, text=True, check=True
    )
    document: dict[str, Any] = json.loads(out.stdout)
    return document


@pytest.fixture
def publish(
    browser: E2ESession, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Callable[[dict[str, Any]], str]]:
    """`ai-optout page-rules publish FILE` against the service the browser uses."""
    monkeypatch.setenv("AI_OPTOUT_DATABASE_URL", browser.database_url)
    get_settings.cache_clear()

    def run(document: dict[str, Any]) -> str:
        path = tmp_path / f"rules-{document['version']}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        return run_cli("page-rules", "publish", str(path))

    yield run
    get_settings.cache_clear()


def _audiences_shown(browser: E2ESession, page: BrowserPage) -> list[str]:
    return [badge.get("aiOptoutAudience", "") for badge in browser.badges(page)]


def _check_rules_now(browser: E2ESession) -> None:
    """Make the daily check due (as a day passing would), then open the page, which asks for it."""
    cached = browser.extension.storage("pageRules").get("pageRules") or {}
    browser.extension.set_storage({"pageRules": {**cached, "checkedAt": 0}})


@in_both_browsers
def test_a_published_rules_document_changes_the_reading_and_a_tampered_one_is_refused(
    browser: E2ESession, publish: Callable[[dict[str, Any]], str]
) -> None:
    first = browser.open(RULES_PAGE_URL, RULES_PAGE)
    browser.wait_for_badges(first, 1)
    assert _audiences_shown(browser, first) == ["unknown"]

    document = _bundled_document()
    document["version"] += 1
    document["rules"]["AUDIENCE_WORDS"] = [
        [value, [*words, "zorblic"] if value == "public" else words]
        for value, words in document["rules"]["AUDIENCE_WORDS"]
    ]
    assert publish(document).startswith(f"page rules version {document['version']} published")

    _check_rules_now(browser)
    page = browser.open(RULES_PAGE_URL, RULES_PAGE)
    wait_for(lambda: _audiences_shown(browser, page) == ["public"], "the new rules' reading")
    browser.wait_for_badges(page, 1)
    stored = browser.extension.storage("pageRules")["pageRules"]
    assert stored["version"] == document["version"]

    # The service's answer, tampered with on the way: a higher version, the old signature.
    signed = browser.api.get("/v1/page-rules").text
    head, payload, signature = signed.split(".")
    worse = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    worse["version"] += 5
    worse["rules"]["AUDIENCE_WORDS"] = _bundled_document()["rules"]["AUDIENCE_WORDS"]
    forged = base64.urlsafe_b64encode(json.dumps(worse).encode()).decode().rstrip("=")
    tampered = f"{head}.{forged}.{signature}"

    # The service's store tampered with (as a man in the middle would): it now serves the forgery.
    engine = make_engine(browser.database_url)
    with session_scope(engine) as session:
        session.add(PageRules(version=worse["version"], document="{}", signed=tampered, kid="x"))
    try:
        _check_rules_now(browser)
        page = browser.open(RULES_PAGE_URL, RULES_PAGE)
        wait_for(
            lambda: browser.extension.storage("pageRules")["pageRules"].get("refused"),
            "the tampered document to be refused",
        )
    finally:
        with session_scope(engine) as session:
            session.execute(delete(PageRules).where(col(PageRules.version) == worse["version"]))
        engine.dispose()
    stored = browser.extension.storage("pageRules")["pageRules"]
    assert stored["refused"] == "bad signature"
    assert stored["version"] == document["version"]
    browser.wait_for_badges(page, 1)
    assert _audiences_shown(browser, page) == ["public"], "still read with the signed version"


@in_both_browsers
def test_the_page_report_the_browser_sends_holds_no_personal_data(browser: E2ESession) -> None:
    page = browser.open(RULES_PAGE_URL, RULES_PAGE)
    browser.wait_for_badges(page, 1)
    since = len(browser.requests)

    # What the popup's "This page looks wrong" does: ask the page's content script for a report.
    popup = browser.open_extension_page("popup.html")
    answer = popup.evaluate(
        """async (url) => {
          // Firefox names the tab an extension page is shown in as the message's sender, and the
          // content script answers no tab (the real popup is in none): there the background asks.
          const firefox = location.protocol === "moz-extension:";
          const api = firefox ? (await chrome.runtime.getBackgroundPage()).chrome : chrome;
          const [tab] = await api.tabs.query({ url });
          return api.tabs.sendMessage(tab.id, { type: "reportPage" });
        }""",
        RULES_PAGE_URL,
    )

    assert answer["ok"] is True, answer
    sent = wait_for(
        lambda: [r for r in browser.requests[since:] if r.path == "/v1/page-reports"],
        "the report",
    )
    assert len(sent) == 1 and sent[0].from_worker and sent[0].origin == browser.api_base
    assert "authorization" not in sent[0].headers, "a report is tied to no account"
    body = sent[0].body
    for secret in RULES_PAGE_PERSONAL:
        assert secret.lower() not in body.lower(), f"{secret} was sent"
    report = json.loads(body)
    assert report["path_shape"] == "/groups/*/"
    assert report["found"]["items"] == 1
    listed = browser.api.get(
        "/v1/admin/page-reports", headers={"Authorization": "Bearer x"}
    ).status_code
    assert listed == 401
