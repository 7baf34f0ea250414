"""Page rules as signed data: the operator publishes a document with one command, the service
serves it as a compact JWS anyone can verify with the published key set, and nothing older,
malformed or code-like is ever published."""

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from joserfc import jws
from joserfc.jwk import KeySet

from api.cli import app as cli
from tests.support.cli import run_cli, runner

pytestmark = pytest.mark.usefixtures("cli_database")


def document(version: int, **rules: Any) -> dict[str, Any]:
    return {
        "version": version,
        "issued_at": "2026-12-05T06:00:00Z",
        "rules": rules
        or {
            "SPONSORED_LABELS": ["Sponsored", "Gesponsert"],
            "IG": {"postLink": {"re": r"^/(p|reel)/([A-Za-z0-9_-]{5,})/?$", "flags": ""}},
        },
    }


def write(tmp_path: Path, value: Any, name: str = "rules.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


async def test_nothing_is_served_until_the_operator_publishes(client: httpx.AsyncClient) -> None:
    answer = await client.get("/v1/page-rules")

    assert answer.status_code == 404
    assert answer.json()["type"].endswith(":no-page-rules")
    assert "nothing published" in run_cli("page-rules", "show")


async def test_a_published_document_is_served_signed_and_verifies_with_the_key_set(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    said = run_cli("page-rules", "publish", write(tmp_path, document(7)))

    answer = await client.get("/v1/page-rules")
    keys = KeySet.import_key_set((await client.get("/.well-known/jwks.json")).json())
    token = jws.deserialize_compact(answer.text, keys, algorithms=["Ed25519"])

    assert said.startswith("page rules version 7 published")
    assert answer.headers["content-type"] == "application/jose"
    assert "public" in answer.headers["cache-control"]
    assert token.headers()["typ"] == "page-rules+json"
    assert json.loads(token.payload) == document(7)
    assert run_cli("page-rules", "show").startswith("version 7, published")


async def test_a_cache_holding_the_current_version_is_answered_not_modified(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    run_cli("page-rules", "publish", write(tmp_path, document(7)))
    first = await client.get("/v1/page-rules")
    etag = first.headers["etag"]

    same = await client.get("/v1/page-rules", headers={"If-None-Match": f'"x", W/{etag}'})
    other = await client.get("/v1/page-rules", headers={"If-None-Match": '"6.other"'})
    star = await client.get("/v1/page-rules", headers={"If-None-Match": "*"})
    not_a_list = await client.get("/v1/page-rules", headers={"If-None-Match": f"{etag}, *"})

    assert same.status_code == 304
    assert same.content == b""
    assert same.headers["etag"] == etag
    assert same.headers["cache-control"] == first.headers["cache-control"]
    assert other.status_code == 200
    assert other.text == first.text
    assert (star.status_code, not_a_list.status_code) == (304, 200)


async def test_the_newest_version_is_served_and_an_older_or_equal_one_is_refused(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    run_cli("page-rules", "publish", write(tmp_path, document(2)))
    run_cli("page-rules", "publish", write(tmp_path, document(3, SPONSORED_LABELS=["Ad"])))

    for stale in (3, 1):
        refused = runner.invoke(cli, ["page-rules", "publish", write(tmp_path, document(stale))])
        assert refused.exit_code == 1
        assert f"Version {stale} is not higher than the published 3" in refused.output

    served = jws.extract_compact((await client.get("/v1/page-rules")).content)
    assert json.loads(served.payload)["rules"] == {"SPONSORED_LABELS": ["Ad"]}


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ({"issued_at": "2026-12-05T06:00:00Z", "rules": {"A": []}}, "version: Field required"),
        ({**document(1), "code": "alert(1)"}, "code: Extra inputs are not permitted"),
        (document(0), "version: Input should be greater than or equal to 1"),
        ({**document(1), "issued_at": "2026-12-05T06:00:00"}, "issued_at"),
        (document(1, FB={"commentId": {"re": "x", "flags": "q"}}), "flags must be some of"),
        (document(1, **{"not a name": []}), "is not an identifier"),
        (document(1, A="x" * 2001), "a string longer than 2000"),
    ],
)
def test_a_document_that_does_not_fit_the_schema_is_refused_in_one_line(
    tmp_path: Path, value: Any, said: str
) -> None:
    refused = runner.invoke(cli, ["page-rules", "publish", write(tmp_path, value)])

    assert refused.exit_code == 1
    assert said in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    assert "nothing published" in run_cli("page-rules", "show")


@pytest.mark.parametrize(
    "regexp",
    [{"re": r"\p{L}+", "flags": "u"}, {"re": r"^/(?<year>\d{4})/$", "flags": ""}],
)
def test_a_javascript_pattern_python_reads_differently_is_published(
    tmp_path: Path, regexp: dict[str, str]
) -> None:
    """The extension compiles the patterns (and refuses a document whose pattern fails), so a
    source that is valid JavaScript but not Python is not refused here."""
    said = run_cli("page-rules", "publish", write(tmp_path, document(1, FB={"label": regexp})))

    assert said.startswith("page rules version 1 published")


def test_a_file_that_is_not_json_or_not_there_is_said_so(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")

    broken = runner.invoke(cli, ["page-rules", "publish", str(tmp_path / "broken.json")])
    missing = runner.invoke(cli, ["page-rules", "publish", str(tmp_path / "none.json")])

    assert broken.exit_code == missing.exit_code == 1
    assert "is not a page-rules document" in broken.output
    assert "cannot read" in missing.output
