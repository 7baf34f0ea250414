// Issue 11 item 7: the popup tells a person, once, that Meta's rules for their region changed since
// they last looked. The background asks the service's feed at most daily, with the region, a date
// and the UI language only; first run shows nothing from the past; a dismissed version never comes
// back; offline keeps what is known and tries again; with the region unknown nothing is asked.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { senderAllowed } from "../src/background/dispatcher.js";
import { MSG, messageError } from "../src/messages.js";
import { CHECK_EVERY_MS, createPolicyNotices, localDay, nextDay, noticesFrom } from "../src/background/policy-notices.js";

const BASE = "http://127.0.0.1:8000";
const DAY = 24 * 60 * 60 * 1000;
const START = new Date(2026, 11, 5, 9, 0).getTime(); // 5 Dec 2026, 09:00 local time
const SOURCE = "https://www.dataprotection.ie/en/news-media/latest-news/dpc-statement-meta-ai";
const V_MAY = {
  id: "meta-eu-2025-05-27", title: "EU: public posts used from 27 May 2025, objection possible",
  effective_from: "2025-05-27", regions: ["DE"], training: "running", opt_out: true, revision: 1,
  changes: [{ text: "Training on public adult content starts in the EU.", source: SOURCE }],
};
const V_NEW = { ...V_MAY, id: "meta-eu-2026-12-06", effective_from: "2026-12-06", changes: [{ text: "A new rule.", source: SOURCE }] };

/** A fake service: answers the feed with `versions` taking effect on or after `since`, or fails. */
function fakeFeed(versions, { lang = "en" } = {}) {
  const calls = [];
  let down = false;
  const fetch = async (url, init) => {
    calls.push({ url: new URL(url), init });
    if (down) throw new TypeError("Failed to fetch");
    const since = new URL(url).searchParams.get("since");
    const body = versions().filter((v) => v.effective_from >= since).sort((a, b) => b.effective_from.localeCompare(a.effective_from));
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json", "Content-Language": lang } });
  };
  return { calls, fetch, setDown: (value) => { down = value; } };
}

function setup({ region = "DE", versions = () => [V_MAY], stored = null, lang = "en" } = {}) {
  const feed = fakeFeed(versions, { lang });
  const clock = { now: START };
  const store = { state: stored };
  const place = { region };
  const notices = createPolicyNotices({
    fetch: /** @type {any} */ (feed.fetch),
    apiBase: async () => BASE,
    region: async () => place.region,
    language: () => "de-DE",
    load: async () => structuredClone(store.state),
    save: async (state) => { store.state = structuredClone(state); },
    now: () => clock.now,
  });
  return { notices, feed, clock, store, place };
}

/** The person last looked on `day`, a day ago (so the daily check is due). */
const lookedOn = (day, extra = {}) => ({ region: "DE", lastLooked: day, checkedAt: START - DAY, pending: [], dismissed: [], ...extra });

describe("days", () => {
  it("reads the local day and the day after, across a month and a year", () => {
    assert.equal(localDay(START), "2026-12-05");
    assert.equal(nextDay("2025-05-31"), "2025-06-01");
    assert.equal(nextDay("2026-12-31"), "2027-01-01");
    assert.equal(nextDay("2028-02-28"), "2028-02-29");
  });
});

