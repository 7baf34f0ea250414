"""The web page in Debian's Chromium at a small phone's size, as a person uses it: the questions
give the service's own answers, only the facts leave the page, every language switches, and
axe-core finds nothing serious."""

import json
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, Request, Route

from tests.site.browser import DESKTOP, PHONE, serious
from tests.support.server import LiveServer

ITEM_FACTS = {"id", "platform", "kind", "audience", "created_at", "author", "author_age"}


def _open(
    browser: Browser, server: LiveServer, sent: list[Request], address: str = "/", **device: Any
) -> Page:
    page = browser.new_page(locale="en-GB", **device)

    def only_the_service(route: Route, request: Request) -> None:
        if request.url.startswith(server.base_url):
            sent.append(request)
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_the_service)
    page.goto(server.base_url + address)
    page.wait_for_function("() => document.querySelectorAll('#country option').length > 200")
    return page


def test_the_questions_give_the_services_own_answer_on_a_phone(
    browser: Browser, server: LiveServer
) -> None:
    sent: list[Request] = []
    page = _open(browser, server, sent, **PHONE)
    assert serious(page) == []

    page.select_option("#country", "DE")
    page.check("input[name=platform][value=facebook]")
    page.select_option("#audience", "friends")
    page.check("input[name=objected][value=yes]")
    page.fill("#objected-on", "2025-05-20")
    page.click("button[type=submit]")
    page.wait_for_selector("#answer:not([hidden]) .item")

    [explain] = [request for request in sent if request.url.endswith("/v1/explain")]
    body = json.loads(explain.post_data or "{}")
    assert set(body) <= {"region", "as_of", "objection", "items"}
    assert body["region"] == "DE" and body["objection"]["filed_on"] == "2025-05-20"
    assert all(set(item) <= ITEM_FACTS for item in body["items"])
    assert {item["audience"] for item in body["items"] if item["kind"] == "post"} == {"friends"}

    expected = httpx.post(f"{server.base_url}/v1/explain", json=body).json()["results"]
    shown = page.eval_on_selector_all(
        "#answers .item", "cards => cards.map(card => card.className)"
    )
    assert shown == [f"item verdict-{item['verdict']}" for item in expected]
    sources = page.eval_on_selector_all("#answers .reasons a", "links => links.map(a => a.href)")
    assert sources and set(sources) <= {
        reason["source"] for item in expected for reason in item["reasons"]
    }
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling"
    assert serious(page) == []


def test_an_age_left_unsaid_shows_the_condition_the_service_states(
    browser: Browser, server: LiveServer
) -> None:
    sent: list[Request] = []
    page = _open(browser, server, sent, **PHONE)

    page.select_option("#country", "DE")
    page.select_option("#audience", "public")
    page.check("input[name=age][value=unknown]")
    page.click("button[type=submit]")
    page.wait_for_selector("#answer:not([hidden]) .item")

    [explain] = [request for request in sent if request.url.endswith("/v1/explain")]
    body = json.loads(explain.post_data or "{}")
    expected = httpx.post(f"{server.base_url}/v1/explain", json=body).json()["results"]
    conditional = [item for item in expected if item.get("condition")]
    assert conditional, "a public post of unknown age has a conditional answer"
    assert page.locator("#answers .condition").count() == len(conditional)


def test_the_page_speaks_each_language_and_remembers_the_choice(
    browser: Browser, server: LiveServer
) -> None:
    sent: list[Request] = []
    page = _open(browser, server, sent, **DESKTOP)
    english = page.text_content("h1")

    headings = {}
    for language in ("de", "fr", "es", "it", "nl", "pl", "pt-BR"):
        page.select_option("#language", language)
        page.wait_for_function(f"() => document.documentElement.lang === '{language}'")
        headings[language] = page.text_content("h1")
    page.reload()
    page.wait_for_function("() => document.documentElement.lang === 'pt-BR'")

    assert english and english not in headings.values()
    assert len(set(headings.values())) == len(headings)
    assert page.text_content("h1") == headings["pt-BR"]
    assert serious(page) == []


def test_the_country_is_guessed_and_a_missing_one_is_said_before_anything_is_sent(
    browser: Browser, server: LiveServer
) -> None:
    sent: list[Request] = []
    page = _open(browser, server, sent, **PHONE)
    assert page.input_value("#country") == "GB", "guessed from the browser's en-GB"

    page.select_option("#country", "")
    page.click("button[type=submit]")

    assert page.is_visible("#form-error")
    assert page.evaluate("document.activeElement.id") == "country"
    assert not [request for request in sent if "/v1/" in request.url]


def test_a_link_that_names_the_country_comes_before_the_guess(
    browser: Browser, server: LiveServer
) -> None:
    """The extension's notice of changed rules links to "/?region=XX"."""
    assert _open(browser, server, [], "/?region=de", **PHONE).input_value("#country") == "DE"
    for unusable in ("QQ", "x"):  # not a country the page lists: the guess (en-GB) stands
        page = _open(browser, server, [], f"/?region={unusable}", **PHONE)
        assert page.input_value("#country") == "GB"


def test_the_reasons_come_in_the_pages_language(browser: Browser, server: LiveServer) -> None:
    sent: list[Request] = []
    page = _open(browser, server, sent, **PHONE)
    page.select_option("#language", "de")
    page.wait_for_function("() => document.documentElement.lang === 'de'")

    page.select_option("#country", "DE")
    page.click("button[type=submit]")
    page.wait_for_selector("#answer:not([hidden]) .item")

    [explain] = [request for request in sent if request.url.endswith("/v1/explain")]
    body = json.loads(explain.post_data or "{}")
    german = httpx.post(
        f"{server.base_url}/v1/explain", json=body, headers={"Accept-Language": "de"}
    ).json()
    english = httpx.post(f"{server.base_url}/v1/explain", json=body).json()
    shown = page.eval_on_selector_all(
        "#answers .reasons li", "items => items.map(li => li.textContent)"
    )
    first_german = german["results"][0]["reasons"][0]["text"]

    assert german["lang"] == "de" and first_german != english["results"][0]["reasons"][0]["text"]
    assert any(text.startswith(first_german) for text in shown)
    assert page.is_hidden("#reasons-language"), "no 'quoted in English' note when they are not"
