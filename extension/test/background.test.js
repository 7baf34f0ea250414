// The service worker as wired in main.js: the real dispatcher, client, cache and preferences over a
// fake browser API (storage, messaging) and a fake service behind fetch.

import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowserApi } from "../src/ext.js";
import { MSG } from "../src/messages.js";
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

test("explain: the account is created on first use, the default service is 127.0.0.1:8000, answers are cached", async () => {
  const answer = await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(answer.ok, true);
  assert.equal(answer.results[FACT.key].verdict, "included");
  assert.deepEqual(service.calls.map((c) => `${c.origin} ${c.method} ${c.path}`), [
    "http://127.0.0.1:8000 POST /v1/accounts", "http://127.0.0.1:8000 POST /v1/explain",
  ]);
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(service.calls.length, 2, "served from storage.session");
  assert.ok([...browser.storage.session.data.keys()].some((k) => k.startsWith("x:")));
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
  await send({ type: MSG.EXPLAIN, items: [FACT] }, TAB);
  assert.equal(service.calls.filter((c) => c.path === "/v1/explain").length, 2, "new preferences: cached verdicts dropped");
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
  assert.deepEqual(service.calls.slice(-2).map((c) => `${c.origin} ${c.path}`), ["http://localhost:9000 /v1/accounts", "http://localhost:9000 /v1/explain"]);
  const set = await send({ type: MSG.SET_API_BASE, apiBase: "http://127.0.0.1:8000" }, POPUP);
  assert.equal(set.ok, true);
});
