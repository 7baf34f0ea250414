"""An infinite feed: posts are appended, re-rendered and unmounted; badges follow, one per item,
and the extension never removes a node of the page's own."""

from tests.e2e.pages import FACEBOOK_HOME, feed
from tests.e2e.session import BrowserPage, E2ESession, in_both_browsers

# Runs in the page before its own scripts: keeps every node the page had once parsed, and notes
# every node removed from the document that is neither a badge nor a unit the test told the
# fixture to replace or unmount.
WATCH_REMOVALS = """
window.__e2e = { unexpected: [], replaced: [], original: [], parsed: -1 };
new MutationObserver((records) => {
  for (const r of records) for (const n of r.removedNodes) {
    if (n.nodeType === 1 && n.matches(".ai-optout-badge")) continue;
    if (window.__e2e.replaced.some((u) => u === n || u.contains(n))) continue;
    window.__e2e.unexpected.push(n.nodeType === 1 ? n.outerHTML.slice(0, 120) : String(n.data));
  }
}).observe(document, { childList: true, subtree: true });
document.addEventListener("DOMContentLoaded", () => {
  window.__e2e.original = [...document.querySelectorAll("*")];
  window.__e2e.parsed = window.__e2e.original.length;
});
"""

_FIXTURE_CALL = """([method, i]) => {
  const unit = document.querySelector(`[data-fixture-post="${i}"]`);
  if (unit) window.__e2e.replaced.push(unit);
  return window.aiOptoutFixture[method](i);
}"""

_PAGE_NODES = """() => [...document.querySelectorAll("*")]
  .filter((n) => !n.matches(".ai-optout-badge")).length"""

_REMOVE_FIRST_BADGE = """(i) => {
  const badge = document.querySelector(`[data-fixture-post="${i}"] .ai-optout-badge`);
  badge.remove();
  return badge.dataset.aiOptoutRef;
}"""

_LOST = """() => window.__e2e.original
  .filter((n) => !n.isConnected && !window.__e2e.replaced.some((u) => u.contains(n))).length"""


def _call(page: BrowserPage, method: str, i: int) -> None:
    page.evaluate(_FIXTURE_CALL, [method, i])


def _badge_keys(browser: E2ESession, page: BrowserPage) -> list[str]:
    """Each badge's ref: drawn once per item and page load, so it follows the item on this page."""
    keys = [b["aiOptoutRef"] for b in browser.badges(page)]
    assert len(keys) == len(set(keys)), "an item has two badges"
    return keys


def _badges_in_unit(page: BrowserPage, i: int) -> int:
    return page.locator(
        f'[data-fixture-post="{i}"] .ai-optout-badge[data-ai-optout-verdict]'
    ).count()


@in_both_browsers
def test_badges_follow_an_infinite_feed_and_the_pages_own_nodes_stay(browser: E2ESession) -> None:
    grown = feed(grow=True)
    page = browser.open(FACEBOOK_HOME, grown.html, init_script=WATCH_REMOVALS)
    first = len(grown.expected)
    browser.wait_for_badges(page, first)
    assert page.evaluate(_PAGE_NODES) == page.evaluate("() => window.__e2e.parsed"), (
        "the extension added something other than badges, or removed a node of the page"
    )
    keys = _badge_keys(browser, page)

    # Five more posts load at the bottom.
    page.evaluate("() => window.aiOptoutFixture.append(5)")
    more = len(feed(posts=25).expected)
    browser.wait_for_badges(page, more)
    assert _badge_keys(browser, page)[:first] == keys

    # React replaces post 3's whole subtree: the new nodes get their badges (known verdicts).
    _call(page, "rerender", 3)
    page.wait_for_function(
        "() => document.querySelector('[data-fixture-post=\"3\"]')"
        ".querySelectorAll('.ai-optout-badge[data-ai-optout-verdict]').length === 3"
    )
    browser.wait_for_badges(page, more)
    assert sorted(_badge_keys(browser, page)[:first]) == sorted(keys)

    # The page drops a badge while reconciling its own children: it is put back, once.
    key0 = page.evaluate(_REMOVE_FIRST_BADGE, 0)
    browser.wait_for_badges(page, more)
    assert _badge_keys(browser, page).count(str(key0)) == 1

    # Virtualised: post 5 is unmounted while scrolled away, then mounted again at the end.
    _call(page, "virtualize", 5)
    browser.wait_for_badges(page, more - 3)
    _call(page, "restore", 5)
    browser.wait_for_badges(page, more)
    assert _badges_in_unit(page, 5) == 3
    assert sorted(_badge_keys(browser, page)) == sorted(set(_badge_keys(browser, page)))

    assert page.evaluate("() => window.__e2e.unexpected") == []
    assert page.evaluate(_LOST) == 0, "a node of the page's own was taken off the page"
