"""What an operator sees: health, readiness, metrics, keys and the API docs."""

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.conftest import Person


async def test_health_says_the_process_is_up(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readiness_needs_a_migrated_database(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"

    with engine.begin() as connection:
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    try:
        not_ready = await client.get("/readyz")
    finally:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": current})

    assert not_ready.status_code == 503
    assert not_ready.headers["content-type"] == "application/problem+json"


async def test_metrics_count_requests_by_route_template_without_ids(
    client: httpx.AsyncClient, person: Person
) -> None:
    await client.get("/v1/me/preferences", headers=person.headers)

    metrics = (await client.get("/metrics")).text

    assert 'route="/v1/me/preferences"' in metrics
    assert "ai_optout_http_request_duration_seconds_bucket" in metrics
    assert person.account_id not in metrics


async def test_the_published_key_set_holds_only_public_keys(client: httpx.AsyncClient) -> None:
    keys = (await client.get("/.well-known/jwks.json")).json()["keys"]

    assert keys
    assert all(key["kty"] == "OKP" and key["crv"] == "Ed25519" and "d" not in key for key in keys)


async def test_every_operation_is_documented_with_a_summary_and_its_errors(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
            if "security" in operation or any(
                p.get("in") == "header" and p["name"].lower() == "authorization"
                for p in operation.get("parameters", [])
            ):
                assert "401" in operation["responses"], f"{method.upper()} {path}: no 401"
    assert (await client.get("/docs")).status_code == 200
