"""The objection letter in all eight languages: each text file has every part the English one
has, with the same placeholders and the same article numbers, and each renders for every law
Meta's objection can rest on."""

import re
from datetime import date
from string import Formatter
from typing import Any

import httpx
import pytest

from api.languages import LANGUAGES, Language
from api.objections.letter_render import as_text
from api.objections.letters import compose, texts
from api.policy.jurisdictions import Law
from tests.conftest import Person
from tests.receipts.factories import FACEBOOK, put_preferences

LAWS: tuple[Law, ...] = ("eu_gdpr", "uk_gdpr", "ch_fadp", "br_lgpd")
# How each language names the law it cites, as that language's regulators do.
NAMES: dict[Language, dict[Law, str]] = {
    "en": {"eu_gdpr": "GDPR", "uk_gdpr": "UK GDPR", "ch_fadp": "FADP", "br_lgpd": "LGPD"},
    "de": {"eu_gdpr": "DSGVO", "uk_gdpr": "UK GDPR", "ch_fadp": "DSG", "br_lgpd": "LGPD"},
    "fr": {"eu_gdpr": "RGPD", "uk_gdpr": "UK GDPR", "ch_fadp": "LPD", "br_lgpd": "LGPD"},
    "es": {"eu_gdpr": "RGPD", "uk_gdpr": "UK GDPR", "ch_fadp": "LPD", "br_lgpd": "LGPD"},
    "it": {"eu_gdpr": "GDPR", "uk_gdpr": "UK GDPR", "ch_fadp": "LPD", "br_lgpd": "LGPD"},
    "nl": {"eu_gdpr": "AVG", "uk_gdpr": "UK GDPR", "ch_fadp": "DSG", "br_lgpd": "LGPD"},
    "pl": {"eu_gdpr": "RODO", "uk_gdpr": "UK GDPR", "ch_fadp": "FADP", "br_lgpd": "LGPD"},
    "pt-BR": {"eu_gdpr": "RGPD", "uk_gdpr": "UK GDPR", "ch_fadp": "FADP", "br_lgpd": "LGPD"},
}


def _leaves(value: Any, path: str = "") -> dict[str, str]:
    """Every string of a letter file by its path (lists by index)."""
    if isinstance(value, str):
        return {path: value}
    items = value.items() if isinstance(value, dict) else enumerate(value)
    found: dict[str, str] = {}
    for key, item in items:
        found |= _leaves(item, f"{path}.{key}" if path else str(key))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_letter_file_has_the_english_parts_placeholders_and_article_numbers(
    lang: Language,
) -> None:
    english, other = _leaves(texts("en")), _leaves(texts(lang))

    assert other.keys() == english.keys()
    for path, text in english.items():
        assert _placeholders(other[path]) == _placeholders(text), (lang, path)
        if path.startswith("law."):  # articles, paragraphs and law numbers stay the same
            numbers = sorted(re.findall(r"\d+", text))
            assert sorted(re.findall(r"\d+", other[path])) == numbers, (lang, path)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("law", LAWS)
def test_the_letter_renders_for_every_law_in_every_language(lang: Language, law: Law) -> None:
    letter = compose(law=law, platform="instagram", accounts=[], lang=lang, today=date(2026, 3, 9))

    text = as_text(letter)

    assert letter.lang == lang
    assert "{" not in text and "}" not in text
    assert "Instagram" in text and "2026" in text
    assert NAMES[lang][law] in letter.title
    assert texts(lang)["months"][2] in letter.date


async def test_without_lang_the_letter_follows_accept_language(
    client: httpx.AsyncClient, person: Person
) -> None:
    await put_preferences(client, person, region="PL", accounts=[FACEBOOK])

    response = await client.get(
        "/v1/me/objection-letter",
        params={"platform": "facebook"},
        headers={**person.headers, "Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"},
    )

    assert response.status_code == 200
    assert response.headers["content-language"] == "pl"
    assert "art. 21 ust. 1 RODO" in response.text
    assert "sprzeciw" in response.text
