// Small DOM helpers shared by the page readers. Pure: they only read the document.

import { SITES } from "../platforms.js";
import { cleanText } from "./text.js";

/** Elements of `root` matching `selector` that are not inside a nested `exclude` element. */
export function ownElements(root, selector, exclude) {
  return [...root.querySelectorAll(selector)].filter((el) => {
    const inner = el.parentElement?.closest(exclude);
    return !inner || inner === root || !root.contains(inner);
  });
}

/**
 * Keep only the outermost of a set of elements (a shared post's original is inside the share).
 * @param {Element[]} elements
 * @param {Element|null} [within] an element that none of `elements` is or holds: a climb from
 *   inside it stops there, since nothing above it can be one of them
 */
export function outermost(elements, within = null) {
  const set = new Set(elements);
  return elements.filter((el) => {
    for (let p = el.parentElement; p && p !== within; p = p.parentElement) if (set.has(p)) return false;
    return true;
  });
}

/** Sort elements in document order; a list that is already in order (the usual case) costs n-1 comparisons. */
export function inDocumentOrder(elements) {
  const before = (a, b) => Boolean(a.compareDocumentPosition(b) & 4); // 4 = b FOLLOWS a
  if (elements.every((el, i) => i === 0 || before(elements[i - 1], el))) return elements;
  return elements.sort((a, b) => (before(a, b) ? -1 : 1));
}

/**
 * Climb from `start` to the highest ancestor for which `holdsOne(ancestor)` stays true, stopping
 * below landmarks (role=main/feed/…) and the body.
 * @param {Element} start @param {(el: Element) => boolean} holdsOne @param {string[]} stopRoles
 */
export function climb(start, holdsOne, stopRoles) {
  let best = start;
  for (let p = start.parentElement; p && p !== p.ownerDocument.body; p = p.parentElement) {
    if (stopRoles.includes(p.getAttribute("role") ?? "") || p.tagName === "MAIN") break;
    if (!holdsOne(p)) break;
    best = p;
  }
  return best;
}

const INTERACTIVE = 'a, button, [role="button"], [role="link"]';

/** Move an insertion point out of links and buttons, so a badge is never nested in one. */
export function outsideInteractive(el, root) {
  let point = el;
  // The outermost interactive element around `el` below `root` (closest climbs natively).
  for (let p = el.closest(INTERACTIVE); p && p !== root && root.contains(p); p = p.parentElement?.closest(INTERACTIVE) ?? null) {
    point = p;
  }
  return point;
}

const parsed = new WeakMap(); // link → {href, url}: links are read by several signals per scan

/** The link's address, resolved against the document's; null for none or "#". @param {Element} a */
export function linkUrl(a) {
  const href = a.getAttribute("href");
  if (!href || href === "#") return null;
  const hit = parsed.get(a);
  if (hit && hit.href === href) return hit.url;
  let url;
  try {
    url = new URL(href, a.ownerDocument.baseURI || SITES.facebook.home);
  } catch {
    url = null;
  }
  parsed.set(a, { href, url });
  return url;
}

// An href the URL parser would leave as it is: "/path?query#hash", optionally after http(s)://host.
// No dot segments, backslashes, whitespace, quotes or other characters it would encode or rewrite.
const PLAIN_HREF = /^(?:https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?)?(\/(?!\/)[A-Za-z0-9\-._~!$&()*+,;=:@/%[\]]*)(\?[A-Za-z0-9\-._~!$&()*+,;=:@/%?[\]]*)?(?:#.*)?$/;
const DOT_SEGMENT = /\/(?:\.|%2e)/i;

/**
 * The pathname and search of a link's address, as `new URL` gives them; null for none or "#".
 * Plain hrefs (nearly all of a page's) are split without building a URL: the first read runs cold.
 * @param {Element} a @returns {{pathname: string, search: string}|null}
 */
export function linkTarget(a) {
  const href = a.getAttribute("href");
  if (!href || href === "#") return null;
  const m = PLAIN_HREF.exec(href);
  if (m && !DOT_SEGMENT.test(m[1])) return { pathname: m[1], search: m[2] && m[2] !== "?" ? m[2] : "" };
  return linkUrl(a);
}

const HIDES = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|position\s*:\s*(?:absolute|fixed))/i;
const hiding = new WeakMap(); // document → {sheets, classes}

/**
 * Classes the page's own style sheets use to hide or lift letters out of a line (Facebook ships
 * `.x.x{position:absolute}` and `.y.y{display:none}` beside a disguised timestamp). Read from the
 * rules' text, not from computed styles: no layout is asked for. Cross-origin sheets are skipped.
 * @param {Document} doc @returns {Set<string>}
 */
function hidingClasses(doc) {
  const sheets = doc.styleSheets;
  const hit = hiding.get(doc);
  if (hit && hit.sheets === sheets.length) return hit.classes;
  const classes = new Set();
  for (const sheet of sheets) {
    let rules;
    try { rules = sheet.cssRules; } catch { continue; }
    for (const rule of rules) {
      const m = /^((?:\.[\w-]+)+)$/.exec(/** @type {CSSStyleRule} */ (rule).selectorText ?? "");
      if (!m || !HIDES.test(/** @type {CSSStyleRule} */ (rule).style?.cssText ?? "")) continue;
      const names = new Set(m[1].split(".").filter(Boolean));
      if (names.size === 1) classes.add([...names][0]);
    }
  }
  hiding.set(doc, { sheets: sheets.length, classes });
  return classes;
}

/**
 * The text of `el` as displayed: letters hidden or lifted out of the line by the page's style
 * (hiding classes, inline style) are left out. For disguised timestamps only.
 * @param {Element} el
 */
export function visibleText(el) {
  const classes = hidingClasses(el.ownerDocument);
  const hidden = (node) => {
    for (let p = node; p && p !== el; p = p.parentElement) {
      if (HIDES.test(p.getAttribute("style") ?? "")) return true;
      for (const c of p.classList) if (classes.has(c)) return true;
    }
    return false;
  };
  let out = "";
  const walker = el.ownerDocument.createTreeWalker(el, 4); // 4: text nodes
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!hidden(n.parentElement)) out += n.nodeValue;
  return cleanText(out);
}
