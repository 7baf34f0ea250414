// The extension never strands a person: one refresh at a time, retries that keep the account, a
// definitive refusal that signs out instead of starting a new account, a new account only when the
// person asks, and a worker stopped mid-refresh followed by one that carries on with it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { OPTIONAL_WAIT_MS, SIGNED_OUT, SIGN_IN_UNAVAILABLE, createApiClient } from "../src/background/api-client.js";
import { RETRY, backoffMs, retryAfterMs } from "../src/background/backoff.js";
import { fakeService } from "./helpers/fake-service.js";

const BASE = "http://127.0.0.1:8000";
const problem = (status, headers = {}) => new Response(JSON.stringify({ title: "no", status }), {
  status, headers: { "Content-Type": "application/problem+json", ...headers },
});
const paths = (service) => service.calls.map((c) => `${c.method} ${c.path}`);

/**
 * A worker's client over `storage` (shared by the workers of one test: a restart keeps storage).
 * Its sleeps advance the shared clock at once and are recorded; `hold` makes them never end.
 */
function worker(service, storage, { clock = storage.clock, hold = false, ...options } = {}) {
  const slept = [];
  const api = createApiClient({
    fetch: service.fetch,
    apiBase: async () => BASE,
    loadAuth: async () => structuredClone(storage.auth ?? null),
    saveAuth: async (a) => { storage.auth = structuredClone(a); storage.writes.push(structuredClone(a)); },
    now: () => clock.now,
    sleep: (ms) => { slept.push(ms); if (hold) return new Promise(() => {}); clock.now += ms; return Promise.resolve(); },
    random: () => 0.5,
    ...options,
  });
  return { api, slept };
}

function storage() {
  return { auth: null, writes: [], clock: { now: 1_000_000 } };
}

/** A signed-in worker whose access token has just expired. */
async function expired(service, options = {}) {
  const store = storage();
  const first = worker(service, store, options);
  await first.api.request("/v1/me/preferences");
  store.auth.expiresAt = 0;
  service.calls.length = 0;
  return { store, ...first };
}

test("backoff: capped exponential steps with equal jitter; Retry-After", () => {
  assert.equal(backoffMs(0, RETRY, () => 0), 250);
  assert.equal(backoffMs(0, RETRY, () => 1), 500);
  assert.equal(backoffMs(3, RETRY, () => 1), 4000);
  assert.equal(backoffMs(20, RETRY, () => 1), RETRY.capMs, "capped");
  assert.equal(backoffMs(20, RETRY, () => 0), RETRY.capMs / 2, "never zero");
  assert.equal(retryAfterMs("7", 0), 7000);
  assert.equal(retryAfterMs("Thu, 01 Jan 1970 00:00:10 GMT", 4000), 6000);
  assert.equal(retryAfterMs("soon", 0), null);
  assert.equal(retryAfterMs(null, 0), null);
});

test("single flight: 50 concurrent callers with an expired token make one refresh", async () => {
  const service = fakeService();
  const { api, store } = await expired(service);
  const answers = await Promise.all(Array.from({ length: 50 }, () => api.request("/v1/me/preferences")));
  assert.ok(answers.every((a) => a.status === 200));
  assert.equal(service.calls.filter((c) => c.path === "/v1/auth/refresh").length, 1);
  assert.equal(store.auth.accountId, "acct-1");
});

test("single flight: 50 callers whose calls all got 401 make one refresh", async () => {
  const service = fakeService();
  const { api } = await expired(service);
  await api.request("/v1/me/preferences"); // fresh tokens
  service.expireAll();
  service.calls.length = 0;
  const answers = await Promise.all(Array.from({ length: 50 }, () => api.request("/v1/me/preferences")));
  assert.ok(answers.every((a) => a.status === 200));
  assert.equal(service.calls.filter((c) => c.path === "/v1/auth/refresh").length, 1, "the others see it was refreshed already");
});

