// Answers "explain" for the content scripts: serves what the cache holds, sends the rest to
// POST /v1/explain in batches of at most 500, a few at a time, shares one request between
// concurrent asks for the same facts, hands each batch's answers on as soon as they arrive, and
// caches them under the record they were made for.

import { ID_RE, randomHex } from "../ids.js";
import { factsSignature } from "../messages.js";
import { VERDICTS } from "../platforms.js";
import { SIGNED_OUT, SIGN_IN_UNAVAILABLE } from "./api-client.js";

export const MAX_BATCH = 500;
export const MAX_IN_FLIGHT = 3;

/**
 * The API's item. Its id is the page's opaque ref for the item (drawn at random per page load),
 * or a fresh random one: never the salted key, which would name the item alike on every visit.
 * @param {import("../messages.js").Fact} f @param {string} id
 */
export function toApiItem(f, id) {
  const item = { id, platform: f.platform, kind: f.kind, audience: f.audience, author: f.author, author_age: f.author_age };
  if (f.created_at) item.created_at = f.created_at;
  return item;
}

/**
 * The facts as sent: the person's own items carry the age band they said (the page shows none).
 * A different age is a different signature, so answers for the other band are never served.
 * @param {import("../messages.js").Fact} f @param {"adult"|"minor"|null} band
 */
export function withOwnAge(f, band) {
  return band && f.author === "self" && f.author_age === "unknown" ? { ...f, author_age: band } : f;
}

/** Run at most `max` of the queued calls at once. */
function limiter(max) {
  let active = 0;
  const waiting = [];
  const next = () => {
    if (active >= max || !waiting.length) return;
    active += 1;
    const { fn, resolve, reject } = waiting.shift();
    fn().then(resolve, reject).finally(() => { active -= 1; next(); });
  };
  return (fn) => new Promise((resolve, reject) => { waiting.push({ fn, resolve, reject }); next(); });
}

/**
 * One object per distinct answer: a feed's 1,000 items get a handful of different verdicts (1.4 kB
 * each, reasons and sources included), so parts carry each once in a table, not once per item.
 */
function interner() {
  const byText = new Map();
  const canonical = new WeakSet();
  return (result) => {
    if (canonical.has(result)) return result;
    const text = JSON.stringify(result);
    let one = byText.get(text);
    if (!one) {
      if (byText.size >= 2000) byText.clear();
      byText.set(text, (one = result));
      canonical.add(one);
    }
    return one;
  };
}

/** A part for the tab: `results` maps each key to its answer's index in `table`. */
function compact(policy, pairs) {
  const table = [];
  const index = new Map();
  const results = {};
  for (const [f, result] of pairs) {
    let i = index.get(result);
    if (i === undefined) { i = table.length; table.push(result); index.set(result, i); }
    results[f.key] = i;
  }
  return { policy, table, results };
}

/** Batches of at most `max`, no id twice in one batch. @param {Array<[object, string]>} withIds */
function batches(withIds, max) {
  const out = [];
  for (const pair of withIds) {
    let batch = out.find((b) => b.length < max && !b.ids.has(pair[1]));
    if (!batch) out.push((batch = Object.assign([], { ids: new Set() })));
    batch.push(pair);
    batch.ids.add(pair[1]);
  }
  return out;
}

/**
 * @typedef {{region: string|null, objections: Record<string, {filed_on: string, scope: "all"|string[], withdrawn_on?: string}|null>}} LastKnown
 * @param {{api: {request: Function}, cache: ReturnType<typeof import("./explain-cache.js").createExplainCache>,
 *   tag?: () => Promise<string>, freshen?: () => Promise<{known: boolean, done: Promise<void>}|null>,
 *   lastKnown?: () => Promise<LastKnown>, ownAge?: () => Promise<"adult"|"minor"|null>,
 *   maxBatch?: number, maxInFlight?: number}} deps
 *   tag: names the record answers are made for (service, account, ETag); freshen: re-reads the
 *   record when it is due (see preferences.refreshIfDue); lastKnown: the record as last read, for
 *   explaining without a sign-in; ownAge: the person's own age band, for their own items.
 */
