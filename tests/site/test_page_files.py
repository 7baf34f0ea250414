"""The web page's files: same-origin only, every word in every language, countries the API takes."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from api.languages import LANGUAGES
from api.policy.regions import load_regions
from api.preferences.regions import normalise_region
from api.site.routes import STATIC

STATIC_DIR = Path(str(STATIC))


def test_the_page_offers_the_languages_the_service_answers_in() -> None:
    i18n = (STATIC_DIR / "js" / "i18n.js").read_text()
    listed = re.search(r"export const LANGUAGES = \[(.*?)\];", i18n)
    assert listed, "i18n.js lists the page's languages"
    assert tuple(re.findall(r'"([\w-]+)"', listed.group(1))) == LANGUAGES


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.keys: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("script", "link") and (found.get("src") or found.get("href")):
            self.assets.append(found.get("src") or found.get("href") or "")
        for attribute in ("data-i18n", "data-i18n-label"):
            if found.get(attribute):
                self.keys.add(found[attribute] or "")


def _page(name: str = "index.html") -> _References:
    references = _References()
    references.feed((STATIC_DIR / name).read_text())
    return references


PAGES = sorted(path.name for path in STATIC_DIR.glob("*.html"))
PARTS = sorted(path.name for path in (STATIC_DIR / "i18n").iterdir() if path.is_dir())


@pytest.mark.parametrize("name", PAGES)
async def test_each_page_is_served_under_a_policy_that_admits_only_its_origin(
    client: httpx.AsyncClient, name: str
) -> None:
    page = await client.get("/" if name == "index.html" else "/" + name.removesuffix(".html"))

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "http" not in policy and "unsafe" not in policy and "*" not in policy
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    for asset in _page(name).assets:
        assert asset.startswith("/site/"), f"{asset} is not served by the service itself"
        answer = await client.get(asset)
        assert answer.status_code == 200, asset
        assert answer.headers["cache-control"] == "no-cache", f"{asset} is not revalidated"


async def test_every_module_the_page_imports_is_served(client: httpx.AsyncClient) -> None:
    for module in (STATIC_DIR / "js").rglob("*.js"):
        for imported in re.findall(r"""\bfrom\s+['"](\.[^'"]+)['"]""", module.read_text()):
            target = (module.parent / imported).resolve()
            assert target.is_file(), f"{module.name} imports {imported}, which does not exist"
            url = "/site/" + str(target.relative_to(STATIC_DIR))
            assert (await client.get(url)).status_code == 200, url


def _catalogue(language: str, part: str) -> dict[str, str]:
    path = STATIC_DIR / "i18n" / part / f"{language}.json"
    words: dict[str, str] = json.loads(path.read_text())
    return words


def _english() -> dict[str, str]:
    every: dict[str, str] = {}
    for part in PARTS:
        words = _catalogue("en", part)
        assert not words.keys() & every.keys(), f"{part} repeats words another part has"
        every |= words
    return every


def _keys_the_scripts_use() -> set[str]:
    used: set[str] = set()
    for module in (STATIC_DIR / "js").rglob("*.js"):
        text = module.read_text()
        used |= set(re.findall(r'\bt\("(\w+)"', text))
        used |= set(re.findall(r'"(\w+)"', " ".join(re.findall(r"_KEYS = \{[^}]*\}", text))))
    return used


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_says_every_word_with_the_same_placeholders(
    language: str, part: str
) -> None:
    english, words = _catalogue("en", part), _catalogue(language, part)

    assert words.keys() == english.keys()
    for key, text in words.items():
        assert text.strip(), f"{language}.{key} is empty"
        placeholders = set(re.findall(r"\{(\w+)\}", english[key]))
        assert set(re.findall(r"\{(\w+)\}", text)) == placeholders, f"{language}.{key}"


def test_every_word_the_page_asks_for_exists_in_english() -> None:
    english = _english()
    asked = {key for page in PAGES for key in _page(page).keys}
    asked |= {key for key in _keys_the_scripts_use() if key[0].islower()}
    questions = (STATIC_DIR / "js" / "questions.js").read_text()
    block = re.search(r"export const AUDIENCES = \{(.*?)\};", questions, re.S)
    assert block, "questions.js lists the audiences each platform offers"
    asked |= {f"audience_{audience}" for audience in re.findall(r'"(\w+)"', block.group(1))}

    assert asked - english.keys() == set()


async def test_the_country_list_is_the_one_the_api_checks_against(
    client: httpx.AsyncClient,
) -> None:
    countries = (await client.get("/site/countries.json")).json()["countries"]

    assert set(countries) == set(load_regions().countries)
    assert all(normalise_region(code) == code for code in countries)
