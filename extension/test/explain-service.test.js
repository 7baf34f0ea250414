import { test } from "node:test";
import assert from "node:assert/strict";
import { createApiClient } from "../src/background/api-client.js";
import { createExplainCache } from "../src/background/explain-cache.js";
import { MAX_BATCH, createExplainService, toApiItem } from "../src/background/explain-service.js";
import { fakeService } from "./helpers/fake-service.js";

const fact = (i, audience = "public") => ({
  key: i.toString(16).padStart(16, "0"), platform: "facebook", kind: "post", audience,
  created_at: i % 2 ? "2025-06-01" : null, author: "other", author_age: "unknown",
});

function memoryStore() {
  const data = new Map();
  return {
    data,
    get: async (keys) => Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)])),
    set: async (values) => { for (const [k, v] of Object.entries(values)) data.set(k, v); },
    remove: async (keys) => { for (const k of keys) data.delete(k); },
  };
}

function setup({ limit = 3000 } = {}) {
  const service = fakeService();
  let auth = null;
  const api = createApiClient({ fetch: service.fetch, apiBase: async () => "http://127.0.0.1:8000", loadAuth: async () => auth, saveAuth: async (a) => { auth = a; } });
  const store = memoryStore();
  const cache = createExplainCache({ ...store, limit });
  return { service, store, cache, explainer: createExplainService({ api, cache }), explains: () => service.calls.filter((c) => c.path === "/v1/explain") };
}

test("the API item: key → id, no date field when the date is unknown, nothing else", () => {
  assert.deepEqual(toApiItem(fact(1)), { id: "0000000000000001", platform: "facebook", kind: "post", audience: "public", created_at: "2025-06-01", author: "other", author_age: "unknown" });
  assert.equal("created_at" in toApiItem(fact(2)), false);
});

test("1,200 items go out in batches of at most 500, answers come back by key", async () => {
  const { explainer, explains } = setup();
  const facts = Array.from({ length: 1200 }, (_, i) => fact(i, i % 3 ? "friends" : "public"));
  const answer = await explainer.explain(facts);
  assert.equal(answer.ok, true);
  assert.equal(MAX_BATCH, 500);
  assert.deepEqual(explains().map((c) => c.body.items.length), [500, 500, 200]);
  assert.equal(Object.keys(answer.results).length, 1200);
  assert.equal(answer.results[fact(3).key].verdict, "included");
  assert.equal(answer.results[fact(4).key].verdict, "excluded");
  assert.deepEqual(answer.policy, { id: "meta-eu-2025", effective_from: "2025-05-27" });
});

test("answers are cached by key and facts: asking again costs nothing; changed facts are asked again", async () => {
  const { explainer, explains } = setup();
  await explainer.explain([fact(1), fact(2)]);
  await explainer.explain([fact(1), fact(2)]);
  assert.equal(explains().length, 1);
  const changed = await explainer.explain([{ ...fact(1), audience: "friends" }]);
  assert.equal(explains().length, 2);
  assert.equal(changed.results[fact(1).key].verdict, "excluded");
});

test("the cache lives in storage.session: a new worker (empty memory) still hits it", async () => {
  const first = setup();
  await first.explainer.explain([fact(1)]);
  const revived = createExplainCache({ ...first.store });
  const hits = await revived.getMany([...(await first.cache.getMany([])).keys()]);
  assert.equal(hits.size, 0);
  const stored = [...first.store.data.keys()].filter((k) => k.startsWith("x:"));
  assert.equal(stored.length, 1);
  assert.equal((await revived.getMany([stored[0].slice(2)])).size, 1);
});

test("the cache is bounded: the oldest answers go first", async () => {
  const { explainer, store } = setup({ limit: 100 });
  await explainer.explain(Array.from({ length: 250 }, (_, i) => fact(i)));
  assert.equal([...store.data.keys()].filter((k) => k.startsWith("x:")).length, 100);
  assert.equal(store.data.get("explainIndex").length, 100);
  assert.ok(store.data.get("explainIndex")[0].startsWith(fact(150).key));
});

test("concurrent asks for the same facts share one request; duplicates in one ask are sent once", async () => {
  const { explainer, explains } = setup();
  const facts = [fact(1), fact(2), fact(1)];
  const [a, b] = await Promise.all([explainer.explain(facts), explainer.explain([fact(2), fact(1)])]);
  assert.equal(explains().length, 1);
  assert.equal(explains()[0].body.items.length, 2);
  assert.equal(a.ok && b.ok, true);
});

test("a failing service: ok false with the problem, nothing cached, the next ask tries again", async () => {
  const { explainer, explains, service } = setup();
  service.hooks["POST /v1/explain"] = () => new Response('{"type":"about:blank","title":"Unavailable","status":503}', { status: 503, headers: { "Content-Type": "application/problem+json" } });
  const answer = await explainer.explain([fact(1)]);
  assert.equal(answer.ok, false);
  assert.equal(answer.error.status, 503);
  delete service.hooks["POST /v1/explain"];
  assert.equal((await explainer.explain([fact(1)])).ok, true);
  assert.equal(explains().length, 2);
});

test("an answer with an unknown verdict is not shown or cached", async () => {
  const { explainer, service } = setup();
  service.hooks["POST /v1/explain"] = (body) => new Response(JSON.stringify({ policy: {}, results: body.items.map((i) => ({ id: i.id, verdict: "maybe" })) }), { status: 200, headers: { "Content-Type": "application/json" } });
  const answer = await explainer.explain([fact(1)]);
  assert.equal(answer.ok, false);
  assert.deepEqual(answer.results, {});
});
