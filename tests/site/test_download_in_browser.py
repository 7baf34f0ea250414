"""The "Your data download" page in Debian's Chromium, phone first: Meta's export is read on the
device, the report gives the right counts by year and kind and the service's own answers, only
the facts leave the page, bad input says what was wrong, cancelling stops the reading, and
axe-core finds nothing serious in any state."""

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Request

from tests.site.browser import DESKTOP, PHONE, serious
from tests.site.download_page import (
    answer,
    counts_by_year,
    explain_bodies,
    facebook_export,
    open_page,
    pick,
    sample_export,
    table,
    words,
    zip_of,
)
from tests.support.server import LiveServer

ITEM_FACTS = {"id", "platform", "kind", "audience", "created_at", "author", "author_age"}
BODY_FIELDS = {"region", "as_of", "objection", "items"}
EN = words()
SERIES = {
    "included": "seriesIncluded",
    "excluded": "seriesExcluded",
    "uncertain": "seriesUncertain",
}


def _only_facts_were_sent(sent: list[Request], secrets: list[str]) -> list[dict[str, Any]]:
    """Every request: GETs of the page's own files, POSTs of facts only; no secret anywhere."""
    for request in sent:
        everything = request.url + (request.post_data or "")
        for secret in secrets:
            assert secret not in everything, f"{secret!r} left the page in {request.url}"
        if request.method != "GET":
            assert request.url.endswith("/v1/explain"), request.url
    bodies = explain_bodies(sent)
    for body in bodies:
        assert set(body) <= BODY_FIELDS
        for item in body["items"]:
            assert set(item) <= ITEM_FACTS
            assert item["author"] == "self" and item["id"].replace("-", "").isdigit()
    return bodies


