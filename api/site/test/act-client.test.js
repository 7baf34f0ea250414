// The Act page's client and its pure helpers: sign-up with one Idempotency-Key until answered,
// one refresh for concurrent callers, a refused refresh kept as "signed out", problems' codes,
// the objection's steps, the record's body and a receipt's stated claims.

import assert from "node:assert/strict";
import { test } from "node:test";

import { AUTH_KEY, SIGN_UP_KEY, createClient, problemCode } from "../static/js/act/api.js";
import { FORMS, correctionTargets, nextSteps, preferencesBody, stepBody } from "../static/js/act/objection.js";
import { receiptFileName, statedClaims } from "../static/js/act/receipts.js";

function memory() {
  const map = new Map();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, String(v)), removeItem: (k) => map.delete(k), map };
}

function answer(status, body, headers = {}) {
  return new Response(body === null ? null : JSON.stringify(body), {
    status, headers: { "Content-Type": status < 400 ? "application/json" : "application/problem+json", ...headers },
  });
}

const pair = (n) => ({ account_id: "acc", access_token: `a${n}`, refresh_token: `r${n}`, expires_in: 900 });

test("a lost sign-up answer is asked again with the same key, and the key is dropped once answered", async () => {
  const storage = memory();
  const keys = [];
  let calls = 0;
  const fetch = async (path, init) => {
    keys.push(init.headers["Idempotency-Key"]);
    calls += 1;
    if (calls === 1) throw new TypeError("network");
    return answer(201, pair(1));
  };
  const client = createClient({ fetch, storage, newKey: () => `key-${calls}` });
  assert.equal((await client.signUp()).status, 0);
  assert.ok(storage.getItem(SIGN_UP_KEY));
  assert.equal((await client.signUp()).ok, true);
  assert.equal(keys[0], keys[1]);
  assert.equal(storage.getItem(SIGN_UP_KEY), null);
  assert.equal(client.account().accessToken, "a1");
});

test("concurrent calls with an expired token share one refresh", async () => {
  const storage = memory();
  let now = 0;
  storage.setItem(AUTH_KEY, JSON.stringify({ accountId: "acc", status: "signed_in", accessToken: "a0", refreshToken: "r0", expiresAt: 1 }));
  let refreshes = 0;
  const fetch = async (path, init) => {
    if (path === "/v1/auth/refresh") {
      refreshes += 1;
      assert.deepEqual(JSON.parse(init.body), { refresh_token: "r0" });
      return answer(200, pair(1));
    }
    assert.equal(init.headers.Authorization, "Bearer a1");
    return answer(200, { ok: true });
  };
  now = 60_000;
  const client = createClient({ fetch, storage, now: () => now });
  const results = await Promise.all([client.request("/v1/me/preferences"), client.request("/v1/me/receipts")]);
  assert.equal(refreshes, 1);
  assert.ok(results.every((r) => r.ok));
  assert.equal(client.account().refreshToken, "r1");
});

test("a refused refresh keeps the account's id as signed out and makes no new account", async () => {
  const storage = memory();
  storage.setItem(AUTH_KEY, JSON.stringify({ accountId: "acc", status: "signed_in", accessToken: "a0", refreshToken: "r0", expiresAt: 0 }));
  const fetch = async (path) => {
    assert.notEqual(path, "/v1/accounts");
    return answer(401, { type: "urn:ai-optout:problem:refresh-token-reused", title: "x", status: 401 });
  };
  const client = createClient({ fetch, storage, now: () => 10_000 });
  const result = await client.request("/v1/me/preferences");
  assert.equal(problemCode(result.problem), "signed-out");
  assert.deepEqual(client.account(), { accountId: "acc", status: "signed_out" });
});

test("a network failure during refresh keeps the sign-in for the next try", async () => {
  const storage = memory();
  const auth = { accountId: "acc", status: "signed_in", accessToken: "a0", refreshToken: "r0", expiresAt: 0 };
  storage.setItem(AUTH_KEY, JSON.stringify(auth));
  const client = createClient({ fetch: async () => { throw new TypeError("offline"); }, storage, now: () => 10_000 });
  const result = await client.request("/v1/me/preferences");
  assert.equal(result.status, 503);
  assert.deepEqual(client.account(), auth);
});

