"""The policy catalogue in the person's language: titles, errata and changes as the rules are,
chosen by `lang`, else `Accept-Language`, else English, and named in the answer."""

import json

import httpx
import pytest

from api.examples import EXAMPLES_KEY
from api.policies import examples


async def test_the_list_of_versions_reads_in_the_language_asked(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get("/v1/policies", params={"lang": "fr"})

    assert answer.status_code == 200
    assert answer.headers["content-language"] == "fr"
    assert "Accept-Language" in answer.headers["vary"]
    versions = {version["id"]: version for version in answer.json()}
    assert {version["lang"] for version in versions.values()} == {"fr"}
    assert versions["meta-eu-2025-05-27"]["title"] == (
        "UE/EEE : entraînement sur les contenus publics des adultes et les conversations avec"
        " Meta AI"
    )


async def test_a_version_s_title_and_errata_follow_accept_language(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get(
        "/v1/policies/meta-eu-2023-09-27", headers={"Accept-Language": "de-AT, en;q=0.5"}
    )

    assert answer.headers["content-language"] == "de"
    version = answer.json()
    assert version["title"] == "EU/EWR: noch kein Training mit Inhalten der Nutzer"
    erratum = version["errata"][0]
    assert "Französisch-Guayana" in erratum["changed"] and "DSGVO" in erratum["changed"]
    assert erratum["on"] == "2026-12-05"  # dates and sources are never translated
    assert erratum["source"].startswith("https://eur-lex.europa.eu/")


async def test_the_feed_of_changes_reads_in_the_language_asked(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get(
        "/v1/policies/changes", params={"region": "BR"}, headers={"Accept-Language": "pt-BR"}
    )

    assert answer.headers["content-language"] == "pt-BR"
    assert "Accept-Language" in answer.headers["vary"]
    feed = {entry["id"]: entry for entry in answer.json()}
    assert feed["meta-br-2024-07-02"]["title"] == "Brasil: treinamento suspenso pela ANPD"
    assert feed["meta-br-2024-07-02"]["changes"][0]["text"].startswith("A ANPD suspendeu")
    assert {entry["lang"] for entry in feed.values()} == {"pt-BR"}


async def test_english_is_the_fallback_and_says_so(client: httpx.AsyncClient) -> None:
    answer = await client.get("/v1/policies/changes", headers={"Accept-Language": "ja, ko"})

    assert answer.headers["content-language"] == "en"
    first = answer.json()[-1]
    assert first["lang"] == "en" and first["changes"][0]["text"].startswith("The catalogue")


@pytest.mark.parametrize("path", ["/v1/policies", "/v1/policies/changes"])
async def test_a_language_the_service_does_not_have_is_a_422_naming_lang(
    client: httpx.AsyncClient, path: str
) -> None:
    answer = await client.get(path, params={"lang": "xx"})

    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "lang" in answer.text


async def test_the_documented_feed_is_what_the_service_answers(client: httpx.AsyncClient) -> None:
    documented = json.loads(examples.LIST_CHANGES[EXAMPLES_KEY])

    answer = await client.get("/v1/policies/changes", params=documented["parameters"])

    assert answer.json() == documented["responses"]["200"]


async def test_the_explained_policy_s_title_is_in_the_answer_s_language(
    client: httpx.AsyncClient,
) -> None:
    item = {"id": "a", "platform": "facebook", "kind": "post", "audience": "public"}
    body = {"region": "AD", "as_of": "2025-06-01", "items": [{**item, "author": "self"}]}

    answer = (await client.post("/v1/explain", params={"lang": "it"}, json=body)).json()

    assert answer["lang"] == "it"
    assert answer["policy"]["title"].startswith("Un paese che nessuna fonte colloca")
    assert answer["policy"]["id"] == "meta-unsettled-ad-2025-05-27"
