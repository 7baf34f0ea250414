// Runs the page scan when the page changes: one MutationObserver on the document (the infinite
// feed, React re-renders, attribute changes such as a permalink's href filled in on hover),
// debounced with a maximum wait, ignoring the badge's own insertions. Publishes the cost of each
// scan for benchmarks: performance measures "ai-optout-read" / "ai-optout-scan" and counters on
// <html data-ai-optout-*>.

import { BADGE_SELECTOR } from "./badges.js";

const WATCHED_ATTRIBUTES = ["href", "datetime", "aria-label", "aria-posinset", "title"];
const MAX_MEASURES = 500;

const isOurs = (node) => node.nodeType === 1 && node.matches?.(BADGE_SELECTOR);
// Our own insertions need no scan. A badge the page removed does: it is put back.
const onlyOurs = (record) => (record.type === "childList"
  && record.removedNodes.length === 0 && [...record.addedNodes].every(isOurs))
  || (record.type === "attributes" && isOurs(record.target));

const MAX_CHANGED = 2000;

/**
 * @param {{win: Window & typeof globalThis, scan: (changed: Node[]|null, removals: Node[]) => {readMs: number, stats: Record<string, number>},
 *   delayMs?: number, maxWaitMs?: number}} options
 *   scan gets the nodes the page added or changed an attribute of since the last scan, or null when
 *   unknown (read everything), and the nodes it took children out of.
 */
export function createScanner({ win, scan, delayMs = 150, maxWaitMs = 600 }) {
  const doc = win.document;
  const data = doc.documentElement.dataset;
  const perf = win.performance;
  /** @type {number|null} */
  let timer = null;
  let firstAt = 0;
  /** @type {MutationObserver|null} */
  let observer = null;
  let count = 0;
  let total = 0;
  let max = 0;
  /** @type {Node[]} */
  let changed = [];
  /** @type {Node[]} */
  let removals = [];
  let unknown = true; // the first scan reads everything

  /** @param {Node[]} list @param {Node} node */
  function keep(list, node) {
    if (changed.length + removals.length < MAX_CHANGED) list.push(node);
    else unknown = true;
  }

  /**
   * Note the page's changes among `records`; true when there is any. The added nodes are noted,
   * not where they went: a popup added to <body> is not a change of the whole page.
   */
  function note(records) {
    let relevant = false;
    for (const record of records) {
      if (onlyOurs(record)) continue;
      relevant = true;
      if (record.type !== "childList") { keep(changed, record.target); continue; }
      for (const node of record.addedNodes) if (!isOurs(node)) keep(changed, node);
      if (record.removedNodes.length) keep(removals, record.target);
    }
    return relevant;
  }

  function run() {
    timer = null;
    firstAt = 0;
    if (observer) note(observer.takeRecords()); // changes made in this task, not yet delivered
    const t0 = perf.now();
    perf.mark?.("ai-optout-scan-start");
    const nodes = unknown ? null : changed;
    const taken = removals;
    changed = [];
    removals = [];
    unknown = false;
    const { readMs, stats } = scan(nodes, taken);
    // Nothing else ran during the scan: what it queued are our own badges. Dropped here, not filtered one by one.
    observer?.takeRecords();
    perf.mark?.("ai-optout-scan-end");
    perf.measure?.("ai-optout-scan", "ai-optout-scan-start", "ai-optout-scan-end");
    const ms = perf.now() - t0;
    count += 1;
    total += ms;
    max = Math.max(max, ms);
    if (count % MAX_MEASURES === 0) perf.clearMeasures?.();
    Object.assign(data, {
      aiOptoutScans: String(count), aiOptoutScanMs: ms.toFixed(2), aiOptoutReadMs: readMs.toFixed(2),
      aiOptoutScanMsTotal: total.toFixed(2), aiOptoutScanMsMax: max.toFixed(2),
    });
    for (const [k, v] of Object.entries(stats)) data[k] = String(v);
  }

  function schedule(delay = delayMs) {
    const now = perf.now();
    firstAt ||= now;
    if (timer) win.clearTimeout(timer);
    timer = win.setTimeout(run, Math.max(0, Math.min(delay, firstAt + maxWaitMs - now)));
  }

  return {
    start() {
      if (observer) return;
      observer = new win.MutationObserver((records) => { if (note(records)) schedule(); });
      observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: WATCHED_ATTRIBUTES });
      schedule(0);
    },
    stop() {
      unknown = true; // changes while stopped are not seen
      observer?.disconnect();
      observer = null;
      if (timer) win.clearTimeout(timer);
      timer = null;
    },
    /** Run a scan now (tests, and after an answer arrives). */
    runNow: run,
    schedule,
  };
}
