// The content script's state (src/content/content-store.js), table by table: what is asked for,
// how answers, parts and failures are taken in, what a change of record forgets, and the refs.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createContentStore } from "../src/content/content-store.js";
import { ID_RE } from "../src/ids.js";
import { factsSignature } from "../src/messages.js";

/** A fact record; `n` picks its key. */
const fact = (n, over = {}) => ({
  key: n.toString(16).padStart(16, "0"), platform: "facebook", kind: "post", audience: "public",
  created_at: "2025-01-01", author: "self", author_age: "unknown", ...over,
});
const ANSWER = { verdict: "included", reasons: [], actions: [], flip: [] };
const OTHER = { verdict: "excluded", reasons: [], actions: [], flip: [] };

/** A store with a clock the test moves and refs counted out in order. */
function storeAt(options = {}) {
  const clock = { now: 1_000_000 };
  let n = 0;
  const store = createContentStore({ now: () => clock.now, newRef: () => (n += 1).toString(16).padStart(16, "0"), ...options });
  return { store, clock };
}

test("claim: asks for each new signature once, and not again while asked, answered or lately failed", () => {
  const cases = [
    { name: "new facts are claimed", before: [], claim: [1, 2], want: [1, 2] },
    { name: "the same key twice in one scan goes once", before: [], claim: [1, 1], want: [1] },
    { name: "asked and unanswered: not again", before: [["claim", [1]]], claim: [1, 2], want: [2] },
    { name: "answered: not again", before: [["claim", [1]], ["answer", [1]]], claim: [1], want: [] },
    { name: "failed under 30 s ago: not again", before: [["claim", [1]], ["fail", [1]], ["wait", 29_999]], claim: [1], want: [] },
    { name: "failed 30 s ago: again", before: [["claim", [1]], ["fail", [1]], ["wait", 30_000]], claim: [1], want: [1] },
    { name: "after forget: everything again", before: [["claim", [1]], ["answer", [1]], ["forget"]], claim: [1], want: [1] },
  ];
  for (const { name, before, claim, want } of cases) {
    const { store, clock } = storeAt();
    for (const [step, arg] of before) {
      if (step === "claim") store.claim(arg.map((n) => fact(n)));
      if (step === "wait") clock.now += arg;
      if (step === "forget") store.forget();
      if (step === "answer" || step === "fail") {
        const [request] = store.requests(arg.map((n) => fact(n)));
        const results = step === "answer" ? Object.fromEntries(arg.map((n) => [fact(n).key, ANSWER])) : {};
        store.settle(request, { results }, true);
      }
    }
    assert.deepEqual(store.claim(claim.map((n) => fact(n))).map((f) => f.key), want.map((n) => fact(n).key), name);
  }
});

test("a facts signature is the key and the facts: an item whose facts changed is asked for again", () => {
  const { store } = storeAt();
  store.claim([fact(1)]);
  assert.equal(store.claim([fact(1, { audience: "friends" })]).length, 1);
});

test("settle: parts index into their table, finals map keys to answers, what stays unanswered fails", () => {
  const cases = [
    { name: "a final answer", answer: { results: { [fact(1).key]: ANSWER } }, final: true, want: { 1: ANSWER, 2: "failed" } },
    { name: "a part: an index into its table", answer: { table: [OTHER, ANSWER], results: { [fact(2).key]: 1 } }, final: false, want: { 1: "pending", 2: ANSWER } },
    { name: "a part leaves the rest asked", answer: { table: [], results: {} }, final: false, want: { 1: "pending", 2: "pending" } },
    { name: "no answer at all (the port closed)", answer: null, final: true, want: { 1: "failed", 2: "failed" } },
    { name: "an index with no row is no answer", answer: { table: [], results: { [fact(1).key]: 3 } }, final: true, want: { 1: "failed", 2: "failed" } },
  ];
  for (const { name, answer, final, want } of cases) {
    const { store } = storeAt();
    const [request] = store.requests(store.claim([fact(1), fact(2)]));
    assert.equal(store.settle(request, answer, final), true, name);
    for (const [n, expected] of Object.entries(want)) {
      const sig = factsSignature(fact(Number(n)));
      const got = store.result(sig) ?? (store.failed(sig) ? "failed" : "pending");
      assert.equal(got, expected, `${name}: item ${n}`);
    }
  }
});