test("problem codes come from the service's type URN only", () => {
  assert.equal(problemCode({ type: "urn:ai-optout:problem:link-code-used" }), "link-code-used");
  assert.equal(problemCode({ type: "about:blank" }), null);
  assert.equal(problemCode(null), null);
});

test("the objection's next steps and corrections follow the service's transitions", () => {
  assert.deepEqual(nextSteps("not_started"), ["submitted", "ready"]);
  assert.deepEqual(nextSteps("submitted"), ["confirmed", "rejected", "needs_resubmission", "withdrawn"]);
  assert.deepEqual(nextSteps("confirmed"), ["needs_resubmission", "withdrawn"]);
  assert.deepEqual(nextSteps("withdrawn"), ["submitted", "ready"]);
  assert.deepEqual(correctionTargets("withdrawn"), ["submitted", "confirmed"]);
  assert.deepEqual(stepBody("withdrawn", { on: "2025-09-01" }), { state: "withdrawn", on: "2025-09-01" });
  assert.deepEqual(correctionTargets("submitted", "ready"), ["ready"]);
  assert.deepEqual(correctionTargets("submitted", "confirmed"), ["not_started", "ready", "rejected", "needs_resubmission", "withdrawn"]);
  assert.deepEqual(stepBody("submitted", { on: "2025-05-20", reason: "x" }), { state: "submitted", on: "2025-05-20" });
  assert.deepEqual(stepBody("rejected", { on: "2025-05-20", reason: "no" }), { state: "rejected", reason: "no" });
  assert.ok(FORMS.facebook.startsWith("https://www.facebook.com/"));
});

test("the record's body keeps each account's objection and says every field", () => {
  const current = { accounts: [{ platform: "facebook", profile: "jane", objection: { state: "submitted", submitted_on: "2025-05-20" } }] };
  const body = preferencesBody({ region: "DE", profiles: { facebook: " jane ", instagram: "" }, scope: "all", listed: false }, current);
  assert.deepEqual(body, {
    region: "DE",
    accounts: [
      { platform: "facebook", profile: "jane", objection: { state: "submitted", submitted_on: "2025-05-20" } },
      { platform: "instagram", profile: null, objection: { state: "not_started" } },
    ],
    scope: "all",
    listed: false,
  });
  assert.deepEqual(preferencesBody({ region: "", profiles: {}, scope: ["posts", "bogus"], listed: true }, null).scope, ["posts"]);
});

test("the record's body keeps a withdrawn objection and the Accounts Center mark unless the person changes it", () => {
  const withdrawn = { state: "withdrawn", submitted_on: "2025-05-20", withdrawn_on: "2025-09-01" };
  const current = { accounts: [{ platform: "facebook", profile: null, accounts_center: true, objection: withdrawn }] };
  const chosen = { region: "DE", profiles: { facebook: "", instagram: "" }, scope: "all", listed: false };
  const kept = preferencesBody(chosen, current).accounts;
  assert.deepEqual(kept[0], { platform: "facebook", profile: null, objection: withdrawn, accounts_center: true });
  assert.equal("accounts_center" in kept[1], false, "a new account without a choice gets the service's default");
  const marked = preferencesBody({ ...chosen, center: true }, current).accounts;
  assert.deepEqual(marked.map((account) => account.accounts_center), [true, true]);
  assert.deepEqual(preferencesBody({ ...chosen, center: false }, current).accounts.map((a) => a.accounts_center), [false, false]);
});

test("a receipt's stated claims are read from its payload, and a broken one gives null", () => {
  const payload = Buffer.from(JSON.stringify({ region: "DE", action: "recorded" })).toString("base64url");
  assert.deepEqual(statedClaims(`e30.${payload}.sig`), { region: "DE", action: "recorded" });
  assert.equal(statedClaims("not-a-jws"), null);
  assert.equal(statedClaims("a.%%%.c"), null);
  assert.equal(receiptFileName({ id: "9bf31c7ff062936a", created_at: "2026-12-05T05:32:03Z" }), "ai-optout-receipt-2026-12-05-9bf31c7f.jws");
});