test("429 (Retry-After: 7) then 503 then 200: the account is kept, the service's wait honoured", async () => {
  const service = fakeService();
  const { api, store, slept } = await expired(service);
  const answers = [problem(429, { "Retry-After": "7" }), problem(503)];
  service.hooks["POST /v1/auth/refresh"] = () => answers.shift();
  const res = await api.request("/v1/me/preferences");
  assert.equal(res.status, 200);
  assert.deepEqual(paths(service), ["POST /v1/auth/refresh", "POST /v1/auth/refresh", "POST /v1/auth/refresh", "GET /v1/me/preferences"]);
  assert.deepEqual(slept, [7000, backoffMs(1, RETRY, () => 0.5)]);
  assert.equal(store.auth.accountId, "acct-1");
  assert.equal(store.auth.status, "signed_in");
  assert.equal(store.auth.refreshing, undefined, "the marker is gone once it worked");
  assert.equal(service.accountsMade(), 1, "no new account");
});

test("network errors are retried too", async () => {
  const service = fakeService();
  const { api } = await expired(service);
  let failures = 2;
  service.hooks["POST /v1/auth/refresh"] = () => { if (failures-- > 0) throw new TypeError("Failed to fetch"); };
  assert.equal((await api.request("/v1/me/preferences")).status, 200);
  assert.equal(service.calls.filter((c) => c.path === "/v1/auth/refresh").length, 3);
});

test("a service down for long: a local 503 after the attempts, the account kept, the next try waits its turn", async () => {
  const service = fakeService();
  const { api, store, slept } = await expired(service);
  service.hooks["POST /v1/auth/refresh"] = () => problem(503);
  const res = await api.request("/v1/me/preferences");
  assert.equal(res.status, 503);
  assert.equal(res.body.code, SIGN_IN_UNAVAILABLE);
  assert.equal(service.calls.filter((c) => c.path === "/v1/auth/refresh").length, RETRY.attempts);
  assert.equal(slept.length, RETRY.attempts - 1);
  assert.equal(store.auth.accountId, "acct-1");
  assert.ok(store.auth.refreshToken, "the refresh token is kept");
  assert.equal(store.auth.refreshing.attempt, RETRY.attempts);
  assert.ok(store.auth.refreshing.retryAt > store.clock.now);
  delete service.hooks["POST /v1/auth/refresh"];
  assert.equal((await api.request("/v1/me/preferences")).status, 200, "recovers when the service does");
  assert.equal(slept.at(-1), backoffMs(RETRY.attempts - 1, RETRY, () => 0.5), "after the wait the last failure set");
  assert.equal(service.accountsMade(), 1);
});

test("401 from /v1/auth/refresh: signed out, the account id kept, no new account, authenticated calls stop", async () => {
  const service = fakeService();
  const { api, store } = await expired(service);
  service.revoke("acct-1");
  const res = await api.request("/v1/me/preferences");
  assert.equal(res.status, 401);
  assert.equal(res.body.code, SIGNED_OUT);
  assert.deepEqual(paths(service), ["POST /v1/auth/refresh"]);
  assert.equal(store.auth.status, SIGNED_OUT);
  assert.equal(store.auth.accountId, "acct-1");
  assert.equal(store.auth.refreshToken, undefined, "the dead tokens are forgotten");
  assert.equal((await api.request("/v1/me/preferences")).body.code, SIGNED_OUT);
  assert.equal((await api.request("/v1/explain", { method: "POST", body: { items: [] } })).body.code, SIGNED_OUT);
  assert.deepEqual(paths(service), ["POST /v1/auth/refresh"], "nothing more was sent");
  assert.equal(service.accountsMade(), 1, "no POST /v1/accounts");
  assert.equal((await api.account()).accountId, "acct-1");
});

