// The content script proper: reads the page, keeps badges on it, asks the background for the
// verdicts of every new item in one request and shows each batch's answers as soon as they arrive.
// Only facts leave the page. Nothing stable is put into the page: each item's id is drawn at random
// once per page load. When the person's record changes (the background bumps `verdictEpoch`) or
// the service does, every verdict shown is dropped and asked for again.
// This module only wires the parts: the state is content-store.js, the page scan scanner.js, the
// badges badges.js and badge-view.js.

import { onMessage, onStorageChanged, runtimeId, sendMessage, streamRequest, t } from "../ext.js";
import { EXPLAIN_PORT, MSG } from "../messages.js";
import { readPage } from "../page/page-reader.js";
import { pageReport } from "../page/page-shape.js";
import { compileDocument } from "../page/rules-document.js";
import { badgeState, setResult } from "./badge-view.js";
import { createBadgeManager } from "./badges.js";
import { createContentStore } from "./content-store.js";
import { offerPageReport } from "./report-control.js";
import { createScanner } from "./scanner.js";

/** @typedef {import("../messages.js").Fact} Fact */
/** @typedef {(items: Fact[], onPart: (part: import("./content-store.js").Answer) => void) => Promise<any>} Explain */

/** Ask the background over a port: each batch comes back as a part. @type {Explain} */
const streamExplain = (items, onPart) => streamRequest(EXPLAIN_PORT, { type: MSG.EXPLAIN, items }, onPart);

/** Show each badge its answer, or its failure; publish how many show one. */
function showAnswers(doc, badges, store) {
  let answered = 0;
  for (const host of badges.hosts()) {
    const s = badgeState(host);
    if (!s) continue;
    const result = store.result(s.sig);
    if (result && s.result !== result) { setResult(host, result, "ready"); badges.refit(host); }
    else if (!result && store.failed(s.sig) && s.status !== "error") { setResult(host, null, "error"); badges.refit(host); }
    if (result) answered += 1;
  }
  doc.documentElement.dataset.aiOptoutAnswered = String(answered);
}

/** What a scan publishes on <html>: items read, posts, comments, skipped units, badges placed, units read afresh. */
function scanStats(read, placed, unitsRead) {
  let comments = 0;
  for (const it of read.items) if (it.facts.kind === "comment" || it.facts.kind === "reply") comments += 1;
  return {
    aiOptoutItems: read.items.length, aiOptoutPosts: read.items.length - comments,
    aiOptoutComments: comments, aiOptoutSkipped: read.skipped.length, aiOptoutBadges: placed.length,
    aiOptoutUnitsRead: unitsRead,
  };
}

/**
 * Whether a change of the stored page rules changes what a page reads with: a new version or
 * another service. The daily check saves them every time (its time stamp), which is not a change.
 * @param {{oldValue?: any, newValue?: any}|undefined} change
 */
export function rulesChanged(change) {
  if (!change) return false;
  const { oldValue: was, newValue: now } = change;
  return was?.version !== now?.version || was?.apiBase !== now?.apiBase;
}

/**
 * The rules to read with: the background's newer signed document (it verified it), compiled, or
 * null for the bundled ones (also when this version cannot use the document).
 * @param {any} document
 * @returns {import("../page/active-rules.js").Compiled|null}
 */
export function compiledRules(document) {
  try {
    return document ? compileDocument(document) : null;
  } catch {
    return null;
  }
}

/**
 * @param {Window & typeof globalThis} win
 * @param {{send?: (message: {type: string}) => Promise<any>, translate?: typeof t, watchStorage?: boolean,
 *   explain?: Explain}} [deps]
 *   explain: one request for many items, answering in parts, then a final answer.
 */