def _expected_verdicts(base_url: str, bodies: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """The service's own answers to the page's bodies, by year (each item's facts are distinct)."""
    by_year: dict[str, Counter[str]] = defaultdict(Counter)
    for body in bodies:
        results = httpx.post(f"{base_url}/v1/explain", json=body).json()["results"]
        for item, result in zip(body["items"], results, strict=True):
            year = item["created_at"][:4] if item.get("created_at") else EN["yearUnknown"]
            by_year[year][result["verdict"]] += 1
    return by_year


def _shown_verdicts(page: Page) -> dict[str, Counter[str]]:
    shown = table(page, "#verdict-body")
    return {
        year: Counter(
            {verdict: int(row[EN[key]]) for verdict, key in SERIES.items() if EN[key] in row}
        )
        for year, row in shown.items()
        if year != EN["totalRow"]
    }


def test_the_instagram_sample_gives_its_report_on_a_phone(
    browser: Browser, server: LiveServer
) -> None:
    export = sample_export()
    sent: list[Request] = []
    page = open_page(browser, server.base_url, sent, **PHONE)
    assert serious(page) == []

    pick(page, export)

    assert counts_by_year(page) == {
        "2017": {EN["kindProfilePhoto"]: 1},
        "2024": {EN["kindPost"]: 1, EN["kindStory"]: 4, EN["kindComment"]: 1},
        "2025": {EN["kindComment"]: 1},
        EN["yearUnknown"]: {EN["kindComment"]: 1},
    }
    assert page.is_hidden("#audience-facebook-field")
    assert page.input_value("#audience-instagram") == "followers", "the export says: private"
    problems = page.text_content("#read-problems") or ""
    assert EN["problemDatesOutOfRange"].replace("{count}", "1") in problems, "the 1970 comment"
    assert not explain_bodies(sent), "nothing is sent before the person answers"
    assert serious(page) == []

    answer(page)

    bodies = _only_facts_were_sent(sent, ["fake_username", "blabla", "instagram-anonymised"])
    items = [item for body in bodies for item in body["items"]]
    assert len(items) == 9 and {body["region"] for body in bodies} == {"DE"}
    assert {item["audience"] for item in items if item["kind"] != "comment"} == {"followers"}
    assert {item["audience"] for item in items if item["kind"] == "comment"} == {"unknown"}
    assert _shown_verdicts(page) == _expected_verdicts(server.base_url, bodies)
    assert page.locator("#verdict-body svg[role=img] title").count() == 1
    assert page.locator("#verdict-body svg desc").text_content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling"
    assert serious(page) == []


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_synthetic_facebook_export_gives_its_counts_and_only_facts_leave(
    browser: Browser, server: LiveServer, tmp_path: Path, device: dict[str, Any]
) -> None:
    export, text = facebook_export(tmp_path)
    sent: list[Request] = []
    page = open_page(browser, server.base_url, sent, **device)

    pick(page, export)
    page.select_option("#audience-facebook", "friends")
    answer(page, country="FR", age="unknown")

    assert counts_by_year(page) == {
        "2018": {EN["kindComment"]: 1},
        "2019": {EN["kindPost"]: 2},
        "2020": {EN["kindPhoto"]: 1},
        "2021": {EN["kindPhoto"]: 1},
        "2022": {EN["kindVideo"]: 1},
        "2023": {EN["kindPhoto"]: 1},
        "2024": {EN["kindComment"]: 1},
        EN["yearUnknown"]: {EN["kindPost"]: 1},
    }
    bodies = _only_facts_were_sent(sent, [*text, "facebook-2024", "your_posts", ".jpg", ".mp4"])
    items = [item for body in bodies for item in body["items"]]
    assert sorted(item["kind"] for item in items) == sorted(
        ["comment", "comment", "post", "post", "post", "photo", "photo", "photo", "video"]
    )
    assert {item["audience"] for item in items if item["kind"] != "comment"} == {"friends"}
    assert {item["author_age"] for item in items} == {"unknown"}
    assert _shown_verdicts(page) == _expected_verdicts(server.base_url, bodies)
    assert page.is_visible("#print")
    assert serious(page) == []


def _bad_inputs(directory: Path, facebook: Path) -> list[tuple[str, Path, str]]:
    whole = facebook.read_bytes()
    cut = directory / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    empty = directory / "empty.zip"
    empty.write_bytes(b"")
    photo = directory / "photo.zip"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    takeout = zip_of(directory / "takeout.zip", {"Takeout/archive_browser.html": "<html></html>"})
    return [
        ("empty", empty, "fatalEmptyFile"),
        ("not a zip", photo, "fatalNotAZip"),
        ("truncated", cut, "fatalTruncatedZip"),
        ("another service", takeout, "fatalOtherService"),
    ]


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_bad_input_says_what_was_wrong_and_sends_nothing(
    browser: Browser, server: LiveServer, tmp_path: Path, device: dict[str, Any]
) -> None:
    facebook, _ = facebook_export(tmp_path)
    sent: list[Request] = []
    page = open_page(browser, server.base_url, sent, **device)

    for name, path, key in _bad_inputs(tmp_path, facebook):
        pick(page, path, done="error")
        assert page.text_content("#read-error .error") == EN[key], name
        assert page.is_visible("#read-error"), name
        assert serious(page) == [], name

    broken = zip_of(
        tmp_path / "broken.zip",
        {
            "your_facebook_activity/comments_and_reactions/comments.json": "{not json",
            "your_facebook_activity/posts/your_posts_1.json": json.dumps(
                [{"timestamp": 1_600_000_000}, {"timestamp": 4_000_000_000}]
            ),
        },
    )
    pick(page, broken, done="read")
    problems = page.text_content("#read-problems") or ""
    assert EN["problemJsonUnparsable"].replace("{count}", "1") in problems
    assert EN["problemDatesOutOfRange"].replace("{count}", "1") in problems
    assert counts_by_year(page) == {
        "2020": {EN["kindPost"]: 1},
        EN["yearUnknown"]: {EN["kindPost"]: 1},
    }
    assert not [request for request in sent if "/v1/" in request.url]


def test_the_message_is_in_the_persons_language(
    browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    sent: list[Request] = []
    page = open_page(browser, server.base_url, sent, locale="de-DE", **PHONE)
    empty = tmp_path / "leer.zip"
    empty.write_bytes(b"")

    pick(page, empty, done="error")

    assert page.text_content("#read-error .error") == words("de")["fatalEmptyFile"]


def test_cancel_stops_the_reading_and_the_page_reads_the_next_pick(
    browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    # Many files, so reading takes long enough to be cancelled between two of them.
    posts = json.dumps(
        [{"timestamp": 1_600_000_000 + i, "data": [{"post": "x" * 40}]} for i in range(20_000)]
    )
    big = zip_of(
        tmp_path / "big.zip",
        {f"your_facebook_activity/posts/your_posts_{n}.json": posts for n in range(1, 121)},
    )
    sent: list[Request] = []
    page = open_page(browser, server.base_url, sent, **PHONE)

    page.set_input_files("#zip-input", str(big))
    page.click("#cancel")
    page.wait_for_function("() => document.body.dataset.state === 'cancelled'")

    assert page.text_content("#read-error .error") == EN["fatalAborted"]
    assert page.is_hidden("#progress")
    assert not [request for request in sent if "/v1/" in request.url]
    facebook, _ = facebook_export(tmp_path)
    pick(page, facebook, done="read")
    assert page.is_hidden("#read-error")
