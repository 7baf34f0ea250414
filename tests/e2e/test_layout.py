"""Issue 13: the badge never moves the page it sits in, its explanation fits the window, and the
popup fits a laptop's screen.

Measured on the real saved pages (read in place from /work/shared/fixtures/real/, styled by the
CSS they carry) and on the synthetic fixtures: every element's box before the badges are added
(extension paused) and after (resumed), the explanation's box in a laptop and a phone window,
and the popup's height. Screenshots go to $AI_OPTOUT_SCREENSHOTS (default /tmp/ai-optout-layout),
Firefox's to its firefox/ folder.
"""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize

from browsers.firefox import FirefoxPage
from tests.e2e.flows import open_popup, record_opt_out
from tests.e2e.pages import FACEBOOK_HOME, INSTAGRAM_SYNTHETIC, REAL, REAL_PAGES, feed
from tests.e2e.session import BrowserPage, E2ESession, in_both_browsers

SHOTS = Path(os.environ.get("AI_OPTOUT_SCREENSHOTS", "/tmp/ai-optout-layout"))
LAPTOP = ViewportSize(width=1366, height=768)
PHONE = ViewportSize(width=390, height=844)
# The window the pages are measured in: Playwright's default, set in Firefox too (Puppeteer's
# default is 800x600).
WINDOW = ViewportSize(width=1280, height=720)
POPUP_MAX_HEIGHT = 600  # Chromium's and Firefox's limit for an action popup
TOLERANCE_PX = 0.5