export async function start(win, deps = {}) {
  const send = deps.send ?? sendMessage;
  const ask = deps.explain ?? streamExplain;
  const doc = win.document;
  const config = await send({ type: MSG.GET_PAGE_CONFIG });
  if (!config?.ok) return null;
  let rules = compiledRules(config.rules ?? null);
  const store = createContentStore({ salt: config.salt, profiles: config.profiles ?? {}, paused: Boolean(config.paused) });
  const badges = createBadgeManager(doc, deps.translate ?? t, store.refOf);
  const show = () => showAnswers(doc, badges, store);

  /** One request for all of `facts` (the background splits it into API calls); parts shown as they come. */
  function explain(facts) {
    for (const request of store.requests(facts)) {
      const settle = (answer, final) => { if (store.settle(request, answer, final)) show(); };
      ask(request.items, (part) => settle(part, false))
        .then((answer) => settle(answer, true))
        .catch(() => settle(null, true));
    }
  }

  /** @param {Node[]|null} changed @param {Node[]} removals */
  function scan(changed, removals) {
    const perf = win.performance;
    const t0 = perf.now();
    perf.mark?.("ai-optout-read-start");
    const read = readPage(doc, {
      hostname: win.location.hostname, pathname: win.location.pathname,
      salt: store.salt, profiles: store.profiles, cache: store.readerMemo, now: new Date(), changed, removals, rules,
    });
    perf.mark?.("ai-optout-read-end");
    perf.measure?.("ai-optout-read", "ai-optout-read-start", "ai-optout-read-end");
    const readMs = perf.now() - t0;
    const placed = badges.place(read.items);
    const missing = store.claim(placed.map(([item]) => item.facts));
    show();
    if (missing.length) explain(missing);
    return { readMs, stats: scanStats(read, placed, store.readerMemo.unitsRead ?? read.items.length) };
  }

  /** "This page looks wrong": the page's shape and what was read, never its content (page-shape.js). */
  async function report() {
    const { hostname, pathname } = win.location;
    const read = readPage(doc, { hostname, pathname, salt: store.salt, profiles: store.profiles, now: new Date(), rules });
    return send({ type: MSG.SEND_PAGE_REPORT, report: pageReport(doc, { read, hostname, pathname }) });
  }

  offerPageReport(report); // the same report from a badge's explanation ("This looks wrong")
  const scanner = createScanner({ win, scan });
  /** @param {boolean} paused */
  const apply = (paused) => {
    store.paused = paused;
    doc.documentElement.dataset.aiOptoutPaused = String(paused);
    if (paused) { scanner.stop(); badges.removeAll(); } else scanner.start();
  };

  /** The record or the service changed: drop every verdict on the page and ask again. */
  function forgetVerdicts() {
    store.forget();
    for (const host of badges.hosts()) {
      if (badgeState(host)?.status !== "pending") { setResult(host, null, "pending"); badges.refit(host); }
    }
    show();
    if (!store.paused) scanner.schedule(0);
  }

  apply(store.paused);
  if (deps.watchStorage !== false) {
    // The popup's "this page looks wrong" (from the extension's own pages only, not another tab).
    onMessage(async (message, sender) => {
      if (message?.type !== MSG.REPORT_PAGE || sender?.id !== runtimeId() || sender?.tab) return { ok: false, error: "not allowed" };
      return report();
    });
    onStorageChanged((changes, area) => {
      if (area !== "local") return;
      if (changes.paused) apply(Boolean(changes.paused.newValue));
      if (changes.verdictEpoch || changes.apiBase) forgetVerdicts();
      if (rulesChanged(changes.pageRules)) { // newer signed rules: every unit is read again with them
        send({ type: MSG.GET_PAGE_CONFIG }).then((again) => {
          if (!again?.ok) return;
          rules = compiledRules(again.rules ?? null); // the reader's memo is stamped with the version
          if (!store.paused) scanner.schedule(0);
        });
      }
      if (changes.profiles) { // a new stamp for the reader: everything is read again
        store.profiles = changes.profiles.newValue ?? {};
        if (!store.paused) scanner.schedule(0);
      }
    });
  }
  return { scanner, badges, store, forgetVerdicts, report };
}
