// The content script proper: reads the page, keeps badges on it, asks the background for the
// verdicts of every new item in one request and shows each batch's answers as soon as they arrive.
// Only facts leave the page. Nothing stable is put into the page: each item's id is drawn at random
// once per page load. When the person's record changes (the background bumps `verdictEpoch`) or
// the service does, every verdict shown is dropped and asked for again.

import { onStorageChanged, sendMessage, streamRequest, t } from "../ext.js";
import { randomHex } from "../ids.js";
import { EXPLAIN_PORT, MAX_ITEMS_PER_MESSAGE, MSG, factsSignature } from "../messages.js";
import { readPage } from "../page/page-reader.js";
import { badgeState, setResult } from "./badge-view.js";
import { createBadgeManager } from "./badges.js";
import { createScanner } from "./scanner.js";

const RETRY_AFTER_MS = 30_000;
const MAX_RESULTS = 5000;
const MAX_REFS = 50_000;

/** Ask the background over a port: each batch comes back as a part. */
const streamExplain = (items, onPart) => streamRequest(EXPLAIN_PORT, { type: MSG.EXPLAIN, items }, onPart);

/**
 * @param {Window} win
 * @param {{send?: (message: object) => Promise<any>, translate?: typeof t, watchStorage?: boolean,
 *   explain?: (items: object[], onPart: (part: {results: Record<string, object>}) => void) => Promise<any>}} [deps]
 *   explain: one request for many items, answering in parts, then a final answer.
 */
export async function start(win, deps = {}) {
  const send = deps.send ?? sendMessage;
  const ask = deps.explain ?? streamExplain;
  const translate = deps.translate ?? t;
  const doc = win.document;
  const config = await send({ type: MSG.GET_PAGE_CONFIG });
  if (!config?.ok) return null;
  const results = new Map(); // facts signature → the service's answer
  const pending = new Set();
  const failedAt = new Map();
  const refs = new Map(); // item key → this page load's opaque id for it
  const refOf = (key) => {
    let ref = refs.get(key);
    if (!ref) {
      if (refs.size >= MAX_REFS) refs.clear();
      refs.set(key, (ref = randomHex()));
    }
    return ref;
  };
  const badges = createBadgeManager(doc, translate, refOf);
  const cache = {};
  let epoch = 0; // answers asked for before the last change of record are not shown
  let paused = Boolean(config.paused);

  function showAnswers() {
    let answered = 0;
    for (const host of badges.hosts()) {
      const s = badgeState(host);
      if (!s) continue;
      const result = results.get(s.sig);
      if (result && s.result !== result) setResult(host, result, "ready");
      else if (!result && failedAt.has(s.sig) && s.status !== "error") setResult(host, null, "error");
      if (result) answered += 1;
    }
    doc.documentElement.dataset.aiOptoutAnswered = String(answered);
  }

  /**
   * Take in answers for `chunk` (with its `sigs`): a part ({table, results: key → index}) or the
   * final answer ({results: key → answer}); the final one also marks what stayed unanswered as failed.
   */
  function settle(chunk, sigs, answer, final) {
    const now = Date.now();
    for (let i = 0; i < chunk.length; i += 1) {
      const f = chunk[i];
      const sig = sigs[i];
      const entry = answer?.results?.[f.key];
      const result = typeof entry === "number" ? answer.table?.[entry] : entry; // parts: an index into their table
      if (result) { results.set(sig, result); failedAt.delete(sig); pending.delete(sig); }
      else if (final && pending.delete(sig) && !results.has(sig)) failedAt.set(sig, now);
    }
    while (results.size > MAX_RESULTS) results.delete(results.keys().next().value);
    showAnswers();
  }

  /** One request for all of `facts` (the background splits it into API calls); parts shown as they come. */
  function explain(facts) {
    const asked = epoch;
    for (let i = 0; i < facts.length; i += MAX_ITEMS_PER_MESSAGE) {
      const chunk = facts.slice(i, i + MAX_ITEMS_PER_MESSAGE);
      const sigs = chunk.map(factsSignature);
      const items = chunk.map((f) => ({ ...f, ref: refOf(f.key) }));
      const current = () => asked === epoch;
      ask(items, (part) => { if (current()) settle(chunk, sigs, part, false); })
        .then((answer) => { if (current()) settle(chunk, sigs, answer, true); })
        .catch(() => { if (current()) settle(chunk, sigs, null, true); });
    }
  }

  /** @param {Node[]|null} changed */
  function scan(changed) {
    const t0 = win.performance.now();
    win.performance.mark?.("ai-optout-read-start");
    const read = readPage(doc, {
      hostname: win.location.hostname, pathname: win.location.pathname,
      salt: config.salt, profiles: config.profiles, cache, now: new Date(), changed,
    });
    win.performance.mark?.("ai-optout-read-end");
    win.performance.measure?.("ai-optout-read", "ai-optout-read-start", "ai-optout-read-end");
    const readMs = win.performance.now() - t0;
    const placed = badges.place(read.items);
    const missing = [];
    const now = Date.now();
    for (const [item] of placed) {
      const sig = factsSignature(item.facts);
      if (results.has(sig) || pending.has(sig)) continue;
      if (now - (failedAt.get(sig) ?? -Infinity) < RETRY_AFTER_MS) continue;
      pending.add(sig);
      missing.push(item.facts);
    }
    showAnswers();
    if (missing.length) explain(missing);
    let comments = 0;
    for (const it of read.items) if (it.facts.kind === "comment" || it.facts.kind === "reply") comments += 1;
    return {
      readMs,
      stats: {
        aiOptoutItems: read.items.length, aiOptoutPosts: read.items.length - comments,
        aiOptoutComments: comments, aiOptoutSkipped: read.skipped.length,
        aiOptoutBadges: placed.length,
      },
    };
  }

  const scanner = createScanner({ win, scan });
  const apply = (value) => {
    paused = value;
    doc.documentElement.dataset.aiOptoutPaused = String(paused);
    if (paused) { scanner.stop(); badges.removeAll(); } else scanner.start();
  };

  /** The record or the service changed: drop every verdict on the page and ask again. */
  function forgetVerdicts() {
    epoch += 1;
    results.clear();
    pending.clear();
    failedAt.clear();
    for (const host of badges.hosts()) if (badgeState(host)?.status !== "pending") setResult(host, null, "pending");
    showAnswers();
    if (!paused) scanner.schedule(0);
  }

  apply(paused);
  if (deps.watchStorage !== false) {
    onStorageChanged((changes, area) => {
      if (area !== "local") return;
      if (changes.paused) apply(Boolean(changes.paused.newValue));
      if (changes.verdictEpoch || changes.apiBase) forgetVerdicts();
      if (changes.profiles) { config.profiles = changes.profiles.newValue ?? {}; if (!paused) scanner.schedule(0); } // new stamp: all re-read
    });
  }
  return { scanner, badges, results, forgetVerdicts };
}
