"""Explanations in the person's language: `lang`, else Accept-Language, else English; the
answer names its language, and only the texts change (codes, sources and dates do not)."""

from typing import Any

import httpx
import pytest

from api.languages import negotiate
from tests.explain.helpers import BODY


@pytest.mark.parametrize(
    ("lang", "header", "expected"),
    [
        (None, None, "en"),
        (None, "de-AT,de;q=0.9,en;q=0.8", "de"),
        (None, "ja, fr;q=0.5, de;q=0.4", "fr"),
        (None, "en;q=0.2, pl;q=0.9", "pl"),
        (None, "pt-PT", "pt-BR"),
        (None, "PT-br", "pt-BR"),
        (None, "nl;q=0, it", "it"),
        (None, "nl;q=abc, es", "es"),
        (None, "*", "en"),
        (None, "ja, zh", "en"),
        ("it", "de", "it"),
        ("xx", "nl", "nl"),
    ],
)
def test_the_language_is_chosen_as_rfc_9110_weighs_it(
    lang: str | None, header: str | None, expected: str
) -> None:
    assert negotiate(lang, header) == expected


async def test_english_by_default_and_named_in_the_answer(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/explain", json=BODY)

    assert response.status_code == 200
    assert response.headers["content-language"] == "en"
    assert response.json()["lang"] == "en"
    reason = response.json()["results"][0]["reasons"][0]
    assert reason["text"].startswith("Public content is in scope")


async def test_accept_language_gives_the_reasons_and_actions_in_german(
    client: httpx.AsyncClient,
) -> None:
    english = (await client.post("/v1/explain", json=BODY)).json()["results"][0]

    response = await client.post(
        "/v1/explain", json=BODY, headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}
    )

    assert response.headers["content-language"] == "de"
    answer = response.json()
    assert answer["lang"] == "de"
    german = answer["results"][0]
    assert german["reasons"][0]["text"].startswith("Öffentliche Inhalte sind erfasst")
    assert "Widersprechen Sie" in german["actions"][0]["text"]
    # Only the words change: codes, sources, dates, URLs and the verdict stay.
    for part in ("reasons", "actions"):
        assert [_without_text(r) for r in german[part]] == [_without_text(r) for r in english[part]]
    assert german["verdict"] == english["verdict"]


def _without_text(part: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in part.items() if key != "text"}


async def test_the_lang_parameter_wins_over_the_header(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/explain", params={"lang": "pt-BR"}, json=BODY, headers={"Accept-Language": "fr"}
    )

    assert response.headers["content-language"] == "pt-BR"
    assert response.json()["results"][0]["reasons"][0]["text"].startswith("O conteúdo público")


async def test_the_same_verdict_comes_in_each_language_asked_in_turn(
    client: httpx.AsyncClient,
) -> None:
    """The per-verdict JSON cache is per language: a French answer never leaks into Polish."""
    texts: dict[str, set[str]] = {}
    for lang in ["fr", "pl", "fr", "en"]:
        answer = (await client.post("/v1/explain", params={"lang": lang}, json=BODY)).json()
        texts.setdefault(lang, set()).add(answer["results"][0]["reasons"][0]["text"])

    assert all(len(found) == 1 for found in texts.values())
    assert len({next(iter(found)) for found in texts.values()}) == 3


async def test_a_language_the_service_does_not_have_is_a_422(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/explain", params={"lang": "xx"}, json=BODY)

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_policy_version_reads_in_the_language_asked(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/v1/policies/meta-eu-2025-05-27", headers={"Accept-Language": "it"}
    )

    assert response.status_code == 200
    assert response.headers["content-language"] == "it"
    assert "Accept-Language" in response.headers["vary"]
    rules = {rule["code"]: rule for rule in response.json()["rules"]}
    assert rules["audience.public"]["text"].startswith("I contenuti pubblici rientrano")
    assert response.json()["lang"] == "it"
