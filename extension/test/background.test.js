// The service worker as wired in main.js: the real dispatcher, client, cache and preferences over a
// fake browser API (storage, messaging) and a fake service behind fetch.

import { test } from "node:test";
import assert from "node:assert/strict";
import { streamRequest, useBrowserApi } from "../src/ext.js";
import { EXPLAIN_PORT, MSG } from "../src/messages.js";
import { EXTENSION_BASE, EXTENSION_ID, fakeBrowser } from "./helpers/fake-browser.js";
import { fakeService } from "./helpers/fake-service.js";

const browser = fakeBrowser();
const service = fakeService();
useBrowserApi(browser);
globalThis.fetch = service.fetch;
await import("../src/background/main.js");

const TAB = { id: EXTENSION_ID, url: "https://www.facebook.com/", tab: { id: 1 } };
const POPUP = { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup.html` };
const send = (message, sender) => browser.runtime.sendMessage(message, sender);
// The page-rules check (test/page-rules.test.js) runs beside every flow: left out of the API's calls.
const RULES_PATHS = ["/.well-known/jwks.json", "/v1/page-rules"];
const apiCalls = () => service.calls.filter((c) => !RULES_PATHS.includes(c.path));
const FACT = { key: "00000000000000aa", platform: "facebook", kind: "post", audience: "public", created_at: "2025-06-01", author: "other", author_age: "unknown" };

test("one listener, registered at start-up", () => {
  assert.equal(browser.messageListeners.length, 1);
});

test("getPageConfig: not paused, a per-install salt, no handles yet", async () => {
  const config = await send({ type: MSG.GET_PAGE_CONFIG }, TAB);
  assert.equal(config.ok, true);
  assert.equal(config.paused, false);
  assert.match(config.salt, /^[0-9a-f]{32}$/);
  assert.equal((await send({ type: MSG.GET_PAGE_CONFIG }, TAB)).salt, config.salt);
  assert.deepEqual(config.profiles, {});
});

test("explain: the account is created on first use, the record is read first, the default service is 127.0.0.1:8000, answers are cached", async () => {
  const answer = await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(answer.ok, true);
  assert.equal(answer.results[FACT.key].verdict, "included");
  assert.deepEqual(apiCalls().map((c) => `${c.origin} ${c.method} ${c.path}`), [
    "http://127.0.0.1:8000 POST /v1/accounts", "http://127.0.0.1:8000 GET /v1/me/preferences", "http://127.0.0.1:8000 POST /v1/explain",
  ]);
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(apiCalls().length, 3, "served from storage.session");
  assert.equal(browser.storage.session.data.get("explainTag"), 'http://127.0.0.1:8000|acct-1|"v1"', "cached under the record it was made for");
  assert.ok([...browser.storage.session.data.keys()].some((k) => k.startsWith("x:")));
});

test("page rules: checked when a page first asks, against the loopback service's own key set, then not again that day", async () => {
  await send({ type: MSG.GET_PAGE_CONFIG }, TAB);
  const checks = service.calls.filter((c) => c.path === "/v1/page-rules");
  assert.equal(checks.length, 1);
  assert.ok(service.calls.some((c) => c.path === "/.well-known/jwks.json"));
  assert.equal(browser.storage.local.data.get("pageRules").apiBase, "http://127.0.0.1:8000");
  assert.equal((await send({ type: MSG.GET_PAGE_CONFIG }, TAB)).rules, null, "nothing published: the bundled rules");
});

test("explain from the popup is refused", async () => {
  assert.equal((await send({ type: MSG.EXPLAIN, items: [FACT] }, POPUP)).ok, false);
});

test("getState + savePreferences: status, receipt, and the handles reach the content scripts", async () => {
  const state = await send({ type: MSG.GET_STATE, refresh: true }, POPUP);
  assert.equal(state.state.apiBase, "http://127.0.0.1:8000");
  assert.equal(state.state.accountId, "acct-1");
  assert.equal(state.state.preferences.region, null);
  const saved = await send({ type: MSG.SAVE_PREFERENCES, preferences: { region: "FR", accounts: [{ platform: "instagram", profile: "@jane", objection: { state: "ready" } }], scope: "all", listed: false } }, POPUP);
  assert.equal(saved.ok, true);
  assert.equal(saved.preferences.region, "FR");
  assert.equal(saved.receipt.position, 2);
  assert.deepEqual((await send({ type: MSG.GET_PAGE_CONFIG }, TAB)).profiles, { facebook: null, instagram: "@jane" });
  assert.equal((await send({ type: MSG.GET_STATE }, POPUP)).state.receipt.position, 2);
  const epoch = browser.storage.local.data.get("verdictEpoch");
  assert.match(epoch, /^[0-9a-f]{16}$/, "the tabs are told the record changed");
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(apiCalls().filter((c) => c.path === "/v1/explain").length, 2, "new preferences: cached verdicts dropped");
});

test("setPaused reaches the content scripts' config; setApiBase switches service, account and record", async () => {
  await send({ type: MSG.SET_PAUSED, paused: true }, POPUP);
  assert.equal((await send({ type: MSG.GET_PAGE_CONFIG }, TAB)).paused, true);
  await send({ type: MSG.SET_PAUSED, paused: false }, POPUP);
  await browser.storage.local.set({ apiBase: "http://localhost:9000/" }); // what e2e tests do
  const state = (await send({ type: MSG.GET_STATE }, POPUP)).state;
  assert.equal(state.apiBase, "http://localhost:9000");
  assert.equal(state.signedIn, false, "the old service's account is not used on the new one");
  assert.equal(state.preferences, null);
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.deepEqual(apiCalls().slice(-3).map((c) => `${c.origin} ${c.path}`), ["http://localhost:9000 /v1/accounts", "http://localhost:9000 /v1/me/preferences", "http://localhost:9000 /v1/explain"]);
  const set = await send({ type: MSG.SET_API_BASE, apiBase: "http://127.0.0.1:8000" }, POPUP);
  assert.equal(set.ok, true);
});

const explainCalls = () => apiCalls().filter((c) => c.path === "/v1/explain").length;

test("issue 1: the popup's fresh read of a record changed elsewhere drops the cached verdicts and tells the tabs", async () => {
  await send({ type: MSG.GET_STATE, refresh: true }, POPUP);
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  const before = explainCalls();
  const epoch = browser.storage.local.data.get("verdictEpoch");
  await send({ type: MSG.GET_STATE, refresh: true }, POPUP); // nothing changed: the cache stays
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(explainCalls(), before);
  assert.equal(browser.storage.local.data.get("verdictEpoch"), epoch);
  service.bumpVersion(); // another device records an objection
  const state = (await send({ type: MSG.GET_STATE, refresh: true }, POPUP)).state;
  assert.match(state.etag, /^"v\d+"$/, "the popup gets the version it shows");
  assert.notEqual(browser.storage.local.data.get("verdictEpoch"), epoch);
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(explainCalls(), before + 1, "asked again under the new record");
});

test("issue 1: while explaining, a record read more than five minutes ago is read again; a change found drops the cache", async () => {
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  const before = explainCalls();
  const reads = () => apiCalls().filter((c) => c.method === "GET" && c.path === "/v1/me/preferences").length;
  const readsBefore = reads();
  const epoch = browser.storage.local.data.get("verdictEpoch");
  const record = browser.storage.local.data.get("record");
  await browser.storage.local.set({ record: { ...record, checkedAt: Date.now() - 6 * 60_000 } });
  service.bumpVersion(); // changed on another device; no popup opens
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(reads(), readsBefore + 1);
  assert.equal(explainCalls(), before + 1, "the cached answer was not served");
  assert.notEqual(browser.storage.local.data.get("verdictEpoch"), epoch);
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(reads(), readsBefore + 1, "read again only after another five minutes");
});

test("issue 2: over the port, each batch's answers come as a part, then a final answer that repeats none", async () => {
  await send({ type: MSG.SET_API_BASE, apiBase: "http://localhost:9100" }, POPUP); // nothing cached there
  const items = Array.from({ length: 1200 }, (_, i) => ({ ...FACT, key: i.toString(16).padStart(16, "0"), ref: (i + 7).toString(16).padStart(16, "f") }));
  const parts = [];
  const final = await streamRequest(EXPLAIN_PORT, { type: MSG.EXPLAIN, items }, (part) => parts.push(Object.keys(part.results).length));
  assert.equal(final.ok, true);
  assert.deepEqual(final.results, {});
  assert.deepEqual(parts.sort(), [200, 500, 500]);
  const sent = apiCalls().filter((c) => c.origin === "http://localhost:9100" && c.path === "/v1/explain").flatMap((c) => c.body.items.map((i) => i.id));
  assert.deepEqual(new Set(sent), new Set(items.map((i) => i.ref)), "the service saw the page's refs");
  browser.portSender = { id: EXTENSION_ID, url: "https://example.org/", tab: { id: 2 } };
  const refused = await streamRequest(EXPLAIN_PORT, { type: MSG.EXPLAIN, items }, () => assert.fail("no part for another site"));
  assert.equal(refused.ok, false);
  browser.portSender = { ...TAB, frameId: 0 };
  await send({ type: MSG.SET_API_BASE, apiBase: "http://127.0.0.1:8000" }, POPUP);
});

test("issue 13: the age band said in the popup stays on this device and makes the person's own items ask with it", async () => {
  const OWN = { ...FACT, key: "00000000000000bb", author: "self" };
  assert.equal((await send({ type: MSG.GET_STATE }, POPUP)).state.ageBand, null, "nothing said yet");
  assert.equal((await send({ type: MSG.SET_AGE_BAND, ageBand: "teen" }, POPUP)).ok, false, "only adult, minor or null");
  const epoch = browser.storage.local.data.get("verdictEpoch");
  assert.equal((await send({ type: MSG.SET_AGE_BAND, ageBand: "adult" }, POPUP)).ok, true);
  assert.equal((await send({ type: MSG.GET_STATE }, POPUP)).state.ageBand, "adult");
  assert.notEqual(browser.storage.local.data.get("verdictEpoch"), epoch, "the tabs ask again");
  const before = apiCalls().length;
  const answer = await send({ type: MSG.EXPLAIN, items: [OWN, FACT] }, TAB);
  const sent = apiCalls().slice(before).filter((c) => c.path === "/v1/explain").flatMap((c) => c.body.items);
  // Someone else's item may come from the cache; the own item is asked for with the band.
  assert.deepEqual(sent.filter((i) => i.author === "self").map((i) => i.author_age), ["adult"]);
  assert.ok(sent.every((i) => i.author === "self" || i.author_age === "unknown"));
  assert.equal(answer.results[OWN.key].condition, null, "the own item's answer is firm");
  assert.ok(!apiCalls().some((c) => JSON.stringify(c.body ?? {}).includes("ageBand")), "the band itself is never sent");
  await send({ type: MSG.SET_AGE_BAND, ageBand: null }, POPUP);
  assert.equal((await send({ type: MSG.GET_STATE }, POPUP)).state.ageBand, null);
});