test("a 401 on a call whose refresh is refused also signs out, never starts afresh", async () => {
  const service = fakeService();
  const { api, store } = await expired(service);
  await api.request("/v1/me/preferences");
  service.revoke("acct-1");
  const res = await api.request("/v1/me/preferences");
  assert.equal(res.body.code, SIGNED_OUT);
  assert.equal(store.auth.status, SIGNED_OUT);
  assert.equal(service.accountsMade(), 1);
});

test("a new account only when the person asks for one", async () => {
  const service = fakeService();
  const { api, store } = await expired(service);
  service.revoke("acct-1");
  await api.request("/v1/me/preferences");
  assert.equal(service.accountsMade(), 1);
  const made = await api.startOver();
  assert.equal(made.accountId, "acct-2");
  assert.equal(store.auth.status, "signed_in");
  assert.equal((await api.request("/v1/me/preferences")).status, 200);
  assert.equal(service.accountsMade(), 2);
});

test("without waiting (explain), a slow refresh gives a local 503 at once and carries on", async () => {
  const service = fakeService();
  const waits = [];
  // The 30 s wait never ends here; the few seconds explain gives a refresh do.
  const sleep = (ms) => { waits.push(ms); return ms === OPTIONAL_WAIT_MS ? Promise.resolve() : new Promise(() => {}); };
  const { api, store } = await expired(service, { sleep });
  service.hooks["POST /v1/auth/refresh"] = () => problem(429, { "Retry-After": "30" });
  const res = await api.request("/v1/explain", { method: "POST", body: { items: [] }, wait: false });
  assert.equal(res.body.code, SIGN_IN_UNAVAILABLE);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(waits.sort(), [30_000, OPTIONAL_WAIT_MS].sort());
  assert.equal(store.auth.accountId, "acct-1");
  assert.equal(store.auth.refreshing.attempt, 1, "the refresh carries on, its state in storage");
});

test("a worker stopped mid-refresh: the next one carries on with the same token and keeps the account", async () => {
  const service = fakeService();
  const { store } = await expired(service);
  const spent = store.auth.refreshToken;
  // The first worker's refresh reaches the service (which rotates the token), then the worker is stopped.
  let reached;
  const arrived = new Promise((resolve) => { reached = resolve; });
  service.hooks["POST /v1/auth/refresh"] = () => { reached(); };
  const realFetch = service.fetch;
  const dying = createApiClient({
    fetch: async (url, init) => { await realFetch(url, init); return new Promise(() => {}); }, // the answer never arrives
    apiBase: async () => BASE,
    loadAuth: async () => structuredClone(store.auth),
    saveAuth: async (a) => { store.auth = structuredClone(a); },
    now: () => store.clock.now,
  });
  dying.request("/v1/me/preferences");
  await arrived;
  delete service.hooks["POST /v1/auth/refresh"];
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(store.auth.refreshing?.token, spent, "the refresh in flight is in storage");

  const next = worker(service, store); // a new worker: nothing in memory
  const res = await next.api.request("/v1/me/preferences");
  assert.equal(res.status, 200);
  const refreshes = service.calls.filter((c) => c.path === "/v1/auth/refresh");
  assert.deepEqual(refreshes.map((c) => c.body.refresh_token), [spent, spent], "carried on with the same token");
  assert.equal(store.auth.accountId, "acct-1");
  assert.equal(store.auth.refreshing, undefined);
  assert.equal(service.accountsMade(), 1);
});

test("a worker stopped while waiting out a 429: the next one waits the rest of it, not from zero", async () => {
  const service = fakeService();
  const { store } = await expired(service);
  service.hooks["POST /v1/auth/refresh"] = () => problem(429, { "Retry-After": "20" });
  const first = worker(service, store, { hold: true }); // its sleep never ends: it is stopped there
  first.api.request("/v1/me/preferences");
  while (!first.slept.length) await new Promise((resolve) => setTimeout(resolve, 1));
  assert.deepEqual(first.slept, [20_000]);
  delete service.hooks["POST /v1/auth/refresh"];
  store.clock.now += 5_000; // the new worker starts 5 s later
  const next = worker(service, store);
  assert.equal((await next.api.request("/v1/me/preferences")).status, 200);
  assert.deepEqual(next.slept, [15_000]);
  assert.equal(service.calls.filter((c) => c.path === "/v1/auth/refresh").length, 2);
  assert.equal(store.auth.accountId, "acct-1");
});

