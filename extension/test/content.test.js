import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { start } from "../src/content/content-main.js";
import { createBadgeManager } from "../src/content/badges.js";
import { readPage } from "../src/page/page-reader.js";
import { useBrowserApi } from "../src/ext.js";
import { MSG, isFact } from "../src/messages.js";
import { syntheticFeed } from "./fixtures/synthetic-feed.js";
import { fakeBackground } from "./helpers/fake-background.js";
import { fakeBrowser, messagesFor } from "./helpers/fake-browser.js";
import { load } from "./helpers/dom.js";
import { until } from "./helpers/until.js";

const t = messagesFor("en");
const deps = (bg) => ({ send: bg.send, explain: bg.explain, translate: t, watchStorage: false });

test("badges appear with verdicts; the page's items go in one request; only facts are sent; counters are published", async () => {
  const { window, document } = load(syntheticFeed({ posts: 300, comments: 1, sponsoredEvery: 10 }));
  const bg = fakeBackground();
  const app = await start(window, deps(bg));
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 540);
  assert.equal(bg.explains.length, 1, "one request for the whole page: the background splits it");
  const items = bg.items();
  assert.equal(items.length, 540);
  assert.ok(items.every(isFact), "every item is a bare fact record");
  assert.ok(!JSON.stringify(bg.explains).includes("person."), "no names, handles or URLs leave the page");
  assert.ok(!JSON.stringify(bg.explains).includes("synthetic text"), "no post text leaves the page");
  const data = document.documentElement.dataset;
  assert.equal(data.aiOptoutPosts, "270");
  assert.equal(data.aiOptoutComments, "270");
  assert.equal(data.aiOptoutSkipped, "30");
  assert.equal(data.aiOptoutAnswered, "540");
  assert.ok(Number(data.aiOptoutScanMs) > 0 && Number(data.aiOptoutReadMs) > 0);
  assert.equal(document.querySelector('[aria-posinset="1"] .ai-optout-badge').dataset.aiOptoutVerdict, "included");
  assert.equal(document.querySelector('[aria-posinset="2"] .ai-optout-badge').dataset.aiOptoutVerdict, "excluded");
  app.scanner.stop();
});

test("issue 2: each batch's verdicts show as soon as it is answered, before the rest of the page's", async () => {
  const { window, document } = load(syntheticFeed({ posts: 400, comments: 2 }));
  const bg = fakeBackground({ hold: true });
  const app = await start(window, deps(bg));
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 500);
  await sleep(50);
  assert.equal(document.querySelectorAll("[data-ai-optout-verdict]").length, 500, "the other batches are still out");
  assert.equal(document.documentElement.dataset.aiOptoutAnswered, "500");
  assert.equal(document.querySelectorAll('[data-ai-optout-state="pending"]').length, 700, "the rest still say they are checking");
  bg.release();
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 1000);
  bg.release();
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 1200);
  assert.equal(bg.explains.length, 1);
  app.scanner.stop();
});

test("issue 4: the page holds no stable identifier: no item key, and ids drawn afresh on every page load", async () => {
  const html = syntheticFeed({ posts: 5, comments: 1 });
  const refsOf = async () => {
    const { window, document } = load(html);
    const bg = fakeBackground();
    const app = await start(window, deps(bg));
    await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 10);
    app.scanner.stop();
    const hosts = [...document.querySelectorAll(".ai-optout-badge")];
    const keys = new Set(bg.items().map((f) => f.key));
    assert.equal(hosts.filter((h) => h.dataset.aiOptoutKey !== undefined).length, 0, "no data-ai-optout-key");
    for (const h of hosts) for (const attr of h.getAttributeNames()) assert.ok(!keys.has(h.getAttribute(attr)), `${attr} holds an item key`);
    const sentRef = new Map(bg.items().map((f) => [f.ref, f]));
    const refs = hosts.map((h) => h.dataset.aiOptoutRef);
    assert.ok(refs.every((r) => /^[0-9a-f]{16}$/.test(r)));
    assert.equal(new Set(refs).size, 10, "one id per item");
    assert.ok(refs.every((r) => sentRef.has(r)), "the id in the page is the one the background got for that item");
    assert.deepEqual(hosts.map((h) => h.dataset.aiOptoutKind), refs.map((r) => sentRef.get(r).kind));
    return { refs, keys: bg.items().map((f) => f.key) };
  };
  const first = await refsOf();
  const second = await refsOf();
  assert.deepEqual(second.keys, first.keys, "the cache key stays the same inside the extension");
  assert.equal(first.refs.filter((r) => second.refs.includes(r)).length, 0, "nothing in the page links two visits");
});

