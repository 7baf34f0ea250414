// Facebook: finding post and comment roots with independent signals, most robust first
// (fb-ig-dom.md §2): feed children, aria-posinset, role=article, the post-actions menu, and as a
// last resort a climb from permalinks. Only the outermost root of a nest is kept, so a shared
// post's embedded original is not badged twice.

import { derived, rules } from "./active-rules.js";
import { climb, inDocumentOrder, linkTarget, outermost } from "./dom.js";
import { fbPostOf } from "./links.js";
import { fold, foldAll } from "./text.js";

/** @typedef {{kind: "comment"|"reply", before: string, after: string}} Template */

/**
 * The comment and reply templates and the menu labels, folded, made again when the rules change.
 * Templates with words before the name are kept by their first letter, and those that start with
 * the name are tried only when the label holds one of their words: a label is checked against a
 * handful of templates, not all of them.
 */
const labels = derived((r) => {
  /** @type {Map<string, Template[]>} */
  const byFirst = new Map();
  /** @type {Template[]} */
  const nameFirst = [];
  for (const kind of /** @type {const} */ (["reply", "comment"])) {
    for (const forms of Object.values(r.FB.commentLabels)) {
      for (const form of forms[kind]) {
        const [before, after = ""] = form.split("{name}");
        const t = { kind, before: fold(before), after: fold(after) };
        if (!t.before) nameFirst.push(t);
        else byFirst.set(t.before[0], [...(byFirst.get(t.before[0]) ?? []), t]);
      }
    }
  }
  const escaped = nameFirst.map((t) => t.after.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return {
    byFirst,
    nameFirst,
    NAME_FIRST_WORDS: escaped.length ? new RegExp(escaped.join("|"), "u") : null,
    MENU_LABELS: new Set(foldAll(r.FB.actionMenuLabels)),
    /** @type {Map<string, {kind: "comment"|"reply", name: string}|null>} */
    read: new Map(), // label → what it says: "Comment by <name>" repeats for every comment of a person
  };
});
const MAYBE_PERMALINK = /posts|story_fbid|permalink|videos|watch|reel|photo|stories/;
export const LABELLED_ARTICLE = '[role="article"][aria-label]';

/**
 * "comment", "reply" or null, from an article's accessible name. Typed loosely, as it always was:
 * readers ask it again of elements they already know are comments.
 * @param {Element} el @returns {any}
 */
export function commentKind(el) {
  const label = el.getAttribute("aria-label");
  if (!label || el.getAttribute("role") !== "article") return null;
  return commentLabel(label)?.kind ?? null;
}

/**
 * What a comment's accessible name says, in any shipped language: its kind and the text in the
 * name's slot (for a template ending in the name, all that follows: "Jane Doe 2 days ago"), folded.
 * Null when it is no comment's name: running text that holds the words ("{name}さんのコメントを読んで").
 * @param {string} label @returns {{kind: "comment"|"reply", name: string}|null}
 */
export function commentLabel(label) {
  const { read, byFirst, nameFirst, NAME_FIRST_WORDS } = labels();
  let said = read.get(label);
  if (said === undefined) {
    const text = fold(label);
    said = null;
    const candidates = [...(byFirst.get(text[0]) ?? []), ...(NAME_FIRST_WORDS?.test(text) ? nameFirst : [])];
    for (const t of candidates) {
      const name = nameIn(text, t);
      if (!name) continue;
      said ??= { kind: t.kind, name };
      if (t.kind === "reply") { said = { kind: t.kind, name }; break; } // a reply's name may name the comment it answers
    }
    if (read.size >= 4000) read.clear();
    read.set(label, said);
  }
  return said;
}

const LETTER = /[\p{L}\p{N}]/u;
// Scripts written without spaces between words: a template's word may touch the name.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
const MAX_NAME = 100;

/** May a template's character `a` touch the text's `b` (a word ends between them)? @param {string|undefined} a @param {string|undefined} b */
function wordEdge(a, b) {
  return !a || !b || !LETTER.test(a) || !LETTER.test(b) || UNSPACED.test(a) || UNSPACED.test(b);
}

/** The text in a template's name slot, or null when `text` is not the template. @param {string} text @param {Template} t */
function nameIn(text, { before, after }) {
  if (!text.startsWith(before) || !wordEdge(before.at(-1), text[before.length])) return null;
  if (!after) return text.slice(before.length).trim() || null;
  const at = text.indexOf(after, before.length + 1);
  // The words end the name, and what follows them is no word (the age, or nothing).
  if (at < 0 || !wordEdge(text[at - 1], after[0]) || LETTER.test(text[at + after.length] ?? "")) return null;
  const name = text.slice(before.length, at).trim();
  return name && name.length <= MAX_NAME ? name : null;
}

/** The post-actions menus ("Actions for this post") inside `scope`: one per post header. @param {Element|Document} scope */
export function actionMenus(scope) {
  const out = [];
  const found = scope.querySelectorAll("[aria-label][aria-haspopup], [role='button'][aria-label]");
  for (let i = 0; i < found.length; i += 1) if (labels().MENU_LABELS.has(fold(found[i].getAttribute("aria-label")))) out.push(found[i]);
  return out;
}

/** The post a link points at, `{id, kind}`, or null (comment links included). @param {Element} a */
export function permalinkOf(a) {
  if (!MAYBE_PERMALINK.test(a.getAttribute("href") ?? "")) return null;
  const url = linkTarget(a);
  return url && fbPostOf(url.pathname, url.search);
}

/** The post id a link points at, or null. @param {Element} a */
export function postIdOf(a) {
  return permalinkOf(a)?.id ?? null;
}

/** A loading placeholder or an empty unit: nothing to read. @param {Element} el */
export function isPlaceholder(el) {
  return !el.querySelector("a[href]") && (Boolean(el.querySelector(rules().FB.placeholder)) || !el.textContent.trim());
}

/**
 * Post roots of a Facebook document, outermost only, in document order.
 * @param {Document} doc
 * @param {Set<Element>} [comments] the document's comment and reply roots, when already found
 * @param {{menus?: Element[], articles?: Element[]}} [seen] receives the document's action menus and
 *   its post articles (role=article or <article>, comments left out), for callers that need them too
 * @returns {Element[]}
 */
export function findPostRoots(doc, comments, seen = {}) {
  const found = new Set();
  const isComment = comments ? (el) => comments.has(el) : (el) => commentKind(el) !== null;
  const feeds = new Set(doc.querySelectorAll(rules().FB.feed));
  const posinsets = doc.querySelectorAll(rules().FB.posinset);
  // With one feed (the usual page) a climb ends at its child, and an element outside it climbs not at all.
  const [only] = feeds.size === 1 ? feeds : [null];
  if (feeds.size) {
    // A feed child holding exactly one aria-posinset unit stands for that unit (one query, not one per child).
    const inside = new Map(); // feed child → the posinset elements it holds
    for (let i = 0; i < posinsets.length; i += 1) {
      const el = posinsets[i];
      if (only && !only.contains(el)) continue;
      for (let p = el; p?.parentElement; p = p.parentElement) {
        if (!feeds.has(p.parentElement)) continue;
        const list = inside.get(p);
        if (list) list.push(el);
        else inside.set(p, [el]);
        if (only) break;
      }
    }
    for (const feed of feeds) {
      for (const child of feed.children) {
        if (/^H\d$/.test(child.tagName)) continue;
        const inner = inside.get(child);
        found.add(inner?.length === 1 ? inner[0] : child);
      }
    }
  }
  for (const el of posinsets) if (!isComment(el)) found.add(el);
  seen.articles = [];
  for (const el of doc.querySelectorAll(rules().FB.article)) if (!isComment(el)) { found.add(el); seen.articles.push(el); }
  const inFound = (el) => { for (let p = el; p; p = p.parentElement) if (found.has(p)) return true; return false; };
  seen.menus = actionMenus(doc);
  for (const menu of seen.menus) {
    if (!inFound(menu)) found.add(climb(menu, (p) => actionMenus(p).length === 1, rules().FB.stopRoles));
  }
  if (found.size === 0) for (const root of permalinkRoots(doc)) found.add(root);
  const modal = openModal(doc);
  // A root inside the one feed looks for a root around it no higher than the feed, when no root is or holds the feed.
  let within = only;
  for (let p = only; p && within; p = p.parentElement) if (found.has(p)) within = null;
  return inDocumentOrder(outermost([...found], within)).filter((el) => !isPlaceholder(el) && !isOutOfSight(el, modal));
}

/**
 * Posts nested in units, read as posts of their own. Facebook groups several shares of one post
 * in one feed unit, each share with its own header and its own actions menu: every menu after a
 * unit's first stands for one such share, the highest element around it that holds no other menu,
 * below the unit. And a post article with a permalink of its own inside a post article (the
 * mobile site's shared original) is a post of its own.
 * @param {Element[]} roots @param {Element[]} menus the document's action menus (one query)
 * @param {Element[]} [articles] the document's post articles (findPostRoots' `seen.articles`)
 * @returns {Map<Element, Element[]>} unit → its nested posts, for units that have any
 */
export function nestedPosts(roots, menus, articles = []) {
  const rootSet = new Set(roots);
  const unitOf = (el) => {
    let p = el.parentElement;
    while (p && !rootSet.has(p)) p = p.parentElement;
    return p;
  };
  const byRoot = new Map();
  for (const menu of menus) {
    const p = unitOf(menu);
    if (p) byRoot.set(p, [...(byRoot.get(p) ?? []), menu]);
  }
  const out = new Map();
  for (const [root, list] of byRoot) {
    if (list.length < 2) continue;
    const holdsOne = (p) => p !== root && list.filter((m) => p.contains(m)).length === 1;
    out.set(root, outermost(list.slice(1).map((menu) => climb(menu, holdsOne, rules().FB.stopRoles))));
  }
  const articleSet = new Set(articles);
  for (const el of articles) {
    const root = rootSet.has(el) ? null : unitOf(el);
    // A post of its own has a post's permalink: a comment the labels do not name (a language not
    // shipped) links only to its comment, and stays out.
    if (!root || !articleSet.has(root) || isPlaceholder(el) || ![...el.querySelectorAll("a[href]")].some(permalinkOf)) continue;
    out.set(root, outermost(inDocumentOrder([...(out.get(root) ?? []), el])));
  }
  return out;
}

const HIDDEN = '[hidden], [aria-hidden="true"], [role="navigation"], [role="tablist"], [role="banner"]';

/**
 * Is `el` out of the person's sight or not content: hidden (attribute, aria-hidden), in navigation,
 * or behind an open modal dialog (the photo viewer). An inline `display: none` is not taken: it is
 * how Facebook's own start-up hides units until its scripts show them, and the scanner does not
 * watch styles, so such a post would never get its badge.
 * @param {Element} el @param {Element|null} modal
 */
export function isOutOfSight(el, modal) {
  return Boolean(el.closest(HIDDEN)) || Boolean(modal && !modal.contains(el));
}

/** The open modal dialog holding content (a photo viewer, a post opened over the feed), or null. @param {Document} doc */
export function openModal(doc) {
  const d = doc.querySelector('[role="dialog"][aria-modal="true"]');
  return d && d.querySelector("a[href]") && !isOutOfSight(d, null) ? d : null;
}

/** Last resort (profile timelines without roles): climb from each permalink while one id is held. */
function permalinkRoots(doc) {
  const scope = doc.querySelector('[role="main"]') ?? doc.body;
  if (!scope) return [];
  const ids = (el) => new Set([...el.querySelectorAll("a[href]")].map(postIdOf).filter(Boolean));
  return [...scope.querySelectorAll("a[href]")]
    .filter((a) => postIdOf(a))
    .map((a) => climb(a, (p) => ids(p).size === 1, rules().FB.stopRoles));
}

/** Comment and reply roots inside `scope` (or the whole document). @param {ParentNode} scope */
export function findComments(scope) {
  const out = [];
  const found = scope.querySelectorAll(LABELLED_ARTICLE);
  for (let i = 0; i < found.length; i += 1) if (commentKind(found[i])) out.push(found[i]);
  return out;
}