test("an answer after a failure clears it; a final answer keeps what a part already gave", () => {
  const { store } = storeAt();
  const [request] = store.requests(store.claim([fact(1)]));
  store.settle(request, { table: [ANSWER], results: { [fact(1).key]: 0 } }, false);
  store.settle(request, { results: {} }, true); // over a port the final answer repeats no result
  assert.equal(store.result(factsSignature(fact(1))), ANSWER);
  assert.equal(store.failed(factsSignature(fact(1))), false);
  const [again] = store.requests([fact(2)]);
  store.settle(again, null, true);
  store.settle(again, { results: { [fact(2).key]: OTHER } }, true);
  assert.deepEqual(store.sizes(), { results: 2, pending: 0, failed: 0, refs: 2 });
});

test("issue 1: answers to a request made before the record changed are ignored", () => {
  const { store } = storeAt();
  const [old] = store.requests(store.claim([fact(1)]));
  store.forget();
  assert.equal(store.settle(old, { results: { [fact(1).key]: ANSWER } }, true), false);
  assert.equal(store.result(factsSignature(fact(1))), undefined);
  assert.equal(store.epoch, 1);
  const [current] = store.requests(store.claim([fact(1)]));
  assert.equal(current.epoch, 1);
  assert.equal(store.settle(current, { results: { [fact(1).key]: OTHER } }, true), true);
  assert.equal(store.result(factsSignature(fact(1))), OTHER);
});

test("requests: messages of at most maxPerMessage items, each item with its page-load ref", () => {
  const cases = [[0, []], [3, [3]], [4, [4]], [9, [4, 4, 1]]];
  for (const [count, sizes] of cases) {
    const { store } = storeAt({ maxPerMessage: 4 });
    const facts = Array.from({ length: count }, (_, i) => fact(i + 1));
    const requests = store.requests(store.claim(facts));
    assert.deepEqual(requests.map((r) => r.items.length), sizes, `${count} items`);
    for (const r of requests) {
      assert.deepEqual(r.items.map((item) => item.ref), r.facts.map((f) => store.refOf(f.key)));
      assert.deepEqual(r.sigs, r.facts.map(factsSignature));
      assert.ok(r.facts.every((f) => f.ref === undefined), "the claimed facts are not changed");
    }
  }
});

test("refs: one per key for the page load, random 16 hex digits by default, bounded", () => {
  const random = createContentStore();
  const ref = random.refOf("aaaaaaaaaaaaaaaa");
  assert.match(ref, ID_RE);
  assert.equal(random.refOf("aaaaaaaaaaaaaaaa"), ref);
  assert.notEqual(random.refOf("bbbbbbbbbbbbbbbb"), ref);
  assert.notEqual(createContentStore().refOf("aaaaaaaaaaaaaaaa"), ref, "another page load, another ref");
  const { store } = storeAt({ maxRefs: 2 });
  store.refOf("a"); store.refOf("b"); store.refOf("c");
  assert.equal(store.sizes().refs, 1, "full: starts over rather than grow without end");
});

test("answers are bounded: the oldest go first", () => {
  const { store } = storeAt({ maxResults: 2 });
  const [request] = store.requests(store.claim([fact(1), fact(2), fact(3)]));
  store.settle(request, { results: Object.fromEntries([1, 2, 3].map((n) => [fact(n).key, ANSWER])) }, true);
  assert.deepEqual([1, 2, 3].map((n) => Boolean(store.result(factsSignature(fact(n))))), [false, true, true]);
});

test("the page config and the pause switch are plain fields; the reader's memo is kept across scans", () => {
  const store = createContentStore({ salt: "s", profiles: { facebook: "jane" }, paused: true });
  assert.deepEqual([store.salt, store.profiles, store.paused], ["s", { facebook: "jane" }, true]);
  const memo = store.readerMemo;
  store.forget();
  assert.equal(store.readerMemo, memo, "a change of record does not make the page be read again");
});
