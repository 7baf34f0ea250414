import { test } from "node:test";
import assert from "node:assert/strict";
import { createApiClient } from "../src/background/api-client.js";
import { fakeService } from "./helpers/fake-service.js";

function client(service, base = { value: "http://127.0.0.1:8000" }, clock = { now: 1_000_000 }, options = {}) {
  let stored = null;
  const api = createApiClient({
    fetch: service.fetch,
    apiBase: async () => base.value,
    loadAuth: async () => stored,
    saveAuth: async (a) => { stored = a; },
    now: () => clock.now,
    ...options,
  });
  return { api, auth: () => stored, base, clock };
}

test("creates the anonymous account on first use, then sends its bearer token", async () => {
  const service = fakeService();
  const { api, auth } = client(service);
  const res = await api.request("/v1/me/preferences");
  assert.equal(res.status, 200);
  assert.equal(res.etag, '"v1"');
  assert.deepEqual(service.calls.map((c) => `${c.method} ${c.path}`), ["POST /v1/accounts", "GET /v1/me/preferences"]);
  assert.equal(service.calls[1].auth, "at-1");
  assert.equal(auth().accountId, "acct-1");
  await api.request("/v1/me/preferences");
  assert.equal(service.calls.filter((c) => c.path === "/v1/accounts").length, 1, "one account, reused");
});

test("on 401: refresh once (storing the rotated refresh token) and retry", async () => {
  const service = fakeService();
  const { api, auth } = client(service);
  await api.request("/v1/me/preferences");
  service.expireAll();
  const res = await api.request("/v1/me/preferences");
  assert.equal(res.status, 200);
  assert.deepEqual(service.calls.slice(2).map((c) => `${c.method} ${c.path}`), ["GET /v1/me/preferences", "POST /v1/auth/refresh", "GET /v1/me/preferences"]);
  assert.equal(service.calls[3].body.refresh_token, "rt-1-secret");
  assert.equal(auth().refreshToken, "rt-2-secret");
  assert.equal(auth().accountId, "acct-1", "refresh keeps the account");
});

test("a token about to expire is refreshed before the call", async () => {
  const service = fakeService({ expiresIn: 60 });
  const { api, clock } = client(service);
  await api.request("/v1/me/preferences");
  clock.now += 45_000;
  await api.request("/v1/me/preferences");
  assert.deepEqual(service.calls.map((c) => c.path), ["/v1/accounts", "/v1/me/preferences", "/v1/auth/refresh", "/v1/me/preferences"]);
});

test("another service address means another account", async () => {
  const service = fakeService();
  const { api, base } = client(service);
  await api.request("/v1/me/preferences");
  base.value = "http://127.0.0.1:9999";
  await api.request("/v1/me/preferences");
  assert.deepEqual(service.calls.map((c) => `${c.origin} ${c.path}`), [
    "http://127.0.0.1:8000 /v1/accounts", "http://127.0.0.1:8000 /v1/me/preferences",
    "http://127.0.0.1:9999 /v1/accounts", "http://127.0.0.1:9999 /v1/me/preferences",
  ]);
});

test("concurrent first calls create one account", async () => {
  const service = fakeService();
  const { api } = client(service);
  await Promise.all([api.request("/v1/me/preferences"), api.request("/v1/me/preferences"), api.request("/v1/me/preferences")]);
  assert.equal(service.calls.filter((c) => c.path === "/v1/accounts").length, 1);
});

test("a network failure is a status-0 problem, not an exception", async () => {
  const service = fakeService();
  const { api } = client(service);
  await api.request("/v1/me/preferences");
  service.hooks["GET /v1/me/preferences"] = () => { throw new TypeError("Failed to fetch"); };
  const res = await api.request("/v1/me/preferences");
  assert.equal(res.ok, false);
  assert.equal(res.status, 0);
  assert.match(res.body.detail, /Failed to fetch/);
});
