"""The "Act" page in Debian's Chromium, as a person uses it on a phone: a record made, the opt-out
recorded and its receipt verified by the service, the objection letter and a step (and its
correction), and the same record reached from a second browser with a recovery or a link code."""

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, Request, Route

from api.site.routes import STATIC
from tests.site.browser import DESKTOP, PHONE, serious
from tests.support.server import LiveServer

AUTH = "JSON.parse(localStorage.getItem('ai-optout-auth') || 'null')"
STATE_SAYS = "() => document.querySelector('.walk .state').textContent.includes('{}')"
PROFILE_IS = "() => document.querySelector('#profile-instagram').value === '{}'"


def _open(
    browser: Browser, server: LiveServer, path: str = "/act", device: dict[str, Any] | None = None
) -> Page:
    """A new browser context (its own storage: another device) with the page loaded."""
    context = browser.new_context(locale="en-GB", accept_downloads=True, **(device or PHONE))

    def only_the_service(route: Route, request: Request) -> None:
        if request.url.startswith(server.base_url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_service)
    page = context.new_page()
    page.goto(server.base_url + path)
    page.wait_for_function("() => document.body.dataset.ready === 'true'")
    return page


def _record(page: Page, *, region: str = "DE", platform: str = "instagram", profile: str) -> None:
    page.select_option("#region", region)
    page.check(f"#use-{platform}")
    page.fill(f"#profile-{platform}", profile)
    page.click("#record-submit")
    page.wait_for_selector("#record-message[data-kind=ok]")


def _auth(page: Page) -> dict[str, Any]:
    auth: dict[str, Any] = page.evaluate(AUTH)
    return auth


def test_an_opt_out_is_recorded_and_its_receipt_is_one_the_service_verifies(
    browser: Browser, server: LiveServer
) -> None:
    page = _open(browser, server)
    assert _auth(page) is None, "no account is made before the person asks for a record"
    assert serious(page) == []

    _record(page, profile="jane_doe")

    auth = _auth(page)
    assert auth["status"] == "signed_in" and auth["accountId"]
    page.wait_for_selector(".receipt .verified[data-kind=ok]")
    assert "Genuine" in (page.text_content(".receipt .verified") or "")
    with page.expect_download() as download:
        page.click(".receipt button:text('Download')")
    jws = Path(download.value.path()).read_text().strip()
    verdict = httpx.post(f"{server.base_url}/v1/receipts/verify", json={"receipt": jws}).json()
    assert verdict["valid"] is True and verdict["log"] == "matches"
    assert verdict["claims"]["accounts"][0]["profile"] == "jane_doe"
    assert verdict["claims"]["region"] == "DE"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "no sideways scrolling"
    assert serious(page) == []