describe("policy notices", () => {
  it("first run: remembers today, asks nothing and shows nothing from the past", async () => {
    const { notices, feed, store } = setup();
    const answer = await notices.current();
    assert.deepEqual(answer, { ok: true, region: "DE", site: `${BASE}/?region=DE`, notices: [] });
    assert.equal(feed.calls.length, 0);
    assert.equal(store.state.lastLooked, "2026-12-05");
    assert.equal(store.state.region, "DE");
  });

  it("shows a version that took effect since the person last looked, asking with the region and a date only", async () => {
    const { notices, feed, store } = setup({ stored: lookedOn("2025-05-01"), lang: "de" });
    const answer = await notices.current();
    assert.deepEqual(answer.notices.map((n) => [n.id, n.effective_from, n.lang]), [["meta-eu-2025-05-27", "2025-05-27", "de"]]);
    assert.deepEqual(answer.notices[0].changes, V_MAY.changes);
    assert.equal(feed.calls.length, 1);
    const [{ url, init }] = feed.calls;
    assert.equal(`${url.origin}${url.pathname}`, `${BASE}/v1/policies/changes`);
    assert.deepEqual([...url.searchParams], [["since", "2025-05-02"], ["region", "DE"]]);
    assert.equal(init.credentials, "omit");
    assert.equal(init.body, undefined);
    assert.deepEqual(Object.keys(init.headers).sort(), ["Accept", "Accept-Language"]);
    assert.equal(init.headers["Accept-Language"], "de-DE", "the person's UI language");
    assert.equal(store.state.lastLooked, "2026-12-05", "looked today");
    // Shown until dismissed: the popup opened again the same day asks nothing and shows it again.
    assert.deepEqual((await notices.current()).notices.map((n) => n.id), ["meta-eu-2025-05-27"]);
    assert.equal(feed.calls.length, 1);
  });

  it("nothing new since the day last looked: nothing shown (the day last looked was already seen)", async () => {
    const { notices, feed } = setup({ stored: lookedOn("2025-05-27") });
    assert.deepEqual((await notices.current()).notices, []);
    assert.equal(feed.calls[0].url.searchParams.get("since"), "2025-05-28");
  });

  it("asks at most once a day, and a version taking effect tomorrow is told tomorrow, not before", async () => {
    const { notices, feed, clock } = setup({ stored: lookedOn("2026-12-01"), versions: () => [V_MAY, V_NEW] });
    assert.deepEqual((await notices.current()).notices, [], "6 December is tomorrow");
    clock.now += DAY / 2;
    await notices.current();
    assert.equal(feed.calls.length, 1, "half a day later: not asked again");
    clock.now = START + CHECK_EVERY_MS;
    assert.deepEqual((await notices.current()).notices.map((n) => n.id), ["meta-eu-2026-12-06"]);
    assert.deepEqual(feed.calls.map((c) => c.url.searchParams.get("since")), ["2026-12-02", "2026-12-06"]);
  });

  it("a dismissed version never comes back, though the feed lists it again", async () => {
    const { notices, feed, clock, store } = setup({ stored: lookedOn("2025-05-01") });
    const shown = await notices.current();
    assert.deepEqual(await notices.dismiss(shown.notices.map((n) => n.id)), { ok: true });
    assert.deepEqual((await notices.current()).notices, []);
    assert.deepEqual(store.state.dismissed, ["meta-eu-2025-05-27"]);
    // The next day's check asks from the day after; were the feed to list it again, it stays dismissed.
    store.state.lastLooked = "2025-05-01";
    clock.now += DAY;
    assert.deepEqual((await notices.current()).notices, []);
    assert.equal(feed.calls.length, 2);
  });

  it("offline: keeps what it knows, keeps the day last looked, and asks again at the next opening", async () => {
    const { notices, feed, store } = setup({ stored: lookedOn("2025-05-01") });
    feed.setDown(true);
    assert.deepEqual(await notices.current(), { ok: true, region: "DE", site: `${BASE}/?region=DE`, notices: [] });
    assert.equal(store.state.lastLooked, "2025-05-01", "nothing was looked at");
    feed.setDown(false);
    assert.deepEqual((await notices.current()).notices.map((n) => n.id), ["meta-eu-2025-05-27"]);
    assert.equal(feed.calls.length, 2);
  });

  it("a service that refuses or answers garbage changes nothing", async () => {
    for (const answer of [new Response("{}", { status: 503 }), new Response('{"not": "a list"}', { status: 200 })]) {
      const store = { state: lookedOn("2025-05-01") };
      const before = structuredClone(store.state);
      const notices = createPolicyNotices({
        fetch: async () => answer, apiBase: async () => BASE, region: async () => "DE", language: () => "en",
        load: async () => store.state, save: async (s) => { store.state = s; }, now: () => START,
      });
      assert.deepEqual((await notices.current()).notices, []);
      assert.deepEqual(store.state, before);
    }
  });

  it("region unknown: asks nothing, shows nothing, remembers nothing", async () => {
    for (const region of [null, "", "germany"]) {
      const { notices, feed, store } = setup({ region });
      assert.deepEqual(await notices.current(), { ok: true, region: null, site: null, notices: [] });
      assert.equal(feed.calls.length, 0);
      assert.equal(store.state, null);
    }
  });

  it("a new region starts afresh: nothing from its past, the old region's notices dropped, dismissals kept", async () => {
    const { notices, feed, store, place } = setup({ stored: lookedOn("2025-05-01", { dismissed: ["meta-eu-2024-06-14"] }) });
    assert.equal((await notices.current()).notices.length, 1);
    place.region = "BR";
    assert.deepEqual(await notices.current(), { ok: true, region: "BR", site: `${BASE}/?region=BR`, notices: [] });
    assert.equal(feed.calls.length, 1);
    assert.deepEqual(store.state.pending, []);
    assert.deepEqual(store.state.dismissed, ["meta-eu-2024-06-14"]);
  });

  it("popups opened together share one request", async () => {
    const { notices, feed } = setup({ stored: lookedOn("2025-05-01") });
    const [a, b] = await Promise.all([notices.current(), notices.current()]);
    assert.deepEqual(a, b);
    assert.equal(feed.calls.length, 1);
  });
});

