// Keeps a badge from moving the page it joins. In the line of what it follows it takes no height
// (badge-styles.js), only its width; where that width would still change the page (the line wraps,
// its block grows, a flex row widens) the badge is laid over the page instead, out of flow, at the
// place it would have taken. Decided by measuring, not by knowing the markup, so it holds on pages
// nobody here has seen. Measured once per frame for every badge added or relabelled meanwhile: two
// layouts per batch, inside the frame the browser lays out anyway.

export const FIT = "data-ai-optout-fit";

/** The nearest ancestor that is laid out as a box of its own (not inline, not display: contents). */
function blockOf(el) {
  const win = el.ownerDocument.defaultView;
  for (let e = el.parentElement; e; e = e.parentElement) {
    const display = win.getComputedStyle(e).display;
    if (!display.startsWith("inline") && display !== "contents") return e;
  }
  return el.ownerDocument.documentElement;
}

const box = (el) => el.getBoundingClientRect();
const same = (a, b) => Math.abs(a.width - b.width) <= 0.5 && Math.abs(a.height - b.height) <= 0.5;

/** Whether the host was pushed onto a line below what it follows (it wrapped). */
function wrapped(host, hostBox) {
  const before = host.previousElementSibling;
  if (!before) return false;
  const r = box(before);
  return r.height > 0 && hostBox.top > r.bottom + 0.5;
}

/** The box of the last line of what `el` shows (its content, not its whole box), or null. */
function lastLine(el) {
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  return rects.length ? rects[rects.length - 1] : null;
}

/**
 * Over the page, beside the end of the last line of what the badge follows, centred on it; where
 * that line ends at the window's edge, over its end instead: a badge past the edge would widen
 * the page (a sideways scrollbar, and everything full-width moves).
 */
function beside(host, hostBox, line) {
  const rtl = host.ownerDocument.defaultView.getComputedStyle(host).direction === "rtl";
  const room = host.ownerDocument.documentElement.clientWidth;
  const wanted = rtl ? line.left - 4 - hostBox.width : line.right + 4;
  const x = Math.max(0, Math.min(wanted, room - hostBox.width));
  const height = host.shadowRoot?.querySelector("button")?.getBoundingClientRect().height || 18;
  const y = line.top + (line.height - height) / 2;
  return `${Math.round(x - hostBox.left)}px ${Math.round(y - hostBox.top)}px`;
}

/**
 * Decide, for each host, between the line and over the page. Hosts inserted as an item's first
 * child (no anchor to follow) always go over, where they are: in flow they would open a line of
 * their own. Every block is measured first with the batch over the page, then with it in the
 * line; only the hosts that must go over are written after that, so the layout of the next frame
 * redoes only their blocks, not the whole page. All reads of a phase come before its writes.
 * @param {HTMLElement[]} hosts
 */
export function fit(hosts) {
  const inFlow = [];
  for (const host of hosts) {
    if (!host.isConnected) continue;
    host.style.removeProperty("translate");
    host.setAttribute(FIT, "over");
    if (host.dataset.aiOptoutPlace !== "prepend") inFlow.push(host);
  }
  const measured = inFlow.map((host) => {
    const block = blockOf(host);
    return { host, block, without: box(block), over: false, place: "" };
  });
  for (const m of measured) m.host.removeAttribute(FIT);
  for (const m of measured) m.over = wrapped(m.host, box(m.host)) || !same(box(m.block), m.without);
  const over = measured.filter((m) => m.over);
  for (const m of over) m.host.setAttribute(FIT, "over");
  for (const m of over) {
    const before = m.host.previousElementSibling;
    const line = before ? lastLine(before) : null;
    m.place = line ? beside(m.host, box(m.host), line) : "";
  }
  for (const m of over) if (m.place) m.host.style.setProperty("translate", m.place);
}

/**
 * Fit hosts on the next frame, in batches. Without frames (Node tests, a hidden tab's DOM), badges
 * stay in the line.
 * @param {Document} doc
 */
export function createFitter(doc) {
  const win = doc.defaultView;
  const pending = new Set();
  let scheduled = false;
  return {
    /** @param {HTMLElement} host */
    queue(host) {
      if (typeof win?.requestAnimationFrame !== "function") return;
      pending.add(host);
      if (scheduled) return;
      scheduled = true;
      win.requestAnimationFrame(() => {
        scheduled = false;
        const batch = [...pending];
        pending.clear();
        fit(batch);
      });
    },
  };
}
