// Facebook: where the post roots and their comments are. A read of the whole document finds them
// with fb-roots.js; on a page with one feed it also keeps them by feed child, so the next scan
// finds roots again only in the feed children the page added or changed, not in the whole
// document (a 500-post feed growing by one post). Anything the kept layout cannot vouch for (a
// change outside the feed that may hold content, a modal, a comment outside every post, another
// address) falls back to the whole-document read.

import { rules } from "./active-rules.js";
import { climb, inDocumentOrder, outermost } from "./dom.js";
import { actionMenus, commentKind, findComments, findPostRoots, isOutOfSight, isPlaceholder, nestedPosts, openModal } from "./fb-roots.js";

/**
 * @typedef {{comments: Element[], subs: Element[], nested: Set<Element>}} RootInfo a root's comments,
 *   the shares nested in it, and the comment roots a read of its views tells apart
 * @typedef {{roots: Element[], info: Map<Element, RootInfo>, orphans: Element[], nested: Set<Element>}} Layout
 *   roots in document order (each unit followed by its nested shares); orphans: comments in no root
 * @typedef {{roots: Element[], info: Map<Element, RootInfo>}} Part the roots inside one feed child
 * @typedef {{path?: string, feed?: Element|null, before?: Element[], after?: Element[],
 *   outside?: Map<Element, RootInfo>, parts?: Map<Element, Part>}} LayoutState kept across scans
 *   (page-reader.js resets it with the reader's memo): the one feed, the roots before and after
 *   it, and each feed child's part
 */

/** Drop the kept layout: the next scan reads the whole document. @param {LayoutState} state */
export function forgetLayout(state) {
  for (const key of Object.keys(state)) delete state[/** @type {keyof LayoutState} */ (key)];
}

/** Elements that may be or hold a post, a comment or a modal: a change adding one may add a root. */
const CONTENT = 'a[href], [role="article"], article, [aria-posinset], [role="feed"], [role="dialog"], [aria-haspopup], [role="button"][aria-label]';
/** Elements that may be a root whose content a change inside alters (a placeholder filling in). */
const ROOTISH = '[role="article"], article, [aria-posinset]';

/** The child of `feed` that is or holds `el`, or null when `el` is not inside the feed. */
function childOf(el, feed) {
  for (let p = el; p; p = p.parentElement) if (p.parentElement === feed) return p;
  return null;
}

/** Comments to roots: each comment belongs to the nearest root around it; the rest are orphans. */
function assign(roots, comments, subsOf, nested) {
  const rootSet = new Set(roots);
  /** @type {Map<Element, RootInfo>} */
  const info = new Map(roots.map((root) => [root, { comments: [], subs: subsOf.get(root) ?? [], nested }]));
  const orphans = [];
  for (const el of comments) {
    let root = el.parentElement;
    while (root && !rootSet.has(root)) root = root.parentElement;
    if (root) /** @type {RootInfo} */ (info.get(root)).comments.push(el);
    else orphans.push(el);
  }
  return { info, orphans };
}

/**
 * Read the whole document; keep its layout in `state` for the next scan when the page has one feed
 * that no root holds, no open modal and no comment outside every post.
 * @param {Document} doc @param {LayoutState} state @param {string} path @returns {Layout}
 */
export function pageLayout(doc, state, path) {
  const comments = findComments(doc);
  const nested = new Set(comments);
  /** @type {{menus?: Element[], articles?: Element[]}} */
  const seen = {};
  const units = findPostRoots(doc, nested, seen);
  const inner = nestedPosts(units, seen.menus ?? [], seen.articles); // unit → the shares nested in it, read as posts of their own
  const roots = units.flatMap((unit) => [unit, ...(inner.get(unit) ?? [])]);
  const { info, orphans } = assign(roots, comments, inner, nested);
  forgetLayout(state);
  const feeds = doc.querySelectorAll(rules().FB.feed);
  const feed = feeds.length === 1 ? feeds[0] : null;
  if (feed && !orphans.length && !units.some((u) => u.contains(feed)) && !openModal(doc)) {
    /** @type {Map<Element, Part>} */
    const parts = new Map([...feed.children].map((child) => [child, { roots: [], info: new Map() }]));
    const before = [];
    const after = [];
    const outside = new Map();
    for (const root of roots) {
      const part = parts.get(/** @type {Element} */ (childOf(root, feed)));
      if (part) { part.roots.push(root); part.info.set(root, /** @type {RootInfo} */ (info.get(root))); continue; }
      outside.set(root, info.get(root));
      (root.compareDocumentPosition(feed) & 4 ? before : after).push(root); // 4: the feed follows
    }
    Object.assign(state, { path, feed, before, after, outside, parts });
  }
  return { roots, info, orphans, nested };
}

