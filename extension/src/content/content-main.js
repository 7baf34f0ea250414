// The content script proper (loaded by loader.js as an ES module): reads the page, keeps badges on
// it, asks the background for verdicts in batches and shows them. Only facts leave the page.

import { onStorageChanged, sendMessage, t } from "../ext.js";
import { MSG, factsSignature } from "../messages.js";
import { readPage } from "../page/page-reader.js";
import { badgeState, setResult } from "./badge-view.js";
import { createBadgeManager } from "./badges.js";
import { createScanner } from "./scanner.js";

const BATCH = 500;
const RETRY_AFTER_MS = 30_000;
const MAX_RESULTS = 5000;

/**
 * @param {Window} win
 * @param {{send?: (message: object) => Promise<any>, translate?: typeof t, watchStorage?: boolean}} [deps]
 */
export async function start(win, deps = {}) {
  const send = deps.send ?? sendMessage;
  const translate = deps.translate ?? t;
  const doc = win.document;
  const config = await send({ type: MSG.GET_PAGE_CONFIG });
  if (!config?.ok) return null;
  const results = new Map(); // facts signature → the service's answer
  const pending = new Set();
  const failedAt = new Map();
  const badges = createBadgeManager(doc, translate);
  const cache = {};

  function showAnswers() {
    let answered = 0;
    for (const host of badges.hosts()) {
      const s = badgeState(host);
      if (!s) continue;
      const sig = factsSignature(s.facts);
      const result = results.get(sig);
      if (result && s.result !== result) setResult(host, result, "ready");
      else if (!result && failedAt.has(sig) && s.status !== "error") setResult(host, null, "error");
      if (result) answered += 1;
    }
    doc.documentElement.dataset.aiOptoutAnswered = String(answered);
  }

  async function explain(facts) {
    for (let i = 0; i < facts.length; i += BATCH) {
      const chunk = facts.slice(i, i + BATCH);
      let answer = null;
      try {
        answer = await send({ type: MSG.EXPLAIN, items: chunk });
      } catch {
        answer = null;
      }
      for (const f of chunk) {
        const sig = factsSignature(f);
        pending.delete(sig);
        const result = answer?.results?.[f.key] ?? null;
        if (result) { results.set(sig, result); failedAt.delete(sig); } else failedAt.set(sig, Date.now());
      }
      while (results.size > MAX_RESULTS) results.delete(results.keys().next().value);
      showAnswers();
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
    for (const [item] of placed) {
      const sig = factsSignature(item.facts);
      if (results.has(sig) || pending.has(sig)) continue;
      if (Date.now() - (failedAt.get(sig) ?? -Infinity) < RETRY_AFTER_MS) continue;
      pending.add(sig);
      missing.push(item.facts);
    }
    showAnswers();
    if (missing.length) explain(missing);
    const comments = read.items.filter((it) => it.facts.kind === "comment" || it.facts.kind === "reply").length;
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
  const apply = (paused) => {
    doc.documentElement.dataset.aiOptoutPaused = String(paused);
    if (paused) { scanner.stop(); badges.removeAll(); } else scanner.start();
  };
  apply(Boolean(config.paused));
  if (deps.watchStorage !== false) {
    onStorageChanged((changes, area) => {
      if (area !== "local") return;
      if (changes.paused) apply(Boolean(changes.paused.newValue));
      if (changes.profiles) { config.profiles = changes.profiles.newValue ?? {}; scanner.schedule(0); } // new stamp: all re-read
    });
  }
  return { scanner, badges, results };
}
