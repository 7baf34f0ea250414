// The badge: a light-DOM host (class ai-optout-badge, carrying the data-ai-optout-* attributes tests
// and people's own styles can find) with an open shadow root holding a real <button> and, while
// open, the explanation. Built with createElement/textContent only; page data never becomes HTML.

import { BADGE_CSS } from "./badge-styles.js";
import { renderExplanation } from "./explanation-view.js";

const state = new WeakMap(); // host → {facts, result, status, t}
const cleanups = new WeakMap(); // panel → () => void

const sheets = new WeakMap(); // document → one constructed style sheet shared by every badge

/** Share one constructed sheet across badges; where adopting fails (some content-script worlds), a <style>. */
function adoptStyles(doc, shadow) {
  try {
    let sheet = sheets.get(doc);
    if (!sheet) {
      sheet = new doc.defaultView.CSSStyleSheet();
      sheet.replaceSync(BADGE_CSS);
      sheets.set(doc, sheet);
    }
    shadow.adoptedStyleSheets = [sheet];
    if (shadow.adoptedStyleSheets.length !== 1) throw new Error("not adopted");
    return null;
  } catch {
    const style = doc.createElement("style");
    style.textContent = BADGE_CSS;
    return style;
  }
}

/**
 * @param {Document} doc
 * @param {import("../messages.js").Fact} facts
 * @param {(key: string, subs?: string[]) => string} t localised text
 */
export function createBadge(doc, facts, t) {
  const host = doc.createElement("span");
  host.className = "ai-optout-badge";
  const shadow = host.attachShadow({ mode: "open" });
  const style = adoptStyles(doc, shadow);
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "b";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-haspopup", "dialog");
  button.addEventListener("click", (event) => {
    event.preventDefault();
    event.stopPropagation(); // never let the page's own click handlers (links, menus) act on it
    toggle(host);
  });
  button.addEventListener("keydown", (event) => { if (event.key === "Escape") close(host); });
  shadow.append(...(style ? [style] : []), button);
  state.set(host, { facts, result: null, status: "pending", t });
  setFacts(host, facts);
  return host;
}

/** Update the facts (a recycled element now shows another item). */
export function setFacts(host, facts) {
  const s = state.get(host);
  s.facts = facts;
  host.dataset.aiOptoutKey = facts.key;
  host.dataset.aiOptoutPlatform = facts.platform;
  host.dataset.aiOptoutKind = facts.kind;
  host.dataset.aiOptoutAudience = facts.audience;
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

function render(host) {
  const { facts, result, status, t } = state.get(host);
  host.dataset.aiOptoutState = status;
  if (status === "ready" && result) host.dataset.aiOptoutVerdict = result.verdict;
  else delete host.dataset.aiOptoutVerdict;
  const verdict = status === "ready" && result ? result.verdict : status;
  const button = host.shadowRoot.querySelector(".b");
  button.textContent = t(`badge_${verdict}`);
  const what = t(`kind_${facts.kind}`);
  const audience = t(`audience_${facts.audience}`);
  button.setAttribute("aria-label", t("badgeName", [t(`verdict_${verdict}`), what, audience]));
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
  return panel;
}

/** Lift the panel into the top layer where popovers exist, so page overflow cannot clip it. */
function showOnTop(panel, button) {
  if (typeof panel.showPopover !== "function") return;
  panel.popover = "manual";
  panel.showPopover();
  const place = () => {
    const r = button.getBoundingClientRect();
    const width = panel.offsetWidth || 340;
    const left = Math.max(8, Math.min(r.left, (panel.ownerDocument.defaultView?.innerWidth ?? 1024) - width - 8));
    panel.style.top = `${Math.round(r.bottom + 4)}px`;
    panel.style.left = `${Math.round(left)}px`;
  };
  place();
  const win = panel.ownerDocument.defaultView;
  win?.addEventListener("scroll", place, { passive: true, capture: true });
  win?.addEventListener("resize", place, { passive: true });
  cleanups.set(panel, () => {
    win?.removeEventListener("scroll", place, { capture: true });
    win?.removeEventListener("resize", place);
  });
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
