// The badge: a light-DOM host (class ai-optout-badge, carrying the data-ai-optout-* attributes tests
// and people's own styles can find) with an open shadow root holding a real <button> and, while
// open, the explanation. Built with createElement/textContent only; page data never becomes HTML.
// The page's own scripts can read the host's attributes: they hold the facts shown and an id drawn
// at random per page load (`ref`), never the item's salted key, which is the same on every visit.

import { factsSignature } from "../messages.js";
import { BADGE_CSS } from "./badge-styles.js";
import { badgeWords } from "./badge-words.js";
import { renderExplanation } from "./explanation-view.js";

const state = new WeakMap(); // host → {facts, sig, result, status, t, button}
const labels = new WeakMap(); // t → Map: the same few texts serve every badge

/** `t(key, subs)`, remembered: a page holds thousands of badges with a handful of different texts. */
function text(t, key, subs) {
  let known = labels.get(t);
  if (!known) labels.set(t, (known = new Map()));
  const id = subs ? `${key}|${subs.join("|")}` : key;
  let out = known.get(id);
  if (out === undefined) known.set(id, (out = t(key, subs)));
  return out;
}
const cleanups = new WeakMap(); // panel → () => void
const placements = new WeakMap(); // panel → () => void: place it again (its content changed)

const sheets = new WeakMap(); // document → {sheet, checked}: one constructed style sheet shared by every badge

/** Share one constructed sheet across badges; where adopting fails (some content-script worlds), a <style>. */
function adoptStyles(doc, shadow) {
  try {
    let shared = sheets.get(doc);
    if (!shared) {
      const sheet = new doc.defaultView.CSSStyleSheet();
      sheet.replaceSync(BADGE_CSS);
      sheets.set(doc, (shared = { sheet, checked: false }));
    }
    shadow.adoptedStyleSheets = [shared.sheet];
    if (!shared.checked) { // once per page: whether this world can adopt at all
      if (shadow.adoptedStyleSheets.length !== 1) throw new Error("not adopted");
      shared.checked = true;
    }
    return null;
  } catch {
    const style = doc.createElement("style");
    style.textContent = BADGE_CSS;
    return style;
  }
}

/**
 * The badge speaks the extension's language, not the page's: its direction and language are its
 * own, so an English badge on a right-to-left page keeps its words in order ("…used*", not "*…used").
 * @param {HTMLElement} el @param {(key: string) => string} t
 */
function ownLanguage(el, t) {
  el.dir = t("@@bidi_dir") === "rtl" ? "rtl" : "ltr";
  const locale = t("@@ui_locale");
  if (/^[a-z]{2,3}(?:_[A-Za-z0-9]{2,8})*$/.test(locale)) el.lang = locale.replace(/_/g, "-");
}

/**
 * @param {Document} doc
 * @param {import("../messages.js").Fact} facts
 * @param {(key: string, subs?: string[]) => string} t localised text
 * @param {string} [ref] this page load's id for the item (data-ai-optout-ref)
 */
export function createBadge(doc, facts, t, ref) {
  const host = doc.createElement("span");
  host.className = "ai-optout-badge";
  const shadow = host.attachShadow({ mode: "open" });
  const style = adoptStyles(doc, shadow);
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "b";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-haspopup", "dialog");
  ownLanguage(button, t);
  button.addEventListener("click", (event) => {
    event.preventDefault();
    event.stopPropagation(); // never let the page's own click handlers (links, menus) act on it
    toggle(host);
  });
  button.addEventListener("keydown", (event) => { if (event.key === "Escape") close(host); });
  shadow.append(...(style ? [style] : []), button);
  const label = doc.createTextNode("");
  const words = doc.createElement("span"); // clips a long translation with an ellipsis, never wraps
  words.className = "t";
  words.append(label);
  button.append(words);
  state.set(host, { facts, sig: "", result: null, status: "pending", t, button, label, shown: "" });
  setFacts(host, facts, ref);
  return host;
}

/** Update the facts (a recycled element now shows another item). @param {string} [ref] */
export function setFacts(host, facts, ref) {
  const s = state.get(host);
  s.facts = facts;
  s.sig = factsSignature(facts);
  if (ref) host.setAttribute("data-ai-optout-ref", ref);
  else host.removeAttribute("data-ai-optout-ref");
  host.setAttribute("data-ai-optout-platform", facts.platform);
  host.setAttribute("data-ai-optout-kind", facts.kind);
  host.setAttribute("data-ai-optout-audience", facts.audience);
  render(host);
}

/**
 * Show the service's answer, or a failure.
 * @param {HTMLElement} host @param {object|null} result @param {"ready"|"pending"|"error"} status
 */
export function setResult(host, result, status) {
  const s = state.get(host);
  s.result = result;
  s.status = status;
  render(host);
  if (host.dataset.aiOptoutOpen === "true") renderPanel(host);
}

/** @param {HTMLElement} host */
export function badgeState(host) {
  return state.get(host);
}