test("issue 1: a new verdictEpoch (the record changed) drops every verdict shown and asks again; late answers of before are ignored", async () => {
  const browser = fakeBrowser();
  useBrowserApi(browser);
  const { window, document } = load(syntheticFeed({ posts: 3, comments: 1 }));
  const bg = fakeBackground();
  const asked = []; // [items, release] per request; a request answers only once released
  const uncertain = (items) => ({ policy: null, results: Object.fromEntries(items.map((f) => [f.key, { verdict: "uncertain", reasons: [], actions: [], flip: [] }])) });
  const explain = (items, onPart) => new Promise((release) => asked.push([items, release]))
    .then((stale) => (stale ? (onPart(uncertain(items)), { ok: true, results: {} }) : bg.explain(items, onPart)));
  const verdicts = () => [...document.querySelectorAll(".ai-optout-badge")].map((h) => h.dataset.aiOptoutVerdict ?? h.dataset.aiOptoutState);
  const app = await start(window, { ...deps(bg), explain, watchStorage: true });
  await until(() => asked.length === 1);
  asked[0][1]();
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 6);
  const before = verdicts();

  await browser.storage.local.set({ verdictEpoch: "e2" });
  await until(() => asked.length === 2);
  assert.deepEqual(verdicts(), Array(6).fill("pending"), "no verdict made for the old record stays on the page");
  assert.equal(document.documentElement.dataset.aiOptoutAnswered, "0");
  await browser.storage.local.set({ verdictEpoch: "e3" }); // changed again while that request was out
  await until(() => asked.length === 3);
  asked[2][1]();
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 6);
  asked[1][1](true); // the answer asked for under e2 arrives last, and says otherwise
  await sleep(50);
  assert.deepEqual(verdicts(), before);
  assert.deepEqual(asked[2][0].map((f) => f.ref), asked[0][0].map((f) => f.ref), "one page load keeps its ids");

  await browser.storage.local.set({ apiBase: "http://localhost:9000" }); // another service: ask it too
  await until(() => asked.length === 4);
  asked[3][1]();
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 6);
  app.scanner.stop();
});

test("the daily page-rules check (a new time stamp only) reads nothing again; a new version or service does", async () => {
  const browser = fakeBrowser();
  useBrowserApi(browser);
  const { window, document } = load(syntheticFeed({ posts: 3, comments: 1 }));
  const bg = fakeBackground();
  const configs = () => bg.sent.filter((m) => m.type === MSG.GET_PAGE_CONFIG).length;
  const app = await start(window, { ...deps(bg), watchStorage: true });
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 6);
  const base = { apiBase: "http://127.0.0.1:8000", checkedAt: 1, version: 7, document: { version: 7 } };
  await browser.storage.local.set({ pageRules: base });
  await until(() => configs() === 2);
  await browser.storage.local.set({ pageRules: { ...base, checkedAt: 2 } });
  await browser.storage.local.set({ pageRules: { ...base, checkedAt: 3, refused: "version 7 is not newer than 7" } });
  await sleep(50);
  assert.equal(configs(), 2, "a check that found nothing new asks for no config");
  await browser.storage.local.set({ pageRules: { ...base, checkedAt: 4, version: 8, document: { version: 8 } } });
  await until(() => configs() === 3);
  await browser.storage.local.set({ pageRules: { ...base, checkedAt: 5, version: 8, apiBase: "http://localhost:9000" } });
  await until(() => configs() === 4);
  app.scanner.stop();
});

