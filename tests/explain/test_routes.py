"""POST /v1/explain and the policy transparency endpoints, as a client sees them."""

import httpx
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from tests.conftest import Person
from tests.explain.helpers import PUBLIC_POST, explain, item
from tests.support.preferences import whole


async def test_results_come_back_in_item_order_with_sourced_reasons(
    client: httpx.AsyncClient,
) -> None:
    items = [item(id=str(n), audience=a) for n, a in enumerate(["public", "friends", "unknown"])]

    answer = await explain(client, {"region": "DE", "as_of": "2026-01-15", "items": items})

    assert [r["id"] for r in answer["results"]] == ["0", "1", "2"]
    assert [r["verdict"] for r in answer["results"]] == ["included", "excluded", "uncertain"]
    assert answer["policy"]["id"] == answer["results"][0]["policy_id"]
    for result in answer["results"]:
        assert result["reasons"], result
        assert all(r["source"].startswith("https://") for r in result["reasons"])


async def test_a_public_eu_post_objected_to_after_training_began_may_already_be_used(
    client: httpx.AsyncClient,
) -> None:
    late = {"filed_on": "2025-06-10", "scope": "all"}
    early = {"filed_on": "2025-05-20", "scope": "all"}
    base = {"region": "DE", "as_of": "2026-01-15", "items": [item()]}

    after = (await explain(client, {**base, "objection": late}))["results"][0]
    before = (await explain(client, {**base, "objection": early}))["results"][0]

    assert after["verdict"] == before["verdict"] == "excluded"
    assert after["may_already_be_used"] is True
    assert before["may_already_be_used"] is False


async def test_in_the_us_there_is_no_objection_form_to_offer(client: httpx.AsyncClient) -> None:
    answer = await explain(client, {"region": "US", "as_of": "2026-01-15", "items": [item()]})

    result = answer["results"][0]
    assert result["verdict"] == "included"
    assert not any(a["code"].startswith("object") for a in result["actions"])
    flips = [(f["fact"], f["to"], f["verdict"]) for f in result["flip"]]
    assert ("audience", "friends", "excluded") in flips


async def test_a_signed_in_persons_region_and_objection_come_from_their_preferences(
    client: httpx.AsyncClient, person: Person
) -> None:
    etag = (await client.get("/v1/me/preferences", headers=person.headers)).headers["etag"]
    preferences = {
        "region": "FR",
        "accounts": [
            {
                "platform": "facebook",
                "objection": {"state": "submitted", "submitted_on": "2025-05-20"},
            }
        ],
    }
    headers = {**person.headers, "If-Match": etag}
    answer = await client.put("/v1/me/preferences", json=whole(**preferences), headers=headers)
    assert answer.is_success
    items = [item(id="fb"), item(id="ig", platform="instagram")]

    answer = await explain(client, {"as_of": "2026-01-15", "items": items}, headers=person.headers)

    assert answer["region"] == "FR"
    facebook, instagram = answer["results"]
    assert facebook["verdict"] == "excluded"  # objected on Facebook before training began
    assert instagram["verdict"] == "included"  # no objection recorded for Instagram


async def test_what_if_fields_in_the_request_win_over_the_preferences(
    client: httpx.AsyncClient, person: Person
) -> None:
    answer = await explain(
        client,
        {"region": "US", "as_of": "2026-01-15", "items": [item()]},
        headers=person.headers,
    )

    assert answer["region"] == "US"


async def test_an_unknown_authors_age_gets_a_conditional_answer_not_a_question_mark(
    client: httpx.AsyncClient,
) -> None:
    items = [
        item(id="other", author="other", author_age="unknown"),
        item(id="adult", author="other", author_age="adult"),
        item(id="story", kind="story", author="other", author_age="unknown"),
    ]

    answer = await explain(client, {"region": "DE", "as_of": "2026-01-15", "items": items})

    other, adult, story = answer["results"]
    assert other["verdict"] == "included"
    assert other["condition"] == {"fact": "author_age", "unless": "minor", "verdict": "excluded"}
    assert other["reasons"][0]["text"].startswith("Used, unless the author is under 18")
    assert (adult["verdict"], adult["condition"]) == ("included", None)
    # Meta has not said whether stories are used: the record, not the age, leaves it open.
    assert (story["verdict"], story["condition"]) == ("uncertain", None)


