import { test } from "node:test";
import assert from "node:assert/strict";
import { createApiClient } from "../src/background/api-client.js";
import { createExplainCache } from "../src/background/explain-cache.js";
import { MAX_BATCH, MAX_IN_FLIGHT, createExplainService, toApiItem, withOwnAge } from "../src/background/explain-service.js";
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

/** @param {{limit?: number, fetch?: (service: any) => typeof fetch, tag?: () => Promise<string>, freshen?: Function, ownAge?: () => Promise<any>}} [options] */
function setup({ limit = 3000, fetch = (service) => service.fetch, tag, freshen, ownAge } = {}) {
  const service = fakeService();
  let auth = null;
  const api = createApiClient({ fetch: fetch(service), apiBase: async () => "http://127.0.0.1:8000", loadAuth: async () => auth, saveAuth: async (a) => { auth = a; } });
  const store = memoryStore();
  const cache = createExplainCache({ ...store, limit });
  return { service, store, cache, explainer: createExplainService({ api, cache, tag, freshen, ownAge }), explains: () => service.calls.filter((c) => c.path === "/v1/explain") };
}

test("the API item: the id it is given, no date field when the date is unknown, nothing else", () => {
  assert.deepEqual(toApiItem(fact(1), "00000000000000ff"), { id: "00000000000000ff", platform: "facebook", kind: "post", audience: "public", created_at: "2025-06-01", author: "other", author_age: "unknown" });
  assert.equal("created_at" in toApiItem(fact(2), "00000000000000ff"), false);
});

test("issue 4: the service sees the page's opaque ref as the id, or a random one, never the item's salted key; answers keep no id", async () => {
  const { explainer, explains } = setup();
  const withRef = { ...fact(1), ref: "abcdefabcdef0001" };
  const answer = await explainer.explain([withRef, fact(2)]);
  const ids = explains()[0].body.items.map((i) => i.id);
  assert.equal(ids[0], "abcdefabcdef0001");
  assert.match(ids[1], /^[0-9a-f]{16}$/);
  assert.ok(!ids.includes(fact(1).key) && !ids.includes(fact(2).key), "no key leaves the extension");
  assert.equal(answer.results[fact(1).key].verdict, "included", "the tab gets its answer by key");
  assert.equal("id" in answer.results[fact(2).key], false);
  const { explainer: other, explains: otherExplains } = setup();
  await other.explain([fact(2)]);
  assert.notEqual(otherExplains()[0].body.items[0].id, ids[1], "the same item twice: two unrelated ids");
});

