// The content script's state, as plain data and pure transitions: no DOM, no browser API, so it is
// tested in Node table by table (test/content-store.test.js). content-main.js wires it to the page.
//
// It holds what the page load knows: the background's page config (salt, the person's handles),
// whether badges are paused, each item's ref (drawn at random once per item and page load, the id
// the service sees), the answers by facts signature, what is being asked for, what failed and
// when, and the epoch: a change of record (or of service) starts a new one, and answers to
// requests of an older epoch are ignored when they arrive.

import { randomHex } from "../ids.js";
import { MAX_ITEMS_PER_MESSAGE, factsSignature } from "../messages.js";

export const RETRY_AFTER_MS = 30_000;
export const MAX_RESULTS = 5000;
export const MAX_REFS = 50_000;

/** @typedef {import("../messages.js").Fact} Fact */
/** @typedef {import("../platforms.js").Platform} Platform */
/** @typedef {Partial<Record<Platform, string|null>>} Profiles */
/**
 * One message's worth of facts to ask for: `items` are the facts with their refs, as sent.
 * @typedef {{epoch: number, facts: Fact[], sigs: string[], items: Fact[]}} Request
 */
/**
 * An answer, or a part of one: `results` maps an item key to its result, or (in a part) to an
 * index into `table`.
 * @typedef {{results?: Record<string, object|number>, table?: object[]}|null|undefined} Answer
 */

/**
 * @param {{salt?: string, profiles?: Profiles, paused?: boolean, now?: () => number,
 *   newRef?: () => string, retryAfterMs?: number, maxResults?: number, maxRefs?: number,
 *   maxPerMessage?: number}} [options]
 */
export function createContentStore({
  salt = "", profiles = {}, paused = false, now = Date.now, newRef = () => randomHex(),
  retryAfterMs = RETRY_AFTER_MS, maxResults = MAX_RESULTS, maxRefs = MAX_REFS,
  maxPerMessage = MAX_ITEMS_PER_MESSAGE,
} = {}) {
  /** @type {Map<string, object>} facts signature → the service's answer */
  const results = new Map();
  /** @type {Set<string>} signatures asked for and not answered yet */
  const pending = new Set();
  /** @type {Map<string, number>} signature → when its request failed */
  const failedAt = new Map();
  /** @type {Map<string, string>} item key → this page load's ref */
  const refs = new Map();
  let epoch = 0;

  /** This page load's ref for an item key: drawn once, then the same. @param {string} key */
  function refOf(key) {
    let ref = refs.get(key);
    if (!ref) {
      if (refs.size >= maxRefs) refs.clear();
      refs.set(key, (ref = newRef()));
    }
    return ref;
  }

  return {
    salt,
    profiles,
    paused,
    /** The page reader's memo across scans (page-reader.js `cache`); opaque here. */
    readerMemo: {},

    get epoch() {
      return epoch;
    },

    refOf,

    /**
     * The facts among `facts` to ask for now (no answer, not asked, not failed lately), each once;
     * they count as asked from here.
     * @param {Fact[]} facts
     */
    claim(facts) {
      const at = now();
      const out = [];
      for (const f of facts) {
        const sig = factsSignature(f);
        if (results.has(sig) || pending.has(sig)) continue;
        if (at - (failedAt.get(sig) ?? -Infinity) < retryAfterMs) continue;
        pending.add(sig);
        out.push(f);
      }
      return out;
    },

    /** Claimed facts as messages of at most `maxPerMessage` items, each item with its ref. @param {Fact[]} facts */
    requests(facts) {
      /** @type {Request[]} */
      const out = [];
      for (let i = 0; i < facts.length; i += maxPerMessage) {
        const chunk = facts.slice(i, i + maxPerMessage);
        out.push({
          epoch, facts: chunk, sigs: chunk.map(factsSignature), items: chunk.map((f) => ({ ...f, ref: refOf(f.key) })),
        });
      }
      return out;
    },

    /**
     * Take in an answer to `request`: a part, or the final answer, which also marks what stayed
     * unanswered as failed. False (and nothing changes) when the request is of an older epoch.
     * @param {Request} request @param {Answer} answer @param {boolean} final
     */
    settle(request, answer, final) {
      if (request.epoch !== epoch) return false;
      const at = now();
      for (let i = 0; i < request.facts.length; i += 1) {
        const sig = request.sigs[i];
        const entry = answer?.results?.[request.facts[i].key];
        const result = typeof entry === "number" ? answer?.table?.[entry] : entry; // parts: an index into their table
        if (result) { results.set(sig, result); failedAt.delete(sig); pending.delete(sig); }
        else if (final && pending.delete(sig) && !results.has(sig)) failedAt.set(sig, at);
      }
      while (results.size > maxResults) results.delete(/** @type {string} */ (results.keys().next().value));
      return true;
    },

    /** The answer for a facts signature, if any. @param {string} sig */
    result(sig) {
      return results.get(sig);
    },

    /** Whether the last request for a signature failed (and nothing answered it since). @param {string} sig */
    failed(sig) {
      return failedAt.has(sig);
    },

    /** The record or the service changed: forget every answer; requests out now are ignored. */
    forget() {
      epoch += 1;
      results.clear();
      pending.clear();
      failedAt.clear();
    },

    /** How many answers, requests out and failures it holds (tests). */
    sizes() {
      return { results: results.size, pending: pending.size, failed: failedAt.size, refs: refs.size };
    },
  };
}