test("a recovery code brings back the account it belongs to; a wrong one changes nothing", async () => {
  const service = fakeService();
  const a = worker(service, storage());
  await a.api.request("/v1/me/preferences");
  const { codes } = (await a.api.request("/v1/me/recovery-codes", { method: "POST" })).body;
  assert.equal(codes.length, 10);

  const b = storage();
  const other = worker(service, b);
  await other.api.request("/v1/me/preferences");
  assert.equal(b.auth.accountId, "acct-2");
  const wrong = await other.api.redeem("recovery", "not-a-code");
  assert.equal(wrong.ok, false);
  assert.equal(wrong.problem.code, "recovery-code-invalid");
  assert.equal(b.auth.accountId, "acct-2", "unchanged");
  const right = await other.api.redeem("recovery", codes[3]);
  assert.equal(right.ok, true);
  assert.equal(right.next, "add_passkey");
  assert.equal(b.auth.accountId, "acct-1");
  assert.equal((await other.api.request("/v1/me/preferences")).status, 200);
  assert.equal((await other.api.redeem("recovery", codes[3])).ok, false, "one use");
});

test("an answer no service of ours gives (404 from a misconfigured proxy) is retried, never a sign-out", async () => {
  const service = fakeService();
  const { api, store } = await expired(service);
  const answers = [problem(404), problem(502)];
  service.hooks["POST /v1/auth/refresh"] = () => answers.shift();
  assert.equal((await api.request("/v1/me/preferences")).status, 200);
  assert.equal(store.auth.status, "signed_in");
  assert.equal(store.auth.accountId, "acct-1");
});

test("while no token can be had for now, explain goes without one, with the last-known region and objection", async () => {
  const { createExplainService } = await import("../src/background/explain-service.js");
  const { createExplainCache } = await import("../src/background/explain-cache.js");
  const service = fakeService();
  const waits = [];
  const sleep = (ms) => { waits.push(ms); return ms === OPTIONAL_WAIT_MS ? Promise.resolve() : new Promise(() => {}); };
  const { api } = await expired(service, { sleep });
  service.hooks["POST /v1/auth/refresh"] = () => problem(503, { "Retry-After": "60" });
  const data = new Map();
  const cache = createExplainCache({
    get: async (keys) => Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)])),
    set: async (values) => { for (const [k, v] of Object.entries(values)) data.set(k, v); },
    remove: async (keys) => { for (const k of keys) data.delete(k); },
  });
  const lastKnown = async () => ({ region: "FR", objections: { instagram: { filed_on: "2025-05-01", scope: "all" }, facebook: null } });
  const explainer = createExplainService({ api, cache, lastKnown });
  const item = (key, platform) => ({ key, platform, kind: "post", audience: "public", created_at: null, author: "self", author_age: "adult" });
  const answer = await explainer.explain([item("00000000000000b1", "facebook"), item("00000000000000b2", "instagram")]);
  assert.equal(answer.ok, true);
  const sent = service.calls.filter((c) => c.path === "/v1/explain");
  assert.equal(sent.length, 2);
  assert.ok(sent.every((c) => c.auth === undefined));
  const by = Object.fromEntries(sent.map((c) => [c.body.items[0].platform, c.body]));
  assert.deepEqual(by.instagram.objection, { filed_on: "2025-05-01", scope: "all" });
  assert.equal(by.facebook.objection, undefined);
  assert.equal(by.facebook.region, "FR");
  assert.equal(service.accountsMade(), 1);
});