def test_the_letter_opens_and_a_step_is_recorded_shown_and_taken_back(
    browser: Browser, server: LiveServer
) -> None:
    page = _open(browser, server)
    _record(page, platform="facebook", profile="jane.doe")

    page.click(".walk[data-platform=facebook] button:text('Show my letter')")
    page.wait_for_selector(".walk[data-platform=facebook] .letter")
    letter = page.text_content(".walk .letter") or ""
    assert "Article 21" in letter and "jane.doe" in letter
    assert page.evaluate("document.activeElement.className") == "letter", "the letter gets focus"
    form = page.get_attribute(".walk[data-platform=facebook] .form-link", "href")
    assert form == "https://www.facebook.com/help/contact/6359191084165019"
    assert "ready to send" in (page.text_content(".walk .state") or "")

    page.select_option(".step-form select", "submitted")
    page.fill(".step-form input[type=date]", "2025-05-20")
    page.click(".step-form button[type=submit]")
    page.wait_for_function(STATE_SAYS.format("sent to Meta"))
    assert page.evaluate("document.activeElement.classList.contains('state')")
    timeline = page.text_content(".walk .timeline") or ""
    assert "20 May 2025: You objected." in timeline
    token = _auth(page)["accessToken"]
    stored = httpx.get(
        f"{server.base_url}/v1/me/preferences", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert stored["accounts"][0]["objection"]["state"] == "submitted"
    assert stored["accounts"][0]["objection"]["submitted_on"] == "2025-05-20"
    assert serious(page) == []

    page.click(".walk .correction summary")
    assert page.input_value(".walk .correction select") == "ready", "the state before the step"
    page.fill(".walk .correction input", "I pressed it by mistake")
    page.click(".walk .correction button")
    page.wait_for_function(STATE_SAYS.format("ready to send"))
    assert "You took back a step." in (page.text_content(".walk .timeline") or "")

    desktop = _open(browser, server, device=DESKTOP)
    assert serious(desktop) == []


def _marks(server: LiveServer, page: Page) -> list[bool]:
    token = _auth(page)["accessToken"]
    stored = httpx.get(
        f"{server.base_url}/v1/me/preferences", headers={"Authorization": f"Bearer {token}"}
    ).json()
    return [account["accounts_center"] for account in stored["accounts"]]


def test_the_accounts_center_box_changes_the_marks_only_when_the_person_changes_it(
    browser: Browser, server: LiveServer
) -> None:
    page = _open(browser, server)
    page.check("#use-facebook")
    _record(page, profile="jane_doe")
    token = _auth(page)["accessToken"]
    read = httpx.get(
        f"{server.base_url}/v1/me/preferences", headers={"Authorization": f"Bearer {token}"}
    )
    # Marked elsewhere (the extension's popup, or the API): only one of the two.
    accounts = [
        {"platform": a["platform"], "profile": a["profile"], "accounts_center": i == 0}
        for i, a in enumerate(read.json()["accounts"])
    ]
    partly = httpx.patch(
        f"{server.base_url}/v1/me/preferences",
        headers={
            "Authorization": f"Bearer {token}",
            "If-Match": read.headers["ETag"],
            "Content-Type": "application/merge-patch+json",
        },
        content=json.dumps({"accounts": accounts}),
    )
    assert partly.status_code == 200, partly.text
    assert _marks(server, page) == [True, False]

    page.reload()
    page.wait_for_function("() => document.body.dataset.ready === 'true'")
    assert not page.is_checked("#accounts-center"), "not every account is marked"
    page.check("#listed")
    page.click("#record-submit")
    page.wait_for_selector("#record-message[data-kind=ok]")
    assert _marks(server, page) == [True, False], "saving something else keeps each mark"

    page.check("#accounts-center")
    page.click("#record-submit")
    page.wait_for_function("() => document.querySelector('#record-message').dataset.kind === 'ok'")
    assert _marks(server, page) == [True, True]
    page.uncheck("#accounts-center")
    page.click("#record-submit")
    page.wait_for_function("() => document.querySelector('#record-message').dataset.kind === 'ok'")
    assert _marks(server, page) == [False, False], "a box read ticked and unticked unmarks all"


def test_a_second_device_reaches_the_same_record_with_a_recovery_code_or_a_link_code(
    browser: Browser, server: LiveServer
) -> None:
    first = _open(browser, server)
    _record(first, profile="same_person")
    account = _auth(first)["accountId"]
    first.click(".ways-back summary")
    assert first.is_visible("#stranded"), "no way back yet, and the page says so"
    first.click("#make-recovery")
    first.wait_for_selector("#recovery-result:not([hidden]) li")
    codes = first.eval_on_selector_all("#recovery-codes li", "li => li.map(i => i.textContent)")
    assert len(codes) == 10
    first.wait_for_selector("#stranded", state="hidden")
    assert serious(first) == []

    second = _open(browser, server)
    second.click("#reach summary")
    second.fill("#recovery-code", "WRONG-CODE-0000-0000")
    second.click("#recovery-form button")
    second.wait_for_selector("#reach-message[data-kind=error]")
    assert "does not work" in (second.text_content("#reach-message") or ""), "the code's own words"
    second.fill("#recovery-code", codes[0].lower())
    second.click("#recovery-form button")
    second.wait_for_function(f"() => ({AUTH})?.accountId === '{account}'")
    second.wait_for_function(PROFILE_IS.format("same_person"))

    first.click("#make-link")
    first.wait_for_selector("#link-result:not([hidden])")
    code = first.text_content("#link-code") or ""
    assert (first.get_attribute("#link-qr", "src") or "").startswith("data:image/svg+xml")
    third = _open(browser, server, path=f"/act#link={code}")
    assert third.input_value("#link-code-input") == code, "the link fills the code in"
    assert _auth(third) is None, "and uses it only when the person says so"
    third.click("#link-form button")
    third.wait_for_function(f"() => ({AUTH})?.accountId === '{account}'")
    assert "#link=" not in third.url
    third.wait_for_function(PROFILE_IS.format("same_person"))


def test_the_page_links_to_the_forms_the_service_names_and_words_only_real_problems() -> None:
    static = Path(str(STATIC))
    module = (static / "js" / "act" / "objection.js").read_text()
    forms = dict(re.findall(r'^  (\w+): "(https://[^"]+)",$', module, re.M))
    service = Path(__file__).parents[2] / "api" / "policy" / "jurisdictions.toml"
    assert forms == tomllib.loads(service.read_text())["forms"]

    words = json.loads((static / "i18n" / "act" / "en.json").read_text())
    prefix = "problem_"
    worded = {key.removeprefix(prefix).replace("_", "-") for key in words if key.startswith(prefix)}
    api = Path(__file__).parents[2] / "api"
    source = "\n".join(path.read_text() for path in api.rglob("*.py"))
    local = {"offline", "signed-out", "sign-in-unavailable"}  # answers the page makes itself
    unknown = {code for code in worded - local if f'"{code}"' not in source}
    assert unknown == set()
