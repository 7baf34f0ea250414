import { test } from "node:test";
import assert from "node:assert/strict";
import { createApiClient } from "../src/background/api-client.js";

/** A service whose first answers to POST /v1/accounts are lost (`lose` of them), as a dropped connection loses them. */
function losingService(lose) {
  const keys = [];
  const made = new Map(); // Idempotency-Key → the account made for it
  const fetch = async (url, init = {}) => {
    const path = new URL(url).pathname;
    if (path !== "/v1/accounts") return new Response(JSON.stringify({}), { status: 200, headers: { "Content-Type": "application/json" } });
    const key = init.headers?.["Idempotency-Key"];
    keys.push(key);
    if (!made.has(key)) made.set(key, { account_id: `acct-${made.size + 1}`, access_token: "at", refresh_token: "rt", expires_in: 900 });
    if (keys.length <= lose) throw new TypeError("Failed to fetch");
    return new Response(JSON.stringify(made.get(key)), { status: 201, headers: { "Content-Type": "application/json" } });
  };
  return { fetch, keys, made };
}

function client(service) {
  let stored = null;
  const api = createApiClient({
    fetch: service.fetch, apiBase: async () => "http://127.0.0.1:8000",
    loadAuth: async () => stored, saveAuth: async (a) => { stored = a; },
  });
  return { api, auth: () => stored };
}

test("a sign-up whose answer was lost is retried with the same Idempotency-Key: one account", async () => {
  const service = losingService(2);
  const { api, auth } = client(service);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await assert.rejects(api.request("/v1/me/preferences"));
  }
  const res = await api.request("/v1/me/preferences");
  assert.equal(res.status, 200);
  assert.equal(service.keys.length, 3);
  assert.match(service.keys[0], /^[0-9a-f-]{36}$/);
  assert.equal(new Set(service.keys).size, 1, "every attempt sent the same key");
  assert.equal(service.made.size, 1);
  assert.equal(auth().accountId, "acct-1");
});

test("starting over after an answered sign-up sends a new key", async () => {
  const service = losingService(0);
  const { api, auth } = client(service);
  await api.request("/v1/me/preferences");
  await api.startOver();
  assert.equal(service.keys.length, 2);
  assert.notEqual(service.keys[0], service.keys[1]);
  assert.equal(auth().accountId, "acct-2");
});
