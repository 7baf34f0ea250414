"""Only facts leave the page: every request the extension made in the other end-to-end tests goes
to the service alone, and none carries a post's text, a name, someone's profile, or an image."""

import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from api.page_reports.schemas import PageReportIn
from tests.e2e.flows import record_opt_out
from tests.e2e.pages import FACEBOOK_HOME, INSTAGRAM_SYNTHETIC, REAL_PAGES, feed
from tests.e2e.session import E2ESession, Sent, in_both_browsers

ITEM_FIELDS = {"id", "platform", "kind", "audience", "created_at", "author", "author_age"}
VOCABULARY = {
    "platform": {"facebook", "instagram"},
    "kind": {"post", "photo", "video", "reel", "story", "comment", "reply"},
    "audience": {
        "public",
        "friends",
        "friends_of_friends",
        "only_me",
        "custom",
        "close_friends",
        "followers",
        "group_public",
        "group_private",
        "unknown",
    },
    "author": {"self", "other"},
    "author_age": {"adult", "minor", "unknown"},
}
SERVICE_PATHS = {
    "/v1/accounts",
    "/v1/auth/refresh",
    "/v1/explain",
    "/v1/me/preferences",
    # The ways back to a record and the credentials that keep it reachable (the options page).
    "/v1/auth/recovery",
    "/v1/auth/link",
    "/v1/auth/sign-out",
    "/v1/me/recovery-codes",
    "/v1/me/link-codes",
    "/v1/me/passkeys",
    "/v1/auth/oidc/providers",
    # Signed page rules, checked at most daily, and "this page looks wrong" (shapes only).
    "/.well-known/jwks.json",
    "/v1/page-rules",
    "/v1/page-reports",
    "/v1/policies/changes",
}
# The sites' own hosts: the saved pages' own images and scripts ask for them (and are aborted).
PAGE_HOSTS = re.compile(
    r"^https://([a-z0-9.-]+\.)?(facebook\.com|fbcdn\.net|instagram\.com|cdninstagram\.com)$"
)
# Where the extension spells the path words a page report's path shape may keep.
EXTENSION_SRC = Path(__file__).resolve().parents[2] / "extension" / "src"
EXTENSION_PATH_WORDS = "".join(
    (EXTENSION_SRC / name).read_text() for name in ("page-rules.js", "page/page-shape.js")
)
# Words a request may contain in its own right: field names, values, the service's paths.
ALLOWED_WORDS = " ".join(
    [*ITEM_FIELDS, *(v for values in VOCABULARY.values() for v in values), *SERVICE_PATHS,
     "items region accounts profile objection state submitted_on confirmed_on rejected_reason "
     "scope listed refresh_token not_started submitted"]
)  # fmt: skip


def _exercise(browser: E2ESession) -> None:
    """What the other tests do, for when this test runs on its own."""
    pages = [(FACEBOOK_HOME, feed().html, len(feed().expected), "synthetic feed")]
    pages += [(f.url, f.html(), len(f.expected), f.name) for f in INSTAGRAM_SYNTHETIC + REAL_PAGES]
    for url, html, count, label in pages:
        page = browser.open(url, html)
        browser.wait_for_badges(page, count)
        browser.remember_secrets(page, label)
    record_opt_out(browser)


def _own_profile_strings(browser: E2ESession) -> list[str]:
    record = browser.api.get("/v1/me/preferences", headers=browser.as_extension()).json()
    own = [a["profile"] for a in record["accounts"]] + [
        a["profile_url"] for a in record["accounts"]
    ]
    return [s for s in own if s]


def _secrets(browser: E2ESession) -> set[str]:
    own = _own_profile_strings(browser)
    return {
        s
        for found in browser.secrets.values()
        for s in found
        if len(s) >= 6
        and s not in ALLOWED_WORDS
        and not re.fullmatch(r"[0-9a-f]{6,16}", s)  # could be part of an item's hashed key
        and not any(s in mine or mine in s for mine in own)  # the person's own profile
    }


def _calls_the_service_logged(log: str) -> Counter[tuple[str, str]]:
    calls: Counter[tuple[str, str]] = Counter()
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("logger") == "api.requests" and entry.get("route") in SERVICE_PATHS:
            calls[(entry["method"], entry["route"])] += 1
    return calls


def _logged_calls_once_flushed(
    browser: E2ESession, expected: Counter[tuple[str, str]]
) -> Counter[tuple[str, str]]:
    """The server writes a request's log line after sending its response, so the last line
    may land a moment after the browser saw the answer: wait up to 5 s for it."""
    deadline = time.monotonic() + 5
    while True:
        logged = _calls_the_service_logged(browser.server.log())
        if logged == expected or time.monotonic() > deadline:
            return logged
        time.sleep(0.1)


