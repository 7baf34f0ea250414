// The service worker as wired in main.js, through a sign-in refused for good: the person is signed
// out (their account kept, badges still answered without a token and without a false word about
// their objection), gets back with a recovery code or a link code, and gets a new account only
// when they ask for one.

import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowserApi } from "../src/ext.js";
import { MSG } from "../src/messages.js";
import { EXTENSION_BASE, EXTENSION_ID, fakeBrowser } from "./helpers/fake-browser.js";
import { QR_SVG, fakeService } from "./helpers/fake-service.js";

const browser = fakeBrowser();
const service = fakeService();
useBrowserApi(browser);
globalThis.fetch = service.fetch;
await import("../src/background/main.js");

const TAB = { id: EXTENSION_ID, url: "https://www.facebook.com/", tab: { id: 1 } };
const OPTIONS = { id: EXTENSION_ID, url: `${EXTENSION_BASE}options.html` };
const send = (message, sender = OPTIONS) => browser.runtime.sendMessage(message, sender);
const fact = (key, platform, author = "self") => ({ key, platform, kind: "post", audience: "public", created_at: "2025-06-01", author, author_age: "unknown" });
const state = async () => (await send({ type: MSG.GET_STATE, refresh: true })).state;
const local = () => browser.storage.local.data;

let codes;
let linkCode;

test("a signed-in person records an objection and makes recovery codes and a link code", async () => {
  const saved = await send({ type: MSG.SAVE_PREFERENCES, preferences: {
    region: "DE", accounts: [{ platform: "facebook", profile: "jane", objection: { state: "submitted", submitted_on: "2025-05-20" } }], scope: "all", listed: false,
  } });
  assert.equal(saved.ok, true);
  const made = await send({ type: MSG.NEW_RECOVERY_CODES });
  assert.equal(made.ok, true);
  assert.equal(made.codes.length, 10);
  codes = made.codes;
  assert.equal((await send({ type: MSG.RECOVERY_CODES })).remaining, 10);
  const link = await send({ type: MSG.NEW_LINK_CODE });
  assert.equal(link.ok, true);
  assert.equal(link.qr_svg, QR_SVG);
  assert.ok(Date.parse(link.expires_at) > 0);
  linkCode = link.code;
  assert.equal(service.accountsMade(), 1);
});

test("a refused refresh: signed out, the account id kept, no new account, no authenticated call", async () => {
  service.revoke("acct-1");
  local().set("auth", { ...local().get("auth"), expiresAt: 0 });
  const now = await state();
  assert.equal(now.signedOut, true);
  assert.equal(now.signedIn, false);
  assert.equal(now.accountId, "acct-1");
  assert.equal(service.accountsMade(), 1);
  const before = service.calls.length;
  const refused = await send({ type: MSG.NEW_RECOVERY_CODES });
  assert.equal(refused.ok, false);
  assert.equal(refused.problem.code, "signed_out");
  assert.equal(service.calls.length, before, "nothing sent");
});

test("signed out, badges are answered without a token, with the last-known region and each platform's own objection", async () => {
  const before = service.calls.length;
  const answer = await send({ type: MSG.EXPLAIN, items: [fact("00000000000000a1", "facebook"), fact("00000000000000a2", "instagram")] }, TAB);
  assert.equal(answer.ok, true);
  assert.equal(Object.keys(answer.results).length, 2);
  const sent = service.calls.slice(before).filter((c) => c.path === "/v1/explain");
  assert.equal(sent.length, 2, "one request per platform");
  assert.ok(sent.every((c) => c.auth === undefined), "no token");
  const by = Object.fromEntries(sent.map((c) => [c.body.items[0].platform, c.body]));
  assert.deepEqual(by.facebook.objection, { filed_on: "2025-05-20", scope: "all" });
  assert.equal(by.facebook.region, "DE");
  assert.equal(by.instagram.objection, undefined, "no objection was filed for Instagram");
  assert.equal(by.instagram.region, "DE");
  assert.equal(service.accountsMade(), 1);
});

test("a wrong recovery code changes nothing", async () => {
  const answer = await send({ type: MSG.REDEEM_CODE, kind: "recovery", code: "nope" });
  assert.equal(answer.ok, false);
  assert.equal(answer.problem.code, "recovery-code-invalid");
  assert.equal((await state()).signedOut, true);
  assert.equal((await send({ type: MSG.REDEEM_CODE, kind: "other", code: "x" })).ok, false, "an unknown kind is refused");
});

test("a recovery code brings back the same record; the tabs ask again", async () => {
  const epoch = local().get("verdictEpoch");
  const answer = await send({ type: MSG.REDEEM_CODE, kind: "recovery", code: ` ${codes[0]} ` });
  assert.equal(answer.ok, true);
  assert.equal(answer.accountId, "acct-1");
  assert.equal(answer.next, "add_passkey");
  const now = await state();
  assert.equal(now.signedIn, true);
  assert.equal(now.signedOut, false);
  assert.equal(now.preferences.region, "DE");
  assert.notEqual(local().get("verdictEpoch"), epoch);
  assert.equal((await send({ type: MSG.RECOVERY_CODES })).remaining, 9);
});

test("a new account only on the person's explicit request", async () => {
  assert.equal((await send({ type: MSG.START_OVER })).ok, false, "not without confirm: true");
  assert.equal(service.accountsMade(), 1);
  const answer = await send({ type: MSG.START_OVER, confirm: true });
  assert.equal(answer.ok, true);
  assert.equal(answer.accountId, "acct-2");
  const now = await state();
  assert.equal(now.accountId, "acct-2");
  assert.equal(service.accountsMade(), 2);
});

test("a link code from another device brings this one to that record", async () => {
  const answer = await send({ type: MSG.REDEEM_CODE, kind: "link", code: linkCode });
  assert.equal(answer.ok, true);
  assert.equal(answer.accountId, "acct-1");
  assert.equal((await state()).preferences.region, "DE");
  assert.equal((await send({ type: MSG.REDEEM_CODE, kind: "link", code: linkCode })).ok, false, "one use");
});

test("content scripts cannot use the ways back", async () => {
  for (const type of [MSG.REDEEM_CODE, MSG.START_OVER, MSG.NEW_LINK_CODE, MSG.NEW_RECOVERY_CODES, MSG.RECOVERY_CODES]) {
    const answer = await send({ type, kind: "link", code: "x", confirm: true }, TAB);
    assert.equal(answer.ok, false, type);
  }
});

test("an expired link code is refused as expired and changes nothing", async () => {
  const link = await send({ type: MSG.NEW_LINK_CODE });
  service.advance(11 * 60_000);
  const answer = await send({ type: MSG.REDEEM_CODE, kind: "link", code: link.code });
  assert.equal(answer.ok, false);
  assert.equal(answer.status, 410);
  assert.equal(answer.problem.code, "link-code-expired");
  assert.equal((await state()).accountId, "acct-1");
});
