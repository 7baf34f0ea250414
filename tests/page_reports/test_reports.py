""" "This page looks wrong": anyone may send a report (limited per address and in size), it holds
shapes and counts only, and the operator lists reports grouped by rules version and page shape
and exports them in full. A page full of personal data, reported by the extension's own code,
is stored without any of it."""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from api.config import Settings
from api.db import session_scope
from api.page_reports import service
from api.page_reports.models import PageReport
from api.page_reports.schemas import PageReportIn
from tests.support.cli import run_cli

ADMIN_TOKEN = "operator-token-for-tests"
OPERATOR = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
EXTENSION = Path(__file__).resolve().parents[2] / "extension"
PERSONAL_PAGE = EXTENSION / "test" / "fixtures" / "personal-page.html"
PAGE_ADDRESS = "https://www.facebook.com/groups/zorbleton.alumni.1999/permalink/31415926535/"
# Everything personal on that page: names, handles, ids, URLs, text, the photo's address.
PERSONAL = [
    "Jane", "Quillfeather", "Oswin", "Brackenridge", "Marigold", "Featherstonehaugh",
    "Thaddeus", "Wimbleworth", "zorbleton", "100004277123456", "9876543210123", "pfbid",
    "77711122233", "31415926535", "424242", "7700 900123", "Larkspur", "example.org",
    "fbcdn", "4815162342", "marigold_secret_handle", "1717236000", "Reunion", "http",
]  # fmt: skip


@pytest.fixture
def settings(settings: Settings) -> Settings:
    digest = hashlib.sha256(ADMIN_TOKEN.encode()).hexdigest()
    return settings.model_copy(
        update={"admin_token_hash": digest, "page_reports_per_address_per_hour": 5}
    )


def report(**changes: Any) -> dict[str, Any]:
    shape = {
        "t": "body",
        "c": [{"t": "div", "r": "feed", "k": ["role"], "c": [{"t": "a", "h": "post", "x": 1}]}],
    }
    found = {"items": 1, "kinds": {"post": 1}, "audiences": {"public": 1}, "dated": 1}
    return {
        "rules_version": 2026120500,
        "platform": "facebook",
        "path_shape": "/groups/*/",
        "shape": shape,
        "found": found,
    } | changes


