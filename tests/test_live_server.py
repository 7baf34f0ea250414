"""The service as operators run it: one real `ai-optout serve` process on a loopback port."""

from pathlib import Path

import httpx

from tests.support.preferences import whole
from tests.support.server import live_server


def test_a_real_process_serves_accounts_and_preferences_end_to_end(
    database_url: str, tmp_path: Path
) -> None:
    with (
        live_server(database_url, tmp_path / "server.log") as server,
        httpx.Client(base_url=server.base_url, timeout=10) as http,
    ):
        tokens = http.post("/v1/accounts").json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        etag = http.get("/v1/me/preferences", headers=headers).headers["etag"]

        written = http.put(
            "/v1/me/preferences",
            headers={**headers, "If-Match": etag},
            json=whole(region="FR", accounts=[{"platform": "instagram", "profile": "@jane"}]),
        )
        read_back = http.get("/v1/me/preferences", headers=headers)

        assert written.status_code == 200
        assert read_back.json()["accounts"][0]["profile"] == "jane"
        assert http.get("/readyz").json()["status"] == "ready"
        assert "ai_optout_http_requests_total" in http.get("/metrics").text


def test_serve_migrates_the_embedded_database_on_a_fresh_data_folder(tmp_path: Path) -> None:
    database = tmp_path / "fresh" / "ai-optout.db"

    with live_server(f"sqlite:///{database}", tmp_path / "server.log") as server:
        ready = httpx.get(f"{server.base_url}/readyz", timeout=5)

    assert ready.status_code == 200
    assert database.exists()