test("issue 2: a page's 1,350 items go out as three calls of at most 500 at once, each handed on when it arrives", async () => {
  let active = 0;
  let most = 0;
  const gates = [];
  const { explainer, explains } = setup({
    fetch: (service) => async (url, init) => {
      if (!url.endsWith("/v1/explain")) return service.fetch(url, init);
      active += 1;
      most = Math.max(most, active);
      await new Promise((resolve) => gates.push(resolve));
      active -= 1;
      return service.fetch(url, init);
    },
  });
  const parts = [];
  const asking = explainer.explain(Array.from({ length: 1350 }, (_, i) => fact(i)), { onPartial: (p) => parts.push(Object.keys(p.results).length) });
  while (gates.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(active, 3, "all three calls are out together");
  gates[1]();
  while (parts.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(parts, [500], "the second call's answers are handed on before the others arrive");
  gates[2]();
  gates[0]();
  const answer = await asking;
  assert.equal(answer.ok, true);
  assert.deepEqual(parts.sort(), [350, 500, 500]);
  assert.deepEqual(explains().map((c) => c.body.items.length).sort(), [350, 500, 500]);
  assert.equal(most, 3);
  assert.equal(MAX_IN_FLIGHT, 3);
});

test("issue 2: at most three calls are in flight; the fourth waits for one to finish", async () => {
  let active = 0;
  let most = 0;
  const { explainer, explains } = setup({
    fetch: (service) => async (url, init) => {
      active += 1;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active -= 1;
      return service.fetch(url, init);
    },
  });
  await explainer.explain([fact(0)]); // the account exists before the burst
  const answer = await explainer.explain(Array.from({ length: 2600 }, (_, i) => fact(i + 1)));
  assert.equal(answer.ok, true);
  assert.equal(explains().length, 7);
  assert.equal(most, 3);
});

test("cached answers are handed on at once, before any call", async () => {
  const { explainer } = setup();
  await explainer.explain([fact(1)]);
  const parts = [];
  await explainer.explain([fact(1), fact(2)], { onPartial: (p) => parts.push(Object.keys(p.results)) });
  assert.deepEqual(parts, [[fact(1).key], [fact(2).key]]);
});

test("issue 1: answers are cached under the record they were made for; another record's tag empties the cache", async () => {
  let tag = "base|acct|v1";
  const { explainer, explains, store } = setup({ tag: async () => tag });
  await explainer.explain([fact(1)]);
  await explainer.explain([fact(1)]);
  assert.equal(explains().length, 1);
  assert.equal(store.data.get("explainTag"), "base|acct|v1");
  tag = "base|acct|v2"; // the record changed elsewhere and was read again
  await explainer.explain([fact(1)]);
  assert.equal(explains().length, 2, "the answer made for v1 is not served");
  assert.equal(store.data.get("explainTag"), "base|acct|v2");
  // A worker that wakes later finds the stored answers' tag and drops them when it differs.
  const revived = createExplainCache({ ...store });
  assert.equal((await revived.getMany([`${fact(1).key}|facebook|post|public|2025-06-01|other|unknown`], "base|acct|v2")).size, 1);
  assert.equal((await revived.getMany([`${fact(1).key}|facebook|post|public|2025-06-01|other|unknown`], "base|acct|v3")).size, 0);
  assert.equal([...store.data.keys()].filter((k) => k.startsWith("x:")).length, 0);
});

test("issue 1: an answer that arrives after the record changed is handed on but not cached", async () => {
  let tag = "t1";
  const { explainer, explains } = setup({
    tag: async () => tag,
    fetch: (service) => async (url, init) => {
      const res = await service.fetch(url, init);
      if (url.endsWith("/v1/explain")) tag = "t2"; // a change read while this call was out
      return res;
    },
  });
  assert.equal((await explainer.explain([fact(1)])).ok, true);
  tag = "t2";
  await explainer.explain([fact(1)]);
  assert.equal(explains().length, 2);
});

test("issue 1: the due re-read of the record: awaited first when no record was read yet, or before serving cached answers", async () => {
  const order = [];
  let due = null;
  let tag = "v1";
  const freshen = async () => due;
  const { explainer, explains } = setup({
    tag: async () => tag, freshen,
    fetch: (service) => async (url, init) => { if (url.endsWith("/v1/explain")) order.push("post"); return service.fetch(url, init); },
  });
  const reRead = (known, change) => ({ known, done: new Promise((resolve) => setTimeout(() => { order.push("read"); if (change) tag = change; resolve(); }, 20)) });

  due = reRead(false, "v1");
  await explainer.explain([fact(1)]);
  assert.deepEqual(order, ["read", "post"], "the record is read before the first answer is asked for");
  due = reRead(true, "v2"); // due again, and the record changed meanwhile
  const answer = await explainer.explain([fact(1)]);
  assert.deepEqual(order.slice(2), ["read", "post"], "the cached answer made for v1 waits for the re-read, then is dropped");
  assert.equal(answer.ok, true);
  due = reRead(true, null); // due, but nothing cached for these facts: fresh answers need not wait
  await explainer.explain([fact(9)]);
  assert.deepEqual(order.slice(4), ["post"]);
  await due.done;
  assert.equal(explains().length, 3);
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
  assert.equal(answer.policy.id, "meta-eu-2025");
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

test("issue 2: a part carries each distinct answer once, with every item key pointing into that table", async () => {
  const { explainer } = setup();
  const parts = [];
  const facts = Array.from({ length: 300 }, (_, i) => fact(i, i % 2 ? "friends" : "public"));
  const answer = await explainer.explain(facts, { onPartial: (p) => parts.push(structuredClone(p)) });
  assert.equal(parts.length, 1);
  assert.equal(parts[0].table.length, 2, "two distinct verdicts for 300 items");
  assert.equal(Object.keys(parts[0].results).length, 300);
  for (const f of facts) assert.deepEqual(parts[0].table[parts[0].results[f.key]], answer.results[f.key]);
  assert.equal(parts[0].table[parts[0].results[fact(1).key]].verdict, "excluded");
});

test("the person's own items go out with the age band they said; other people's keep the unknown age", async () => {
  let band = null;
  const { explainer, explains } = setup({ ownAge: async () => band });
  const own = { ...fact(1), author: "self" };
  const first = await explainer.explain([own, fact(2)]);
  assert.deepEqual(explains()[0].body.items.map((i) => i.author_age), ["unknown", "unknown"], "nothing said: unknown");
  assert.deepEqual(first.results[own.key].condition, { fact: "author_age", unless: "minor", verdict: "excluded" });

  band = "minor";
  const second = await explainer.explain([own, fact(2)]);
  assert.equal(explains().length, 2, "a new band is a new question: the cached answer is not served");
  assert.deepEqual(explains()[1].body.items.map((i) => i.author_age), ["minor"], "only the own item is asked again");
  assert.equal(second.results[own.key].verdict, "excluded");
  assert.equal(second.results[own.key].condition, null);
  assert.equal(second.results[fact(2).key].verdict, "included", "someone else's item is unchanged");
});

test("withOwnAge: only the person's own items with no age read from the page take the band", () => {
  const own = { ...fact(1), author: "self" };
  assert.equal(withOwnAge(own, "adult").author_age, "adult");
  assert.equal(withOwnAge(own, null), own);
  assert.equal(withOwnAge(fact(1), "adult").author_age, "unknown");
  assert.equal(withOwnAge({ ...own, author_age: "minor" }, "adult").author_age, "minor");
});