async def test_the_condition_is_documented_in_the_openapi_schema(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    schemas = document["components"]["schemas"]

    condition = schemas["ItemResult"]["properties"]["condition"]
    assert {"$ref": "#/components/schemas/ConditionOut"} in condition["anyOf"]
    assert "condition" not in schemas["ItemResult"].get("required", [])
    assert schemas["ConditionOut"]["properties"]["unless"]["const"] == "minor"


async def test_a_bad_token_is_refused_rather_than_ignored(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/explain",
        json={"items": [item()]},
        headers={"Authorization": "Bearer not-a-token"},
    )

    assert response.status_code == 401


async def test_bad_items_get_a_problem_naming_the_index_and_field(
    client: httpx.AsyncClient,
) -> None:
    items = [
        item(),
        item(platform="myspace"),
        item(created_at="2021-13-45"),
        {k: v for k, v in PUBLIC_POST.items() if k != "kind"},
        item(text="What I had for breakfast"),
    ]

    response = await client.post("/v1/explain", json={"items": items})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"items[1].platform", "items[2].created_at", "items[3].kind", "items[4].text"}


async def test_more_than_500_items_is_refused_whole(client: httpx.AsyncClient) -> None:
    items = [item(id=str(n)) for n in range(501)]

    response = await client.post("/v1/explain", json={"items": items})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["items"]


async def test_an_as_of_date_before_any_known_policy_is_refused(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/v1/explain", json={"as_of": "2001-01-01", "items": [item()]})

    assert response.status_code == 422
    assert response.json()["type"].endswith(":as-of-out-of-range")


async def test_invalid_json_and_unknown_regions_get_clear_problems(
    client: httpx.AsyncClient,
) -> None:
    not_json = await client.post(
        "/v1/explain", content=b"{items:", headers={"content-type": "application/json"}
    )
    no_country = await client.post("/v1/explain", json={"region": "XX", "items": [item()]})

    assert not_json.status_code == 422
    assert not_json.json()["errors"][0]["field"] == "body"
    assert no_country.status_code == 422
    assert no_country.json()["errors"][0]["field"] == "region"


async def test_explaining_stores_nothing(
    client: httpx.AsyncClient, person: Person, engine: Engine
) -> None:
    def snapshot() -> dict[str, int]:
        with engine.connect() as connection:
            return {
                table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table in inspect(connection).get_table_names()
            }

    before = snapshot()
    await explain(client, {"items": [item(id="secret-item-key-1")]}, headers=person.headers)

    assert snapshot() == before
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            dump = str(connection.execute(text(f"SELECT * FROM {table}")).all())
            assert "secret-item-key-1" not in dump


async def test_every_policy_version_is_listed_with_its_sourced_rules(
    client: httpx.AsyncClient,
) -> None:
    versions = (await client.get("/v1/policies")).json()
    assert {"meta-eu-2025-05-27", "meta-gb-2024-09-13"} <= {v["id"] for v in versions}

    detail = (await client.get("/v1/policies/meta-eu-2025-05-27")).json()
    missing = await client.get("/v1/policies/no-such-version")

    assert detail["regions"] and "DE" in detail["regions"]
    assert detail["rules"]
    assert all(
        rule["source"].startswith("http") and rule["source_date"] for rule in detail["rules"]
    )
    assert missing.status_code == 404


async def test_an_objection_covering_nothing_is_refused(client: httpx.AsyncClient) -> None:
    body = {"objection": {"filed_on": "2025-05-20", "scope": []}, "items": [item()]}

    response = await client.post("/v1/explain", json=body)

    assert response.status_code == 422
    assert all(e["field"].startswith("objection.scope") for e in response.json()["errors"])