def extension_report() -> dict[str, Any]:
    """What the extension's page-shape.js reports for the personal page (tools/page-report.mjs)."""
    node = shutil.which("node")
    assert node, "node is needed: the report is made by the extension's own code"
    made = subprocess.run(
        [node, "tools/page-report.mjs", str(PERSONAL_PAGE), PAGE_ADDRESS],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    answer: dict[str, Any] = json.loads(made.stdout)
    return answer


async def test_a_reported_page_full_of_personal_data_is_stored_without_any_of_it(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    page = PERSONAL_PAGE.read_text(encoding="utf-8")
    assert all(word in page for word in PERSONAL)  # the page does hold them

    sent = await client.post("/v1/page-reports", json=extension_report())

    assert sent.status_code == 202, sent.text
    with session_scope(engine, write=False) as session:
        row = session.exec(select(PageReport)).one()
        stored = json.dumps(row.model_dump(mode="json")).lower()
    assert row.path_shape == "/groups/*/permalink/*/"
    for word in PERSONAL:
        assert word.lower() not in stored, f"{word} was stored"
    assert '"h": "comment"' in json.dumps(json.loads(row.shape))  # the shape is still useful


@pytest.mark.parametrize(
    "spoiled",
    [
        {"shape": {"t": "div", "text": "Jane Doe"}},
        {"shape": {"t": "div", "k": ["data-user-100004277123456"]}},
        {"shape": {"t": "div", "r": "Jane Doe"}},
        {"shape": {"t": "a", "h": "https://www.facebook.com/jane.doe"}},
        {"shape": {"t": "jane.doe"}},
        {"path_shape": "/jane.doe/"},
        {"found": {"items": 1, "audiences": {"Jane Doe": 1}}},
        {"note": "my name is Jane"},
    ],
)
async def test_a_report_with_room_for_anything_but_shapes_is_refused(
    client: httpx.AsyncClient, engine: Engine, spoiled: dict[str, Any]
) -> None:
    sent = await client.post("/v1/page-reports", json=report(**spoiled))

    assert sent.status_code == 422
    with session_scope(engine, write=False) as session:
        assert session.exec(select(PageReport)).first() is None


async def test_a_shape_too_large_or_too_deep_is_refused(client: httpx.AsyncClient) -> None:
    node: dict[str, Any] = {"t": "div"}
    for _ in range(70):
        node = {"t": "div", "c": [node]}
    wide = {"t": "body", "c": [{"t": "p", "k": ["title"]}, {"t": "p"}] * 2600}

    assert (await client.post("/v1/page-reports", json=report(shape=node))).status_code == 422
    assert (await client.post("/v1/page-reports", json=report(shape=wide))).status_code == 422


async def test_reports_are_limited_per_address(client: httpx.AsyncClient) -> None:
    answers = [(await client.post("/v1/page-reports", json=report())).status_code for _ in range(6)]

    assert answers == [202] * 5 + [429]


async def test_the_operator_lists_reports_grouped_by_rules_version_and_shape(
    client: httpx.AsyncClient,
) -> None:
    for sent in (report(), report(), report(rules_version=2026120501), report(path_shape="/")):
        assert (await client.post("/v1/page-reports", json=sent)).status_code == 202

    refused = await client.get("/v1/admin/page-reports")
    listed = await client.get("/v1/admin/page-reports", headers=OPERATOR)
    only = await client.get(
        "/v1/admin/page-reports", headers=OPERATOR, params={"rules_version": 2026120501}
    )

    assert refused.status_code == 401
    groups = listed.json()["groups"]
    first = groups[0]
    assert (first["reports"], first["rules_version"], first["path_shape"]) == (
        2,
        2026120500,
        "/groups/*/",
    )
    assert len(groups) == 3
    assert listed.json()["next_offset"] is None
    assert groups[0]["found"]["kinds"] == {"post": 2}
    assert [g["rules_version"] for g in only.json()["groups"]] == [2026120501]


async def test_the_operator_pages_through_groups_each_summed_over_all_its_reports(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    # Five page shapes reported 5, 4, 3, 2 and 1 times; each report finds one item more.
    paths = ["/groups/*/", "/", "/watch/", "/reel/*/", "/marketplace/"]
    ids: dict[str, list[str]] = {}
    with session_scope(engine, write=True) as session:
        for times, path in zip(range(5, 0, -1), paths, strict=True):
            for n in range(times):
                sent = report(path_shape=path, found={"items": n + 1, "audiences": {"public": 1}})
                row = service.record(session, report=PageReportIn.model_validate(sent))
                ids.setdefault(path, []).append(row.id)

    pages: list[list[dict[str, Any]]] = []
    offset: int | None = 0
    while offset is not None:
        params = {"limit": 2, "offset": offset}
        listed = await client.get("/v1/admin/page-reports", headers=OPERATOR, params=params)
        assert listed.status_code == 200, listed.text
        pages.append(listed.json()["groups"])
        offset = listed.json()["next_offset"]

    assert [len(page) for page in pages] == [2, 2, 1]
    groups = [group for page in pages for group in page]
    assert [(g["path_shape"], g["reports"]) for g in groups] == list(
        zip(paths, range(5, 0, -1), strict=True)
    )
    assert [g["found"]["items"] for g in groups] == [15, 10, 6, 3, 1]
    assert [g["found"]["audiences"] for g in groups] == [{"public": n} for n in range(5, 0, -1)]
    assert all(g["example_id"] in ids[g["path_shape"]] for g in groups)
    assert all(g["first_at"] <= g["last_at"] for g in groups)


@pytest.mark.usefixtures("cli_database")
async def test_the_operator_exports_every_report_in_full(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    await client.post("/v1/page-reports", json=report())
    await client.post("/v1/page-reports", json=report(platform="instagram", path_shape="/*/"))

    out = tmp_path / "reports.jsonl"
    run_cli("page-reports", "export", "--output", str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    listed = run_cli("page-reports", "list")

    assert [line["platform"] for line in lines] == ["facebook", "instagram"]
    assert lines[0]["shape"] == report()["shape"]
    assert "2026120500" in listed and "/groups/*/" in listed
    assert run_cli("page-reports", "list", "--limit", "1").endswith("more: --offset 1\n")
    assert run_cli("page-reports", "export", "--rules-version", "1") == ""