def _assert_path_shape_keeps_site_words(path_shape: str) -> None:
    """A path shape keeps only the sites' own path words ("groups", "posts"), which the extension
    spells in its rules and never reads from the page; every other segment is a star."""
    kept = [s for s in path_shape.split("/") if s and s != "*"]
    unspelled = [s for s in kept if f'"{s}"' not in EXTENSION_PATH_WORDS]
    assert unspelled == [], f"a path shape kept words the extension does not spell: {unspelled}"


def _haystack(sent: Sent) -> str:
    """What a request carries that could hold a page's words. Of a page report, all but its
    shape tree (the sites' own tags, roles and attribute names, which a page's text may share)
    and its path shape (the test checks it holds only the sites' own words): the names it
    counts under."""
    headers = {k: v for k, v in sent.headers.items() if k != "authorization"}
    body = sent.body
    if sent.path == "/v1/page-reports":
        found = PageReportIn.model_validate_json(sent.body).found
        body = "\n".join([*found.kinds, *found.audiences, *found.authors, *found.skipped])
    return "\n".join([sent.url, body, json.dumps(headers)])


def _assert_explain_body_is_facts_only(body: dict[str, Any], *, signed_in: bool) -> None:
    if signed_in:
        assert set(body) == {"items"}, "no region, date or anything else beside the items"
    else:
        # Without a token the service cannot read the person's record: the extension sends the
        # region and objection it last read from it, so a badge says nothing false meanwhile.
        assert set(body) <= {"items", "region", "objection"}
        assert set(body.get("objection", {})) <= {"filed_on", "scope", "withdrawn_on"}
    for item in body["items"]:
        assert set(item) <= ITEM_FIELDS
        assert set(item) >= ITEM_FIELDS - {"created_at"}
        assert re.fullmatch(r"[0-9a-f]{16}", item["id"]), "the id is the salted hash"
        for name, values in VOCABULARY.items():
            assert item[name] in values
        if "created_at" in item:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["created_at"])


@in_both_browsers
def test_the_extension_sends_only_facts_and_only_to_the_service(browser: E2ESession) -> None:
    if not browser.sent_explain_items() or not browser.secrets:
        _exercise(browser)
    secrets = _secrets(browser)
    assert len(secrets) > 50, "too few page strings to prove anything"
    ours = browser.extension.page_url("").rstrip("/")

    from_worker = [r for r in browser.requests if r.from_worker]
    # The capture is whole: the service saw exactly the worker's requests and the tests' own.
    # Calls through a stand-in for the service (a fault proxy) reach it as the proxy forwarded
    # them, and other profiles' calls are not in this browser's capture: tests note both in
    # `browser.direct`.
    captured = Counter((r.method, r.path) for r in from_worker if r.origin == browser.api_base)
    captured.update(call for call in browser.direct if call[1] in SERVICE_PATHS)
    assert _logged_calls_once_flushed(browser, captured) == captured
    assert {r.origin for r in from_worker} <= {browser.api_base, *browser.stand_ins}
    assert {r.path for r in from_worker} <= SERVICE_PATHS
    assert {"/v1/accounts", "/v1/explain", "/v1/me/preferences"} <= {r.path for r in from_worker}
    assert browser.outbound == [], "the browser sent something beyond loopback"
    for sent in browser.requests:
        if sent.from_worker:
            continue
        # Pages ask for the extension's own modules and, saved real pages, for their own files.
        assert sent.origin != browser.api_base, f"a page called the service: {sent.url}"
        if sent.origin == ours:
            assert sent.method == "GET" and sent.body == ""
        else:
            assert PAGE_HOSTS.match(sent.origin) or sent.url.startswith(
                ("chrome:", "data:", "blob:")
            ), sent.url

    # A page report's shape tree is the page's shape in the sites' own words (tags, roles,
    # attribute names), which a page's text may share: it is held to its schema, which has room
    # for nothing else (tests/e2e/test_page_rules.py puts a page of personal data through it).
    # The rest of the report is checked for leaks like any request (`_haystack`).
    carried = [(sent, _haystack(sent)) for sent in from_worker]
    leaks = [
        (secret, sent.method, sent.url)
        for sent, haystack in carried
        for secret in secrets
        if secret in haystack
    ]
    assert leaks == []
    for sent in from_worker:
        assert "cookie" not in sent.headers
        assert not re.search(r"facebook\.com|instagram\.com", sent.headers.get("referer", ""))
        if sent.path == "/v1/explain":
            signed_in = "authorization" in sent.headers
            _assert_explain_body_is_facts_only(json.loads(sent.body), signed_in=signed_in)
        if sent.path == "/v1/page-reports":
            path_shape = PageReportIn.model_validate_json(sent.body).path_shape
            _assert_path_shape_keeps_site_words(path_shape)
    log = browser.server.log()
    assert [s for s in secrets if s in log] == [], "the service logged what a page showed"
