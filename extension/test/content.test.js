import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { start } from "../src/content/content-main.js";
import { createBadgeManager } from "../src/content/badges.js";
import { readPage } from "../src/page/page-reader.js";
import { MSG, isFact } from "../src/messages.js";
import { syntheticFeed } from "./fixtures/synthetic-feed.js";
import { messagesFor } from "./helpers/fake-browser.js";
import { load } from "./helpers/dom.js";

const t = messagesFor("en");
const verdictOf = (f) => (f.audience === "public" ? "included" : "excluded");

/** A fake background: records messages, answers explain with a verdict per audience. */
function fakeBackground({ paused = false, fail = false } = {}) {
  const sent = [];
  const send = async (message) => {
    sent.push(structuredClone(message));
    if (message.type === MSG.GET_PAGE_CONFIG) return { ok: true, paused, salt: "test-salt", profiles: { facebook: "person.0" } };
    if (fail) return { ok: false, results: {}, error: { title: "down" } };
    const results = Object.fromEntries(message.items.map((f) => [f.key, { id: f.key, verdict: verdictOf(f), may_already_be_used: null, reasons: [], actions: [], flip: [] }]));
    return { ok: true, policy: { id: "p" }, results };
  };
  return { sent, send, explains: () => sent.filter((m) => m.type === MSG.EXPLAIN) };
}

async function until(predicate, ms = 3000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(20);
  }
}

test("badges appear with verdicts; only facts are sent, in batches of at most 500; counters are published", async () => {
  const { window, document } = load(syntheticFeed({ posts: 300, comments: 1, sponsoredEvery: 10 }));
  const bg = fakeBackground();
  const app = await start(window, { send: bg.send, translate: t, watchStorage: false });
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 540);
  const items = bg.explains().flatMap((m) => m.items);
  assert.equal(items.length, 540);
  assert.ok(bg.explains().every((m) => m.items.length <= 500));
  assert.ok(items.every(isFact), "every item is a bare fact record");
  assert.ok(!JSON.stringify(bg.sent).includes("person."), "no names, handles or URLs leave the page");
  assert.ok(!JSON.stringify(bg.sent).includes("synthetic text"), "no post text leaves the page");
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

test("issue 4: the infinite feed, React re-renders and virtualised posts keep their badges without asking again", async () => {
  const { window, document } = load(syntheticFeed({ posts: 10, grow: true }), undefined, { runScripts: "dangerously" });
  const bg = fakeBackground();
  const app = await start(window, { send: bg.send, translate: t, watchStorage: false });
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 10);
  window.aiOptoutFixture.append(5);
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 15);
  assert.equal(bg.explains().flatMap((m) => m.items).length, 15, "only the new posts were asked for");
  window.aiOptoutFixture.rerender(3); // React replaces the post's subtree: our badge goes with it
  await until(() => document.querySelector('[data-fixture-post="3"] [data-ai-optout-verdict]'));
  window.aiOptoutFixture.virtualize(4);
  window.aiOptoutFixture.restore(4);
  await until(() => document.querySelector('[data-fixture-post="4"] [data-ai-optout-verdict]'));
  assert.equal(bg.explains().flatMap((m) => m.items).length, 15, "re-mounted posts reuse the answer by key");
  assert.equal(document.querySelectorAll(".ai-optout-badge").length, 15, "never two badges for one post");
  app.scanner.stop();
});

test("the page's own nodes are never removed or changed; pausing removes only our badges", async () => {
  const { window, document } = load(syntheticFeed({ posts: 6, comments: 1 }));
  const before = document.querySelectorAll("*").length;
  const bg = fakeBackground({ paused: true });
  const app = await start(window, { send: bg.send, translate: t, watchStorage: false });
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
  const app = await start(window, { send: bg.send, translate: t, watchStorage: false });
  await until(() => document.querySelectorAll('[data-ai-optout-state="error"]').length === 3);
  assert.equal(document.querySelectorAll("[data-ai-optout-verdict]").length, 0);
  app.scanner.runNow();
  await sleep(30);
  assert.equal(bg.explains().length, 1);
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
  const app = await start(window, { send: bg.send, translate: t, watchStorage: false });
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 2);
  document.querySelector(".ai-optout-badge").remove();
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 2);
  assert.equal(bg.explains().length, 1, "its answer is reused");
  app.scanner.stop();
});
