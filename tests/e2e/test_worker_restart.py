"""When Chromium stops the idle service worker, the next page wakes a new one that still holds the
account's tokens: badges keep working and no new account is made."""

from tests.e2e.pages import FACEBOOK_HOME, feed
from tests.e2e.session import E2EBrowser


def test_badges_work_after_the_service_worker_was_stopped(browser: E2EBrowser) -> None:
    page_feed = feed(lang="de")
    warm = browser.open(FACEBOOK_HOME, page_feed.html)  # the account exists before the stop
    browser.wait_for_badges(warm, len(page_feed.expected))
    warm.close()
    auth = browser.auth()
    # The cached answers live in storage.session, which a restart keeps: drop them so the new
    # worker has to ask the service with the tokens it finds in storage.
    browser.extension.worker.evaluate("() => chrome.storage.session.clear()")
    browser.extension.worker.evaluate("() => { globalThis.__e2eBeforeStop = true; }")
    # The page's route stays from above: adding one while the worker is stopped would hang
    # (extension-e2e.md §5.10).
    browser.extension.stop_worker()
    mark = len(browser.requests)

    page = browser.new_page()
    page.goto(FACEBOOK_HOME)
    browser.wait_for_badges(page, len(page_feed.expected))

    assert browser.extension.worker.evaluate("() => globalThis.__e2eBeforeStop") is None, (
        "the worker was not restarted"
    )
    assert browser.auth()["accountId"] == auth["accountId"]
    after = [r for r in browser.requests[mark:] if r.from_worker]
    assert [r.path for r in after if r.method == "POST"] == ["/v1/explain"]
    assert after[0].headers.get("authorization") == f"Bearer {auth['accessToken']}"
