"""GET /v1/policies/changes as a client sees it."""

import httpx


async def test_the_feed_lists_versions_newest_first_with_sourced_changes(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get("/v1/policies/changes")

    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=3600"
    feed = answer.json()
    starts = [entry["effective_from"] for entry in feed]
    assert starts == sorted(starts, reverse=True)
    assert all(entry["changes"] and entry["changes"][0]["source"] for entry in feed)


async def test_since_and_region_narrow_the_feed(client: httpx.AsyncClient) -> None:
    answer = await client.get("/v1/policies/changes?since=2025-01-01&region=uk")

    assert answer.status_code == 200
    assert [entry["id"] for entry in answer.json()] == []
    eu = await client.get("/v1/policies/changes", params={"since": "2025-01-01", "region": "EL"})
    assert [entry["id"] for entry in eu.json()] == ["meta-eu-2025-05-27"]


async def test_a_bad_region_or_day_is_a_clear_422(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/policies/changes?region=XX")).status_code == 422
    assert (await client.get("/v1/policies/changes?since=yesterday")).status_code == 422


async def test_a_feed_entry_is_the_version_s_summary_with_its_changes(
    client: httpx.AsyncClient,
) -> None:
    feed = (await client.get("/v1/policies/changes", params={"lang": "de"})).json()
    summaries = (await client.get("/v1/policies", params={"lang": "de"})).json()
    by_id = {summary["id"]: summary for summary in summaries}

    assert feed and all({**by_id[e["id"]], "changes": e["changes"]} == e for e in feed)


async def test_the_documented_feed_entry_is_a_summary_with_changes(
    client: httpx.AsyncClient,
) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
    summary, change = schemas["PolicySummary"]["properties"], schemas["PolicyChange"]["properties"]

    assert change == {**summary, "changes": change["changes"]}