/** Show the state; the DOM is touched only where it changes (thousands of badges update at once). */
function render(host) {
  const s = state.get(host);
  const { facts, result, status, t, button } = s;
  const words = badgeWords(result, status);
  const shown = `${words.badge}|${words.unless}|${facts.kind}|${facts.audience}`;
  if (s.shown === shown) return;
  host.setAttribute("data-ai-optout-state", status);
  if (status === "ready" && result) host.setAttribute("data-ai-optout-verdict", result.verdict);
  else host.removeAttribute("data-ai-optout-verdict");
  // The exception's verdict, for tests and people's own styles: "excluded" on "used, unless under 18".
  if (words.unless) host.setAttribute("data-ai-optout-unless-minor", words.unless);
  else host.removeAttribute("data-ai-optout-unless-minor");
  s.label.data = text(t, words.badge);
  const what = text(t, `kind_${facts.kind}`);
  const audience = text(t, `audience_${facts.audience}`);
  button.setAttribute("aria-label", text(t, "badgeName", [text(t, words.sentence), what, audience]));
  s.shown = shown;
}

function toggle(host) {
  if (host.dataset.aiOptoutOpen === "true") close(host);
  else open(host);
}

function open(host) {
  host.dataset.aiOptoutOpen = "true";
  host.shadowRoot.querySelector(".b").setAttribute("aria-expanded", "true");
  const panel = renderPanel(host);
  panel.focus();
}

function renderPanel(host) {
  const { facts, result, status, t } = state.get(host);
  const button = host.shadowRoot.querySelector(".b");
  let panel = host.shadowRoot.querySelector(".panel");
  if (!panel) {
    panel = host.ownerDocument.createElement("div");
    panel.className = "panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "false");
    panel.setAttribute("data-ai-optout-explanation", "");
    ownLanguage(panel, t);
    panel.tabIndex = -1;
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.stopPropagation(); close(host); }
    });
    panel.addEventListener("click", (event) => event.stopPropagation());
    host.shadowRoot.append(panel);
    panel.id = "ai-optout-explanation";
    button.setAttribute("aria-controls", panel.id);
    showOnTop(panel, button);
  }
  renderExplanation(panel, { facts, result, status, t, onClose: () => close(host) });
  placements.get(panel)?.();
  return panel;
}

/**
 * Where the explanation goes in a window of `view` (width, height): below the badge where it fits,
 * else on the side with more room, its height capped by that room (it scrolls inside); kept
 * `margin` px inside the window's edges. It starts where the badge starts: at its left edge, or
 * on a right-to-left page at its right edge, opening leftwards.
 * @param {{left: number, right?: number, top: number, bottom: number}} badge the badge's box
 * @param {{width: number, height: number}} panel the panel's natural size
 * @param {{width: number, height: number}} view
 * @param {{rtl?: boolean, margin?: number, gap?: number}} [options]
 * @returns {{left: number, top: number, maxHeight: number}}
 */
export function placePanel(badge, panel, view, { rtl = false, margin = 8, gap = 4 } = {}) {
  const width = Math.min(panel.width, view.width - 2 * margin);
  const start = rtl ? (badge.right ?? badge.left) - width : badge.left;
  const left = Math.max(margin, Math.min(start, view.width - width - margin));
  const below = view.height - margin - (badge.bottom + gap);
  const above = badge.top - gap - margin;
  const room = Math.max(0, view.height - 2 * margin);
  if (panel.height <= below || below >= above) {
    const maxHeight = Math.max(Math.min(below, room), Math.min(room, 120));
    const top = Math.min(Math.max(margin, badge.bottom + gap), view.height - margin - Math.min(panel.height, maxHeight));
    return { left, top: Math.max(margin, top), maxHeight };
  }
  const maxHeight = Math.min(above, room);
  const height = Math.min(panel.height, maxHeight);
  return { left, top: Math.max(margin, Math.min(badge.top - gap, view.height - margin) - height), maxHeight };
}

/** Lift the panel into the top layer where popovers exist, so page overflow cannot clip it, and
 * keep it inside the window as the page scrolls or the window changes size. */
function showOnTop(panel, button) {
  if (typeof panel.showPopover !== "function") return;
  panel.popover = "manual";
  panel.showPopover();
  const win = panel.ownerDocument.defaultView;
  const place = () => {
    const root = panel.ownerDocument.documentElement;
    const view = { width: root.clientWidth || win?.innerWidth || 1024, height: win?.innerHeight ?? 768 };
    panel.style.maxHeight = "none"; // its natural height, to choose a side
    const natural = { width: panel.offsetWidth || 340, height: panel.scrollHeight };
    // The page's direction, not the badge's line's: a date written left to right sits in a
    // right-to-left page, whose free side is still the left.
    const rtl = win?.getComputedStyle(panel.ownerDocument.body ?? root).direction === "rtl";
    const spot = placePanel(button.getBoundingClientRect(), natural, view, { rtl });
    panel.style.maxHeight = `${Math.floor(spot.maxHeight)}px`;
    panel.style.top = `${Math.round(spot.top)}px`;
    panel.style.left = `${Math.round(spot.left)}px`;
  };
  place();
  win?.addEventListener("scroll", place, { passive: true, capture: true });
  win?.addEventListener("resize", place, { passive: true });
  cleanups.set(panel, () => {
    win?.removeEventListener("scroll", place, { capture: true });
    win?.removeEventListener("resize", place);
  });
  placements.set(panel, place);
}

/** Close the explanation and give focus back to the badge's button. */
export function close(host) {
  const panel = host.shadowRoot.querySelector(".panel");
  if (panel) {
    cleanups.get(panel)?.();
    panel.remove();
  }
  host.dataset.aiOptoutOpen = "false";
  const button = host.shadowRoot.querySelector(".b");
  button.setAttribute("aria-expanded", "false");
  button.removeAttribute("aria-controls");
  button.focus();
}