/** `scope`'s elements matching `selector`, itself first when it matches. */
const within = (scope, selector) => [...(scope.matches(selector) ? [scope] : []), ...scope.querySelectorAll(selector)];

/**
 * The roots inside one feed child, as findPostRoots finds them in the whole document: the child
 * stands for its one aria-posinset unit, or is a unit itself; the posts, articles and menus inside
 * it add theirs; only the outermost are kept. Null when the child holds a comment outside every
 * root (the whole document must be read).
 * @param {Element} child @param {Element} feed @returns {Part|null}
 */
function partOf(child, feed) {
  if (/^H\d$/.test(child.tagName)) return { roots: [], info: new Map() };
  if (commentKind(child)) return null;
  const comments = findComments(child);
  const nested = new Set(comments);
  const isComment = (el) => nested.has(el);
  const posinsets = within(child, rules().FB.posinset);
  const found = new Set([posinsets.length === 1 ? posinsets[0] : child]);
  for (const el of posinsets) if (!isComment(el)) found.add(el);
  const articles = within(child, rules().FB.article).filter((el) => !isComment(el));
  for (const el of articles) found.add(el);
  const inFound = (el) => { for (let p = el; p; p = p.parentElement) if (found.has(p)) return true; return false; };
  const menus = actionMenus(child);
  for (const menu of menus) {
    if (!inFound(menu)) found.add(climb(menu, (p) => actionMenus(p).length === 1, rules().FB.stopRoles));
  }
  const units = inDocumentOrder(outermost([...found], feed)).filter((el) => !isPlaceholder(el) && !isOutOfSight(el, null));
  const inner = nestedPosts(units, menus, articles);
  const roots = units.flatMap((unit) => [unit, ...(inner.get(unit) ?? [])]);
  const { info, orphans } = assign(roots, comments, inner, nested);
  return orphans.length ? null : { roots, info };
}

/**
 * The layout after the page changed `changed` (nodes added, attributes changed) and removed
 * children of `removals`, from the one kept by the last scan: only the feed children the changes
 * touched, and those the feed did not hold before, are looked at. Null when the whole document
 * must be read again.
 * @param {LayoutState} state @param {string} path @param {Node[]|null} changed @param {Node[]} removals
 * @returns {Layout|null}
 */
export function relayout(state, path, changed, removals) {
  const { feed, parts, outside } = state;
  if (!changed || !feed || !parts || !outside || state.path !== path || !feed.isConnected) return null;
  const insideOutside = (el) => { for (let p = el; p; p = p.parentElement) if (outside.has(p)) return true; return false; };
  const stale = new Set(); // feed children whose roots are found again
  /** Whether the kept layout still holds after `node` changed; the feed child it is in goes stale. */
  const holds = (node, removal) => {
    const el = node.nodeType === 1 ? /** @type {Element} */ (node) : node.parentElement;
    if (!el?.isConnected || el === feed) return true; // the feed's own children are compared below
    const child = childOf(el, feed);
    if (child) return Boolean(stale.add(child));
    if (insideOutside(el)) return false;
    // Taking nodes out of the page outside the feed adds no root (a removed root is dropped below).
    return removal || !(el.matches(CONTENT) || el.querySelector(CONTENT) || el.closest(ROOTISH));
  };
  if (!changed.every((node) => holds(node, false)) || !removals.every((node) => holds(node, true))) return null;
  const roots = (state.before ?? []).filter((el) => el.isConnected);
  const info = new Map();
  for (const root of roots) info.set(root, outside.get(root));
  /** @type {Map<Element, Part>} */
  const next = new Map();
  for (const child of feed.children) {
    const part = (!stale.has(child) && parts.get(child)) || partOf(child, feed);
    if (!part) return null;
    next.set(child, part);
    for (const root of part.roots) { roots.push(root); info.set(root, part.info.get(root)); }
  }
  for (const root of state.after ?? []) if (root.isConnected) { roots.push(root); info.set(root, outside.get(root)); }
  if (!roots.length) return null; // an empty feed: the whole document's last resorts apply
  state.parts = next;
  return { roots, info, orphans: [], nested: new Set() };
}
