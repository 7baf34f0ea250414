import { test } from "node:test";
import assert from "node:assert/strict";
import { createDispatcher, senderAllowed } from "../src/background/dispatcher.js";
import { MAX_ITEMS_PER_MESSAGE, MSG } from "../src/messages.js";
import { EXTENSION_BASE, EXTENSION_ID } from "./helpers/fake-browser.js";

const TRUST = { extensionId: EXTENSION_ID, extensionBase: EXTENSION_BASE, contentHosts: ["www.facebook.com", "web.facebook.com", "www.instagram.com"] };
const tab = { id: 7 };
const FACT = { key: "0123456789abcdef", platform: "facebook", kind: "post", audience: "public", created_at: null, author: "other", author_age: "unknown" };

const SENDERS = {
  facebookTab: { id: EXTENSION_ID, url: "https://www.facebook.com/groups/1/", tab },
  instagramTab: { id: EXTENSION_ID, url: "https://www.instagram.com/p/abc/", tab },
  httpFacebook: { id: EXTENSION_ID, url: "http://www.facebook.com/", tab },
  lookalike: { id: EXTENSION_ID, url: "https://www.facebook.com.evil.example/", tab },
  otherSite: { id: EXTENSION_ID, url: "https://example.org/", tab },
  noTab: { id: EXTENSION_ID, url: "https://www.facebook.com/" },
  otherExtension: { id: "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", url: "https://www.facebook.com/", tab },
  popup: { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup.html` },
  popupInTab: { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup.html`, tab },
  options: { id: EXTENSION_ID, url: `${EXTENSION_BASE}options.html` },
  foreignExtensionPage: { id: EXTENSION_ID, url: "chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/popup.html" },
  none: undefined,
};

const ALLOWED = {
  [MSG.EXPLAIN]: ["facebookTab", "instagramTab"],
  [MSG.GET_PAGE_CONFIG]: ["facebookTab", "instagramTab"],
  [MSG.GET_STATE]: ["popup", "popupInTab", "options"],
  [MSG.SAVE_PREFERENCES]: ["popup", "popupInTab", "options"],
  [MSG.SET_PAUSED]: ["popup", "popupInTab", "options"],
  [MSG.SET_API_BASE]: ["popup", "popupInTab", "options"],
  [MSG.SET_AGE_BAND]: ["popup", "popupInTab", "options"],
};

for (const [type, allowed] of Object.entries(ALLOWED)) {
  test(`${type}: accepted only from ${allowed.join(", ")}`, () => {
    for (const [name, sender] of Object.entries(SENDERS)) {
      assert.equal(senderAllowed(sender, type, TRUST), allowed.includes(name), name);
    }
  });
}

function dispatcher() {
  const handled = [];
  const handlers = Object.fromEntries(Object.values(MSG).map((type) => [type, async (m) => { handled.push(m.type); return { ok: true }; }]));
  return { handled, dispatch: createDispatcher({ handlers, ...TRUST }) };
}

test("well-formed messages from the right sender reach their handler", async () => {
  const { handled, dispatch } = dispatcher();
  assert.deepEqual(await dispatch({ type: MSG.EXPLAIN, items: [FACT] }, SENDERS.facebookTab), { ok: true });
  assert.deepEqual(await dispatch({ type: MSG.EXPLAIN, items: [{ ...FACT, ref: "00ff00ff00ff00ff" }] }, SENDERS.facebookTab), { ok: true });
  assert.deepEqual(await dispatch({ type: MSG.SET_PAUSED, paused: true }, SENDERS.options), { ok: true });
  assert.deepEqual(handled, [MSG.EXPLAIN, MSG.EXPLAIN, MSG.SET_PAUSED]);
});

for (const [name, message, sender] of [
  ["an unknown type", { type: "eval", code: "1" }, SENDERS.popup],
  ["no type", { items: [] }, SENDERS.facebookTab],
  ["explain from a page of another site", { type: MSG.EXPLAIN, items: [FACT] }, SENDERS.otherSite],
  ["explain from the popup", { type: MSG.EXPLAIN, items: [FACT] }, SENDERS.popup],
  ["setApiBase from a content script", { type: MSG.SET_API_BASE, apiBase: "https://evil.example" }, SENDERS.facebookTab],
  ["an item carrying post text", { type: MSG.EXPLAIN, items: [{ ...FACT, text: "hello" }] }, SENDERS.facebookTab],
  ["an item carrying a URL as key", { type: MSG.EXPLAIN, items: [{ ...FACT, key: "https://www.facebook.com/x/posts/1" }] }, SENDERS.facebookTab],
  ["an unknown audience", { type: MSG.EXPLAIN, items: [{ ...FACT, audience: "everyone" }] }, SENDERS.facebookTab],
  ["a malformed date", { type: MSG.EXPLAIN, items: [{ ...FACT, created_at: "May 3" }] }, SENDERS.facebookTab],
  ["too many items", { type: MSG.EXPLAIN, items: Array(MAX_ITEMS_PER_MESSAGE + 1).fill(FACT) }, SENDERS.facebookTab],
  ["a ref that is not an opaque id", { type: MSG.EXPLAIN, items: [{ ...FACT, ref: "https://www.facebook.com/x/posts/1" }] }, SENDERS.facebookTab],
  ["an etag that is not a string", { type: MSG.SAVE_PREFERENCES, preferences: {}, etag: { v: 1 } }, SENDERS.popup],
  ["a javascript: service address", { type: MSG.SET_API_BASE, apiBase: "javascript:alert(1)" }, SENDERS.options],
  ["a non-boolean pause", { type: MSG.SET_PAUSED, paused: "yes" }, SENDERS.options],
]) {
  test(`refused: ${name}`, async () => {
    const { handled, dispatch } = dispatcher();
    const answer = await dispatch(message, sender);
    assert.equal(answer.ok, false);
    assert.deepEqual(handled, []);
  });
}