describe("noticesFrom", () => {
  it("keeps well-formed versions in force by today, newest first, and only http(s) sources", () => {
    const body = [
      { ...V_MAY, id: "meta-eu-2024-06-14", effective_from: "2024-06-14", changes: [{ text: "Paused.", source: "javascript:alert(1)" }, { text: " " }] },
      V_MAY,
      V_NEW,
      { ...V_MAY, id: "Not An Id" },
      { ...V_MAY, id: "meta-x", effective_from: "soon" },
    ];
    const got = noticesFrom(body, null, "2026-12-05");
    assert.deepEqual(got.map((n) => n.id), ["meta-eu-2025-05-27", "meta-eu-2024-06-14"]);
    assert.deepEqual(got[1].changes, [{ text: "Paused.", source: "" }]);
    assert.throws(() => noticesFrom({ detail: "x" }, null, "2026-12-05"), /not a list/);
  });
});

describe("the popup's messages", () => {
  it("dismissal takes a short list of policy version ids and nothing else", () => {
    assert.equal(messageError({ type: MSG.POLICY_NOTICES }), null);
    assert.equal(messageError({ type: MSG.DISMISS_POLICY_NOTICES, ids: ["meta-eu-2025-05-27"] }), null);
    for (const ids of [undefined, [], "meta-eu-2025-05-27", ["<img src=x>"], ["https://example.org/"], Array(21).fill("meta-eu-2025-05-27")]) {
      assert.ok(messageError({ type: MSG.DISMISS_POLICY_NOTICES, ids }), JSON.stringify(ids));
    }
  });

  it("only the extension's own pages may ask or dismiss, never a site's content script", () => {
    const trust = { extensionId: "x", extensionBase: "chrome-extension://x/", contentHosts: ["www.facebook.com"] };
    const popup = { id: "x", url: "chrome-extension://x/popup.html" };
    const tab = { id: "x", url: "https://www.facebook.com/", tab: { id: 1 } };
    for (const type of [MSG.POLICY_NOTICES, MSG.DISMISS_POLICY_NOTICES]) {
      assert.equal(senderAllowed(popup, type, trust), true);
      assert.equal(senderAllowed(tab, type, trust), false);
    }
  });
});