def _real_pages() -> list[tuple[str, str]]:
    """(name, url) of every real page whose address is known: the ground truth's and pages.py's."""
    truth = json.loads((REAL / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {name: facts["url"] for name, facts in truth.items()}
    pages.update({f.name: f.url for f in REAL_PAGES})
    return sorted(pages.items())


def _synthetic_pages() -> list[tuple[str, str]]:
    return [("synthetic/facebook-feed", FACEBOOK_HOME), (RTL_FEED, FACEBOOK_HOME)] + [
        (f"synthetic/instagram-{f.name}", f.url) for f in INSTAGRAM_SYNTHETIC
    ]


# The synthetic feed laid out right to left, as an Arabic or Hebrew page is.
RTL_FEED = "synthetic/facebook-feed-rtl"


def _rtl(html: str) -> str:
    return html.replace('<html lang="en">', '<html lang="ar" dir="rtl">', 1)


# (name, url) only: the pages' markup is read (and the synthetic pages built through Node) by the
# test that opens them, not when the tests are collected.
PAGES = _real_pages() + _synthetic_pages()


def _html(name: str) -> str:
    if name == "synthetic/facebook-feed":
        return feed().html
    if name == RTL_FEED:
        return _rtl(feed().html)
    if name.startswith("synthetic/instagram-"):
        wanted = name.removeprefix("synthetic/instagram-")
        return next(f.html() for f in INSTAGRAM_SYNTHETIC if f.name == wanted)
    return (REAL / name).read_text(encoding="utf-8", errors="replace")


# Every element's box (document coordinates), kept in the page's own world by element, so the
# same elements are measured again later. Our badges and what they hold are left out.
_MEASURE_JS = """(first) => {
  if (first) window.__layoutElements = [...document.body.querySelectorAll("*")]
    .filter((el) => !el.closest(".ai-optout-badge"));
  return window.__layoutElements.map((el) => {
    if (!el.isConnected) return null;
    const r = el.getBoundingClientRect();
    return [r.left + scrollX, r.top + scrollY, r.width, r.height];
  });
}"""

_DESCRIBE_JS = """(i) => {
  const el = window.__layoutElements[i];
  const path = [];
  for (let e = el; e && e !== document.body && path.length < 4; e = e.parentElement) {
    const role = e.getAttribute("role");
    path.push(e.tagName.toLowerCase() + (role ? `[role=${role}]` : ""));
  }
  return path.reverse().join(" > ");
}"""

_ANSWERED_JS = """() => {
  const hosts = document.querySelectorAll(".ai-optout-badge");
  return document.documentElement.dataset.aiOptoutScans >= "1"
    && document.documentElement.dataset.aiOptoutAnswered === String(hosts.length)
    && [...hosts].every((h) => h.dataset.aiOptoutVerdict);
}"""

# Each badge: its button's box, the box of what it follows, and the colours it is drawn in.
_BADGES_JS = """() => [...document.querySelectorAll(".ai-optout-badge")].map((host) => {
  const b = host.shadowRoot.querySelector("button");
  const r = b.getBoundingClientRect();
  const before = host.previousElementSibling?.getBoundingClientRect() ?? null;
  const style = getComputedStyle(b);
  return {
    box: [r.left, r.top, r.width, r.height],
    before: before && [before.left, before.top, before.width, before.height],
    color: style.color, background: style.backgroundColor,
    text: b.textContent, scrollWidth: b.scrollWidth, clientWidth: b.clientWidth,
    shown: host.parentElement.checkVisibility(), fit: host.dataset.aiOptoutFit ?? "line",
  };
})"""

_PAUSED = "(v) => document.documentElement.dataset.aiOptoutPaused === v"


@pytest.fixture
def unpaused_afterwards(browser: E2ESession) -> Iterator[None]:
    yield
    browser.extension.set_storage({"paused": False})


def _sized(page: BrowserPage) -> Page | FirefoxPage:
    """The page, with the window size, screenshots and keys both browsers' pages offer."""
    assert isinstance(page, Page | FirefoxPage)
    return page


def _shots(page: BrowserPage) -> Path:
    """Where this browser's screenshots and figures go."""
    folder = SHOTS / "firefox" if isinstance(page, FirefoxPage) else SHOTS
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shot(page: BrowserPage, name: str) -> Path:
    path = _shots(page) / (name.replace("/", "-").replace(".html", "") + ".png")
    _sized(page).screenshot(path=str(path))
    return path


_TO_FIRST_BADGE_JS = """() => {
  const host = [...document.querySelectorAll(".ai-optout-badge")]
    .find((h) => h.parentElement.checkVisibility());
  host?.scrollIntoView({block: "center", inline: "nearest"});
}"""


def _shot_with_and_without(browser: E2ESession, page: BrowserPage, name: str) -> None:
    """The first visible badge's surroundings with the badges, then the same view without them."""
    page.evaluate(_TO_FIRST_BADGE_JS)
    _shot(page, f"page-{name}-with")
    browser.extension.set_storage({"paused": True})
    page.wait_for_function(_PAUSED, arg="true")
    _shot(page, f"page-{name}-without")


def _note(page: BrowserPage, name: str, facts: dict[str, Any]) -> None:
    """What was measured, kept beside the screenshots."""
    summary = _shots(page) / "summary.json"
    known = json.loads(summary.read_text()) if summary.exists() else {}
    known[name] = facts
    summary.write_text(json.dumps(known, indent=1, sort_keys=True))


def _moved(
    before: list[list[float] | None], after: list[list[float] | None]
) -> list[tuple[int, list[float], list[float]]]:
    """Elements whose top or height changed (elements gone either time are not compared)."""
    out = []
    for i, (b, a) in enumerate(zip(before, after, strict=True)):
        if b is None or a is None:
            continue
        if abs(b[1] - a[1]) > TOLERANCE_PX or abs(b[3] - a[3]) > TOLERANCE_PX:
            out.append((i, b, a))
    return out


def _open_with_badges(browser: E2ESession, url: str, html: str) -> tuple[BrowserPage, list[Any]]:
    """Open the page paused, measure every element, resume, wait for every badge's answer; the
    boxes before and after."""
    browser.extension.set_storage({"paused": True})
    page = browser.open(url, html)
    _sized(page).set_viewport_size(WINDOW)
    page.wait_for_function(_PAUSED, arg="true")
    page.wait_for_timeout(300)  # let the page's own late layout settle
    first = page.evaluate(_MEASURE_JS, True)
    page.wait_for_timeout(200)
    again = page.evaluate(_MEASURE_JS, False)
    # Elements the page itself keeps moving (animations, late images) say nothing about the badge.
    restless = {i for i, _, _ in _moved(first, again)}
    browser.extension.set_storage({"paused": False})
    page.wait_for_function(_PAUSED, arg="false")
    page.wait_for_function(_ANSWERED_JS)
    page.wait_for_timeout(100)  # a frame for the badges' own fitting
    after = page.evaluate(_MEASURE_JS, False)
    before = [None if i in restless else box for i, box in enumerate(again)]
    return page, [before, after]


def _luminance(css: str) -> float:
    parts = [float(p) for p in css[css.index("(") + 1 : css.index(")")].split(",")[:3]]
    lin = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (p / 255 for p in parts)
    ]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(fg: str, bg: str) -> float:
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.usefixtures("unpaused_afterwards")
@pytest.mark.parametrize(("name", "url"), PAGES, ids=[p[0] for p in PAGES])
@in_both_browsers
def test_adding_the_badges_moves_no_element_of_the_page(
    browser: E2ESession, name: str, url: str
) -> None:
    browser.forget_verdicts()
    page, (before, after) = _open_with_badges(browser, url, _html(name))
    badges = page.evaluate(_BADGES_JS)
    _shot_with_and_without(browser, page, name)

    moved = _moved(before, after)
    described = [(page.evaluate(_DESCRIBE_JS, i), b, a) for i, b, a in moved[:5]]
    assert moved == [], f"{len(moved)} elements moved or changed height: {described}"
    _note(page, name, {"badges": len(badges), "over": sum(b["fit"] == "over" for b in badges)})
    window_width = page.evaluate("() => document.documentElement.clientWidth")
    for badge in (b for b in badges if b["shown"]):  # a hidden container draws no badge
        assert badge["box"][2] > 0 and badge["box"][3] > 0, json.dumps(badge)
        # Past the window's edge a badge would widen the page: a sideways scrollbar, and in
        # browsers whose scrollbars take room, everything full-width moves.
        left, width = badge["box"][0], badge["box"][2]
        assert left >= 0 and left + width <= window_width + 0.5, json.dumps(badge)
        assert badge["scrollWidth"] <= badge["clientWidth"] + 1, badge
        assert _contrast(badge["color"], badge["background"]) >= 4.5, badge
        if badge["before"]:  # on the line of what it follows, not wrapped below it
            mid = badge["box"][1] + badge["box"][3] / 2
            top, height = badge["before"][1], badge["before"][3]
            assert top - 12 <= mid <= top + height + 12, json.dumps(badge)


def _place_near(page: BrowserPage, index: int, where: str) -> None:
    """Scroll so that badge `index` sits near the bottom edge, or the top, of the window."""
    page.evaluate(
        """([i, where]) => {
          const host = document.querySelectorAll(".ai-optout-badge")[i];
          const r = host.getBoundingClientRect();
          const target = where === "bottom" ? innerHeight - 40 : 40;
          window.scrollBy(0, r.top - target);
        }""",
        [index, where],
    )


_PANEL_JS = """(i) => {
  const host = document.querySelectorAll(".ai-optout-badge")[i];
  const panel = host.shadowRoot.querySelector("[data-ai-optout-explanation]");
  if (!panel) return null;
  const r = panel.getBoundingClientRect();
  const b = host.shadowRoot.querySelector("button").getBoundingClientRect();
  return {box: [r.left, r.top, r.right, r.bottom], badge: [b.left, b.right],
    scrollHeight: panel.scrollHeight,
    scrollWidth: panel.scrollWidth, clientWidth: panel.clientWidth,
    clientHeight: panel.clientHeight, overflowY: getComputedStyle(panel).overflowY,
    viewport: [innerWidth, innerHeight], focus: host.shadowRoot.activeElement?.tagName ?? null};
}"""


_FOCUS_BADGE_JS = """(i) => document.querySelectorAll(".ai-optout-badge")[i]
  .shadowRoot.querySelector("button.b").focus()"""

_FOCUSED_JS = """(i) => document.querySelectorAll(".ai-optout-badge")[i]
  .shadowRoot.activeElement?.tagName"""


@pytest.mark.parametrize(
    ("size", "rtl"),
    [(LAPTOP, False), (PHONE, False), (LAPTOP, True)],
    ids=["laptop", "phone", "rtl"],
)
@in_both_browsers
def test_the_explanation_fits_the_window_and_scrolls_inside(
    browser: E2ESession, size: ViewportSize, rtl: bool
) -> None:
    page_feed = feed(posts=8, comments=2, sharedEvery=3)
    browser.forget_verdicts()
    page = _sized(browser.open(FACEBOOK_HOME, _rtl(page_feed.html) if rtl else page_feed.html))
    page.set_viewport_size(size)
    browser.wait_for_badges(page, len(page_feed.expected))
    count = page.locator(".ai-optout-badge").count()
    label = f"{size['width']}x{size['height']}" + ("-rtl" if rtl else "")
    for index, where in [(0, "top"), (count // 2, "bottom"), (count - 1, "bottom")]:
        _place_near(page, index, where)
        page.evaluate(_FOCUS_BADGE_JS, index)
        page.keyboard.press("Enter")
        page.wait_for_function(f"(i) => ({_PANEL_JS})(i) !== null", arg=index)
        panel = page.evaluate(_PANEL_JS, index)
        _shot(page, f"explanation-{label}-{where}-{index}")
        left, top, right, bottom = panel["box"]
        width, height = panel["viewport"]
        assert left >= 0 and right <= width and top >= 0 and bottom <= height, panel
        if rtl:  # it opens leftwards from the badge's right edge (there is room on that side)
            assert abs(right - panel["badge"][1]) <= 1, panel
        assert panel["overflowY"] in {"auto", "scroll"}, "a long explanation scrolls inside"
        assert panel["scrollWidth"] <= panel["clientWidth"], (
            "its lines wrap, never run off its side"
        )
        assert panel["focus"] is not None, "focus moves into the explanation"
        page.keyboard.press("Escape")
        page.wait_for_function(f"(i) => ({_PANEL_JS})(i) === null", arg=index)
        assert page.evaluate(_FOCUSED_JS, index) == "BUTTON", "Escape gives focus back to the badge"


# The page's scroll height (never less than the window) and its content's own height.
_POPUP_HEIGHT_JS = """() => [document.documentElement.scrollHeight, innerHeight,
  Math.ceil(document.body.getBoundingClientRect().bottom + scrollY)]"""

# Every control of the popup, by id: each one must be on screen, or behind a disclosure one click
# away.
_CONTROLS = (
    "open-options", "age-band", "region", "platform-facebook", "profile-facebook",
    "objection-facebook", "objection-link-facebook", "platform-instagram", "profile-instagram",
    "objection-instagram", "objection-link-instagram", "scope-all", "scope-posts",
    "scope-comments", "scope-photos_videos", "scope-stories_reels", "scope-profile_info",
    "scope-ai_chats", "listed", "save",
)  # fmt: skip
_CONTROLS_SCOPES = tuple(c.removeprefix("scope-") for c in _CONTROLS if c.startswith("scope-"))


def _popup_height(page: BrowserPage, label: str) -> int:
    page.wait_for_timeout(100)
    _shot(page, f"popup-{label}")
    height, viewport, content = page.evaluate(_POPUP_HEIGHT_JS)
    assert viewport == POPUP_MAX_HEIGHT
    _note(
        page, f"popup/{label}", {"scrollHeight": height, "content": content, "viewport": viewport}
    )
    return int(height)


@in_both_browsers
def test_the_popup_fits_a_laptop_without_scrolling_and_keeps_every_control(
    browser: E2ESession,
) -> None:
    record_opt_out(browser)  # a region with Meta's forms, Facebook linked, its objection sent
    page = _sized(open_popup(browser))
    page.set_viewport_size(ViewportSize(width=360, height=POPUP_MAX_HEIGHT))
    assert _popup_height(page, "facebook-linked") <= POPUP_MAX_HEIGHT
    page.locator("#platform-instagram").check()  # the fullest form: both accounts linked
    assert page.locator("#profile-instagram").is_visible()
    assert _popup_height(page, "both-linked") <= POPUP_MAX_HEIGHT

    hidden = [c for c in _CONTROLS if not page.locator(f"#{c}").is_visible()]
    assert hidden == [f"scope-{s}" for s in _CONTROLS_SCOPES], "only the scope is folded away"
    page.locator("#scope-details summary").click()
    assert [c for c in _CONTROLS if not page.locator(f"#{c}").is_visible()] == []
    _popup_height(page, "scope-open")
    page.locator("#platform-instagram").uncheck()  # leave the record's form as it was