test("issue 4: the infinite feed, React re-renders and virtualised posts keep their badges without asking again", async () => {
  const { window, document } = load(syntheticFeed({ posts: 10, grow: true }), undefined, { runScripts: "dangerously" });
  const bg = fakeBackground();
  const app = await start(window, deps(bg));
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 10);
  window.aiOptoutFixture.append(5);
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 15);
  assert.equal(bg.items().length, 15, "only the new posts were asked for");
  window.aiOptoutFixture.rerender(3); // React replaces the post's subtree: our badge goes with it
  await until(() => document.querySelector('[data-fixture-post="3"] [data-ai-optout-verdict]'));
  window.aiOptoutFixture.virtualize(4);
  window.aiOptoutFixture.restore(4);
  await until(() => document.querySelector('[data-fixture-post="4"] [data-ai-optout-verdict]'));
  assert.equal(bg.items().length, 15, "re-mounted posts reuse the answer by key");
  assert.equal(document.querySelectorAll(".ai-optout-badge").length, 15, "never two badges for one post");
  app.scanner.stop();
});

test("the page's own nodes are never removed or changed; pausing removes only our badges", async () => {
  const { window, document } = load(syntheticFeed({ posts: 6, comments: 1 }));
  const before = document.querySelectorAll("*").length;
  const bg = fakeBackground({ paused: true });
  const app = await start(window, deps(bg));
  await sleep(50);
  assert.equal(document.querySelectorAll(".ai-optout-badge").length, 0);
  assert.equal(document.documentElement.dataset.aiOptoutPaused, "true");
  app.scanner.start();
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 12);
  assert.equal(document.querySelectorAll("*").length, before + 12);
  app.badges.removeAll();
  assert.equal(document.querySelectorAll("*").length, before);
  app.scanner.stop();
});

test("when the service fails, badges say so (no verdict) and the items are not asked again at once", async () => {
  const { window, document } = load(syntheticFeed({ posts: 3 }));
  const bg = fakeBackground({ fail: true });
  const app = await start(window, deps(bg));
  await until(() => document.querySelectorAll('[data-ai-optout-state="error"]').length === 3);
  assert.equal(document.querySelectorAll("[data-ai-optout-verdict]").length, 0);
  app.scanner.runNow();
  await sleep(30);
  assert.equal(bg.explains.length, 1);
  app.scanner.stop();
});

test("badge manager: re-attaches a removed badge a bounded number of times, then stops fighting the page", () => {
  const { document } = load(syntheticFeed({ posts: 1 }));
  const manager = createBadgeManager(document, t);
  const read = () => readPage(document, { hostname: "www.facebook.com", pathname: "/" }).items;
  for (let i = 0; i < 5; i += 1) {
    assert.equal(manager.place(read()).length, 1);
    manager.removeAll();
  }
  assert.equal(manager.place(read()).length, 0);
  assert.equal(document.querySelectorAll(".ai-optout-badge").length, 0);
});

test("a badge the page removes on its own is put back", async () => {
  const { window, document } = load(syntheticFeed({ posts: 2 }));
  const bg = fakeBackground();
  const app = await start(window, deps(bg));
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 2);
  document.querySelector(".ai-optout-badge").remove();
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 2);
  assert.equal(bg.explains.length, 1, "its answer is reused");
  app.scanner.stop();
});

test("a post whose audience icon loads after its badge is read again and its badge shows the new verdict; only it is read", async () => {
  const { window, document } = load(syntheticFeed({ posts: 20, comments: 1 }));
  const icon = document.querySelector('[aria-posinset="1"] svg[title]');
  const holder = icon.parentElement;
  icon.remove();
  const bg = fakeBackground();
  const app = await start(window, deps(bg));
  const badge = () => document.querySelector('[aria-posinset="1"] .ai-optout-badge');
  await until(() => document.documentElement.dataset.aiOptoutAnswered === "40");
  assert.equal(badge().dataset.aiOptoutVerdict, "excluded", "no audience known yet");
  holder.appendChild(icon); // public
  await until(() => badge().dataset.aiOptoutVerdict === "included");
  assert.equal(document.documentElement.dataset.aiOptoutUnitsRead, "1");
  assert.equal(document.querySelectorAll('[aria-posinset="1"] .ai-optout-badge').length, 2, "the post's and its comment's, not one more");
  app.scanner.stop();
});
