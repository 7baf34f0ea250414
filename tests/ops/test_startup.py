"""The service explains itself: `serve` stays up on a database that is unreachable or not
migrated, `/healthz` answers, `/readyz` says why it is not ready and what fixes it, the data
routes answer 503, and it recovers by itself once the database is fixed. Its banner says where
it answers, where the docs and the web page are, where the data lives and the migrations' state.
"""

import asyncio
import json
import re
import sqlite3
import time
from pathlib import Path

import httpx

from api.config import Settings
from api.main import create_app
from api.ops.migrations import head_revision, upgrade
from api.ops.startup import Startup
from tests.cli.helpers import Serving, run_cli, serving
from tests.support.databases import fresh_postgres_database
from tests.support.settings import for_tests

UNREACHABLE = "postgresql://optout:s3cret-pw@127.0.0.1:9/nothing"
PROBLEM = "application/problem+json"


def _assert_data_routes_wait(base_url: str) -> None:
    sign_up = httpx.post(f"{base_url}/v1/accounts", timeout=5)
    keys = httpx.get(f"{base_url}/.well-known/jwks.json", timeout=5)
    for answer in (sign_up, keys):
        assert answer.status_code == 503, answer.text
        assert answer.headers["content-type"] == PROBLEM
        assert answer.headers["retry-after"]
        assert answer.json()["type"] == "urn:ai-optout:problem:not-ready"


def _ready_within(base_url: str, seconds: float) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        answer = httpx.get(f"{base_url}/readyz", timeout=10)
        if answer.status_code == 200 or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def _banner(server: Serving) -> dict[str, str]:
    lines = server.stdout().splitlines()
    assert lines[0].startswith("AI Opt-Out 0.1.0 on "), server.stdout()
    fields = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in lines[1:])
    return {"address": lines[0].removeprefix("AI Opt-Out 0.1.0 on "), **fields}


def test_an_unreachable_database_leaves_the_service_up_saying_what_to_check(
    tmp_path: Path,
) -> None:
    with serving({"AI_OPTOUT_DATABASE_URL": UNREACHABLE}, tmp_path, cwd=tmp_path) as server:
        health = httpx.get(f"{server.base_url}/healthz", timeout=5)
        ready = httpx.get(f"{server.base_url}/readyz", timeout=10)
        _assert_data_routes_wait(server.base_url)
        banner = _banner(server)
        alive = server.process.poll() is None

    assert health.status_code == 200
    assert ready.status_code == 503
    assert ready.headers["content-type"] == PROBLEM
    checks = ready.json()["checks"]
    assert checks["database"].startswith(
        "the database is unreachable: check AI_OPTOUT_DATABASE_URL"
    )
    assert checks["startup"].startswith("waiting ")
    assert "AI_OPTOUT_DATABASE_URL" in ready.json()["detail"]
    assert alive
    assert banner["address"] == server.base_url
    assert banner["database"] == "postgresql://optout:***@127.0.0.1:9/nothing"
    assert banner["data"] == "PostgreSQL database nothing on 127.0.0.1:9"
    assert banner["migrations"].startswith("unknown: cannot reach the database")
    assert "s3cret-pw" not in server.stdout() + server.stderr()
    assert "Traceback" not in server.stderr()
    logged = [json.loads(line) for line in server.stderr().splitlines() if line.startswith("{")]
    held_back = [entry for entry in logged if entry.get("method") == "POST"]
    assert [(e["status"], e["problem"], e["error_type"]) for e in held_back] == [
        (503, "not-ready", "NotStarted")
    ]


def test_an_unmigrated_postgresql_database_is_explained_and_recovered_from_by_migrating(
    tmp_path: Path,
) -> None:
    with (
        fresh_postgres_database(migrate=False) as url,
        serving({"AI_OPTOUT_DATABASE_URL": url}, tmp_path, cwd=tmp_path) as server,
    ):
        health = httpx.get(f"{server.base_url}/healthz", timeout=5)
        not_ready = httpx.get(f"{server.base_url}/readyz", timeout=10)
        _assert_data_routes_wait(server.base_url)
        migrated = run_cli("migrate", cwd=tmp_path, settings={"AI_OPTOUT_DATABASE_URL": url})
        ready = _ready_within(server.base_url, 15)
        sign_up = httpx.post(f"{server.base_url}/v1/accounts", timeout=10)
        keys = httpx.get(f"{server.base_url}/.well-known/jwks.json", timeout=5)
        banner = _banner(server)

    assert health.status_code == 200
    assert not_ready.status_code == 503
    checks = not_ready.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["migrations"].startswith("the database is not migrated (no tables yet)")
    assert "run `ai-optout migrate`" in checks["migrations"]
    assert banner["migrations"] == "not migrated (no tables yet): run `ai-optout migrate`"
    assert migrated.returncode == 0, migrated.stderr
    assert ready.status_code == 200, ready.text  # by itself: no restart
    assert ready.json()["revision"] == head_revision()
    assert sign_up.status_code == 201, sign_up.text
    assert keys.status_code == 200 and keys.json()["keys"]
    assert "Traceback" not in server.stderr()


async def test_a_sqlite_file_without_tables_waits_then_starts_once_migrated(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bare.db"
    sqlite3.connect(path).close()
    url = f"sqlite:///{path}"
    settings = for_tests(Settings(environment="test", database_url=url, data_dir=tmp_path))
    app = create_app(settings)
    startup: Startup = app.state.startup
    transport = httpx.ASGITransport(app=app)

    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        not_ready = await client.get("/readyz")
        waiting = await client.post("/v1/accounts")
        health = await client.get("/healthz")
        started_before = startup.started
        await asyncio.to_thread(upgrade, url)
        for _ in range(100):
            if startup.started:
                break
            await asyncio.sleep(0.1)
        ready = await client.get("/readyz")
        sign_up = await client.post("/v1/accounts")

    assert health.status_code == 200
    assert not started_before
    assert not_ready.status_code == 503
    assert "run `ai-optout migrate`" in not_ready.json()["checks"]["migrations"]
    assert waiting.status_code == 503
    assert waiting.json()["type"] == "urn:ai-optout:problem:not-ready"
    assert ready.status_code == 200, ready.text
    assert sign_up.status_code == 201, sign_up.text


def test_the_banner_says_where_everything_is(tmp_path: Path) -> None:
    data = tmp_path / "data"

    with serving({"AI_OPTOUT_DATA_DIR": str(data)}, tmp_path, cwd=tmp_path) as server:
        ready = _ready_within(server.base_url, 15)
        root = httpx.get(f"{server.base_url}/", timeout=5)
        banner = _banner(server)

    assert ready.status_code == 200, ready.text
    base = server.base_url
    assert banner["address"] == base
    assert banner["docs"] == f"{base}/docs"
    web_page = f"{base}/" if root.status_code == 200 else f"{base}/ (not built yet)"
    assert root.status_code in (200, 404)
    assert banner["web page"] == web_page
    assert banner["data"] == f"{data / 'ai-optout.db'} (embedded SQLite)"
    assert banner["database"] == f"sqlite:///{data / 'ai-optout.db'}"
    assert banner["migrations"] == f"at {head_revision()}, the newest"
    assert banner["ready?"].startswith(f"{base}/readyz")
    assert len(server.stdout().splitlines()) == 7  # short
