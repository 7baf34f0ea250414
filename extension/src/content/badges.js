// Keeps one badge per item on the page: inserts hosts next to each item's anchor, moves a
// still-known host back when React re-renders it away (a bounded number of times per element),
// and updates a host whose element now shows another item. Only ever adds or removes its own nodes.

import { createFitter } from "./badge-fit.js";
import { badgeState, createBadge, setFacts } from "./badge-view.js";
import { factsSignature } from "../messages.js";

export const BADGE_SELECTOR = ".ai-optout-badge";
const MAX_ATTACHES = 5;

/** @param {HTMLElement} host @param {{anchor: Element, position: "after"|"prepend"}} item */
function insert(host, item) {
  host.dataset.aiOptoutPlace = item.position;
  if (item.position === "after") item.anchor.insertAdjacentElement("afterend", host);
  else item.anchor.prepend(host);
}

/**
 * @param {Document} doc
 * @param {(key: string, subs?: string[]) => string} t
 * @param {(key: string) => string|undefined} [refOf] the page load's opaque id for an item key
 */
export function createBadgeManager(doc, t, refOf = () => undefined) {
  const hostOf = new WeakMap(); // item root → host
  const attaches = new WeakMap(); // item root → how many times a host was inserted
  const fitter = createFitter(doc);

  return {
    /**
     * Make sure every item has its badge. Returns [item, host] pairs for the items that have one.
     * @param {Array<{facts: import("../messages.js").Fact, root: Element, anchor: Element, position: "after"|"prepend"}>} items
     */
    place(items) {
      const placed = [];
      for (const item of items) {
        let host = hostOf.get(item.root);
        if (host && badgeState(host).sig !== factsSignature(item.facts)) setFacts(host, item.facts, refOf(item.facts.key));
        if (!host?.isConnected || !item.root.contains(host)) {
          const count = attaches.get(item.root) ?? 0;
          if (count >= MAX_ATTACHES) continue; // the page keeps removing it: stop fighting the page
          attaches.set(item.root, count + 1);
          host ??= createBadge(doc, item.facts, t, refOf(item.facts.key));
          insert(host, item);
          fitter.queue(host);
          hostOf.set(item.root, host);
        }
        placed.push([item, host]);
      }
      return placed;
    },

    /** Fit a badge again: its words changed, so may its width. @param {HTMLElement} host */
    refit(host) {
      fitter.queue(host);
    },

    /** Every badge host on the page. */
    hosts() {
      return [.../** @type {NodeListOf<HTMLElement>} */ (doc.querySelectorAll(BADGE_SELECTOR))];
    },

    /** Take all badges off the page (pause). */
    removeAll() {
      for (const host of doc.querySelectorAll(BADGE_SELECTOR)) host.remove();
    },
  };
}
