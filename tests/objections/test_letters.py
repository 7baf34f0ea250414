"""Objection letters: the right law, the right form, the person's own profiles, nothing sent."""

from datetime import date

import httpx
import pytest

from api.objections.letter_render import as_html
from api.objections.letters import Letter, compose
from tests.conftest import Person
from tests.receipts.factories import FACEBOOK, INSTAGRAM, put_preferences

LETTER = "/v1/me/objection-letter"
FORMS = {
    "facebook": "https://www.facebook.com/help/contact/6359191084165019",
    "instagram": "https://help.instagram.com/contact/767264225370182",
}
PROFILES = {
    "facebook": "https://www.facebook.com/jane.doe/",
    "instagram": "https://www.instagram.com/jane_doe/",
}
LAW = {
    "en": "Article 21(1)",
    "de": "Art. 21 Abs. 1 DSGVO",
    "fr": "article 21, paragraphe 1",
    "es": "artículo 21, apartado 1, del RGPD",
    "it": "articolo 21, paragrafo 1, del GDPR",
    "nl": "artikel 21, lid 1, AVG",
    "pl": "art. 21 ust. 1 RODO",
    "pt-BR": "artigo 21.º, n.º 1, do RGPD",
}


@pytest.fixture
async def european(client: httpx.AsyncClient, person: Person) -> Person:
    response = await put_preferences(client, person, region="DE", accounts=[FACEBOOK, INSTAGRAM])
    assert response.status_code == 200
    return person


@pytest.mark.parametrize("lang", list(LAW))
@pytest.mark.parametrize("platform", ["facebook", "instagram"])
async def test_the_letter_names_the_form_the_profile_and_the_law(
    client: httpx.AsyncClient, european: Person, lang: str, platform: str
) -> None:
    response = await client.get(
        LETTER, params={"platform": platform, "lang": lang}, headers=european.headers
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-language"] == lang
    assert response.headers["cache-control"] == "private, no-store"
    assert FORMS[platform] in response.text
    assert PROFILES[platform] in response.text
    assert LAW[lang] in response.text
    other = "instagram" if platform == "facebook" else "facebook"
    assert PROFILES[other] not in response.text


async def test_in_the_uk_the_letter_cites_the_uk_gdpr_and_the_ico(
    client: httpx.AsyncClient, person: Person
) -> None:
    await put_preferences(client, person, region="UK", accounts=[FACEBOOK])

    response = await client.get(LETTER, params={"platform": "facebook"}, headers=person.headers)

    assert "Article 21(1) of the UK GDPR" in response.text
    assert "Information Commissioner's Office (ICO)" in response.text
    assert "any more processing" in response.text


async def test_the_html_page_is_escaped_and_locked_down(
    client: httpx.AsyncClient, european: Person
) -> None:
    response = await client.get(
        LETTER,
        params={"platform": "facebook", "lang": "fr", "format": "html"},
        headers=european.headers,
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "form-action 'none'" in csp
    assert '<html lang="fr">' in response.text
    assert "l&#x27;article 21" in response.text  # the apostrophe in the French text, escaped
    assert f'href="{FORMS["facebook"]}"' in response.text
    assert "<script" not in response.text


def test_every_value_in_the_html_page_is_escaped() -> None:
    letter = compose(
        law="eu_gdpr", platform="facebook", accounts=[], lang="en", today=date(2026, 1, 2)
    )
    hostile = Letter(
        **{
            **{field: getattr(letter, field) for field in letter.__slots__},
            "title": "<script>alert(1)</script>",
            "accounts": ('"><img src=x onerror=alert(1)>',),
            "form_url": 'https://example.org/"onmouseover="x',
        }
    )

    page = as_html(hostile)

    assert "<script>" not in page
    assert "<img" not in page
    assert '"onmouseover' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


async def test_without_a_linked_account_the_letter_leaves_a_placeholder(
    client: httpx.AsyncClient, person: Person
) -> None:
    await put_preferences(client, person, region="FR", accounts=[])

    response = await client.get(
        LETTER, params={"platform": "instagram", "lang": "fr"}, headers=person.headers
    )

    assert response.status_code == 200
    assert "[l'adresse de votre profil Instagram]" in response.text


@pytest.mark.parametrize(
    ("region", "code"), [("US", "no-objection-right"), (None, "region-unknown")]
)
async def test_where_there_is_no_objection_right_there_is_no_letter(
    client: httpx.AsyncClient, person: Person, region: str | None, code: str
) -> None:
    await put_preferences(client, person, region=region, accounts=[FACEBOOK])

    response = await client.get(LETTER, params={"platform": "facebook"}, headers=person.headers)

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(f":{code}")
    assert response.json()["detail"]


async def test_the_us_explanation_says_what_can_still_be_done(
    client: httpx.AsyncClient, person: Person
) -> None:
    await put_preferences(client, person, region="US", accounts=[FACEBOOK])

    response = await client.get(LETTER, params={"platform": "facebook"}, headers=person.headers)

    detail = response.json()["detail"]
    assert "no way to object" in detail
    assert "non-public" in detail


async def test_reading_the_letter_changes_nothing(
    client: httpx.AsyncClient, european: Person
) -> None:
    before = await client.get("/v1/me/preferences", headers=european.headers)

    await client.get(LETTER, params={"platform": "facebook"}, headers=european.headers)
    await client.get(
        LETTER, params={"platform": "facebook", "mark_ready": "true"}, headers=european.headers
    )

    after = await client.get("/v1/me/preferences", headers=european.headers)
    assert after.json() == before.json()


async def test_asking_to_mark_ready_moves_only_that_platforms_objections_with_a_receipt(
    client: httpx.AsyncClient, european: Person
) -> None:
    response = await client.post(
        LETTER, params={"platform": "facebook", "mark_ready": "true"}, headers=european.headers
    )

    assert response.status_code == 200
    assert FORMS["facebook"] in response.text
    assert response.headers["etag"] == '"v3"'
    assert response.headers["link"].startswith("</v1/me/receipts/")
    states = {
        account["platform"]: account["objection"]["state"]
        for account in (await client.get("/v1/me/preferences", headers=european.headers)).json()[
            "accounts"
        ]
    }
    assert states == {"facebook": "ready", "instagram": "not_started"}
    receipt = await client.get(response.headers["link"][1:].split(">")[0], headers=european.headers)
    assert receipt.status_code == 200


async def test_a_letter_is_only_ever_the_callers_own(
    client: httpx.AsyncClient, european: Person, other_person: Person
) -> None:
    await put_preferences(client, other_person, region="FR", accounts=[])

    theirs = await client.get(LETTER, params={"platform": "facebook"}, headers=other_person.headers)
    anonymous = await client.get(LETTER, params={"platform": "facebook"})

    assert "jane.doe" not in theirs.text
    assert anonymous.status_code == 401