export function createExplainService({
  api, cache, tag = async () => "", freshen = async () => null, lastKnown = async () => ({ region: null, objections: {} }),
  ownAge = async () => null, maxBatch = MAX_BATCH, maxInFlight = MAX_IN_FLIGHT,
}) {
  const inflight = new Map(); // signature → Promise<{answers: Map<signature, result>, error}>
  /** @type {string|null} */
  let inflightTag = null;
  const intern = interner();
  let policy = null;
  const limit = limiter(maxInFlight);

  /**
   * Without a sign-in (signed out, or no refresh for now) explain needs no token: the record last
   * read stands in for the one on the service (region, and each platform's filed objection, which
   * the API takes once per request: one request per platform), so a badge says nothing false
   * about the person's own objection meanwhile.
   */
  async function explainWithoutSignIn(pairs) {
    const known = await lastKnown();
    const groups = new Map();
    for (const pair of pairs) {
      if (!groups.has(pair[0].platform)) groups.set(pair[0].platform, []);
      groups.get(pair[0].platform).push(pair);
    }
    const answers = await Promise.all([...groups].map(([platform, group]) => {
      const objection = known.objections[platform];
      const body = { items: group.map(([f, id]) => toApiItem(f, id)), ...(known.region ? { region: known.region } : {}), ...(objection ? { objection } : {}) };
      return api.request("/v1/explain", { method: "POST", body, auth: "none" });
    }));
    const failed = answers.find((res) => !res.ok);
    if (failed) return failed;
    return { ok: true, status: 200, etag: null, body: { policy: answers[0]?.body?.policy ?? null, results: answers.flatMap((res) => res.body?.results ?? []) } };
  }

  async function fetchBatch(pairs, madeFor) {
    let res = await api.request("/v1/explain", { method: "POST", body: { items: pairs.map(([f, id]) => toApiItem(f, id)) }, wait: false });
    if (res.body?.code === SIGNED_OUT || res.body?.code === SIGN_IN_UNAVAILABLE) res = await explainWithoutSignIn(pairs);
    if (!res.ok || !Array.isArray(res.body?.results)) {
      return { answers: new Map(), error: res.body ?? { title: `HTTP ${res.status}`, status: res.status } };
    }
    policy = res.body.policy ?? policy;
    const byId = new Map();
    for (const r of res.body.results) {
      if (!VERDICTS.includes(r?.verdict)) continue;
      const { id, ...result } = r; // the id named this request only
      byId.set(id, intern(result));
    }
    const answers = new Map();
    for (const [f, id] of pairs) if (byId.has(id)) answers.set(factsSignature(f), byId.get(id));
    // Kept after they are handed on (storage is not on the way to the badges). Answers made while
    // the record changed are handed on (the tabs then ask again) but not kept.
    cache.setMany(answers, madeFor, async () => (await tag()) === madeFor).catch(() => {});
    return { answers, error: null };
  }

  function start(facts, madeFor) {
    const withIds = facts.map((f) => [f, ID_RE.test(f.ref ?? "") ? f.ref : randomHex()]);
    for (const batch of batches(withIds, maxBatch)) {
      const done = limit(() => fetchBatch(batch, madeFor))
        .catch((err) => ({ answers: new Map(), error: err.problem ?? { title: String(err.message) } }));
      for (const [f] of batch) inflight.set(factsSignature(f), done);
      done.then(() => {
        for (const [f] of batch) if (inflight.get(factsSignature(f)) === done) inflight.delete(factsSignature(f));
      });
    }
  }

  /** The cached answers for `sigs`, after the record's re-read when one is due. */
  async function lookup(sigs) {
    const due = await freshen();
    if (due && !due.known) await due.done; // no record read yet: read it first, answers are cached under it
    let madeFor = await tag();
    let cached = await cache.getMany(sigs, madeFor);
    if (due?.known && cached.size) {
      await due.done; // do not serve cached answers from before a change elsewhere
      const now = await tag();
      if (now !== madeFor) { madeFor = now; cached = await cache.getMany(sigs, madeFor); }
    }
    if (madeFor !== inflightTag) { inflight.clear(); inflightTag = madeFor; }
    for (const [sig, result] of cached) cached.set(sig, intern(result)); // read back from storage: one object per answer again
    return { cached, madeFor };
  }

  return {
    /**
     * @param {import("../messages.js").Fact[]} asked
     * @param {{onPartial?: (part: {policy: object|null, table: object[], results: Record<string, number>}) => void}} [options]
     *   onPartial: the cached answers at once, then each batch's answers as they arrive; a part
     *   maps each item key to an index into its table of distinct answers
     * @returns {Promise<{ok: boolean, policy: object|null, results: Record<string, object>, error?: object}>}
     */
    async explain(asked, { onPartial } = {}) {
      const band = await ownAge();
      const facts = asked.map((f) => withOwnAge(f, band));
      const sigs = facts.map(factsSignature);
      const { cached, madeFor } = await lookup(sigs);
      const results = {};
      const emit = (pairs) => {
        for (const [f, result] of pairs) results[f.key] = result;
        if (pairs.length && onPartial) onPartial(compact(policy, pairs));
      };
      emit(facts.flatMap((f, i) => (cached.has(sigs[i]) ? [[f, cached.get(sigs[i])]] : [])));

      const toFetch = [];
      const seen = new Set();
      for (const [i, f] of facts.entries()) {
        if (cached.has(sigs[i]) || inflight.has(sigs[i]) || seen.has(sigs[i])) continue;
        seen.add(sigs[i]);
        toFetch.push(f);
      }
      start(toFetch, madeFor);

      const waiting = new Map(); // a batch in flight → this ask's facts in it
      for (const [i, f] of facts.entries()) {
        if (cached.has(sigs[i])) continue;
        const batch = inflight.get(sigs[i]);
        if (!waiting.has(batch)) waiting.set(batch, []);
        waiting.get(batch).push([f, sigs[i]]);
      }
      let missing = 0;
      const errors = [];
      await Promise.all([...waiting].map(async ([batch, pairs]) => {
        const { answers, error } = await batch;
        if (error) errors.push(error);
        const got = pairs.filter(([, sig]) => answers.has(sig)).map(([f, sig]) => [f, answers.get(sig)]);
        missing += pairs.length - got.length;
        emit(got);
      }));
      return missing ? { ok: false, policy, results, error: errors[0] ?? { title: "No answer" } } : { ok: true, policy, results };
    },

    clear() {
      inflight.clear();
      return cache.clear();
    },
  };
}
