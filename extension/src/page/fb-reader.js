// Facebook: the facts of each post and comment (kind, audience, date, own-or-other) and where its
// badge goes. Reads the DOM only; the caller hashes the raw keys. Each root's links and icons are
// queried once and shared by every signal.

import { derived, rules } from "./active-rules.js";
import { audienceOfIcons, isOwnPrivacyButton, ICON_SELECTOR } from "./audience.js";
import { dateFromElement, isAbsoluteDate, parseDateLabel } from "./dates.js";
import { outsideInteractive, visibleText } from "./dom.js";
import { firstHandle } from "./fb-authors.js";
import { isMobilePage, readMobile } from "./fb-mobile.js";
import { forgetLayout, pageLayout, relayout } from "./fb-layout.js";
import { LABELLED_ARTICLE, commentKind, permalinkOf } from "./fb-roots.js";
import { readStory, storyInView } from "./fb-stories.js";
import { isSponsoredFacebook } from "./sponsored.js";
import { cleanText } from "./text.js";

const COMMENT_KINDS = ["comment", "reply"];
const MESSAGE_BODY = '[data-ad-preview="message"], [data-ad-comet-preview="message"], [data-ad-rendering-role="story_message"], [data-testid="post_message"]';

/**
 * @typedef {Omit<import("../messages.js").Fact, "key"> & {key?: string}} ReadFacts the facts; the key is set by page-reader.js
 * @typedef {{raw: string, facts: ReadFacts, root: Element, anchor: Element, position: "after"|"prepend"}} PageItem
 * @typedef {{post: PageItem|null, comments: PageItem[], reason?: string}} Unit a post root's items, or why it has none
 * @typedef {{links: Element[], icons: Element[], dates: Element[]}} View
 * @typedef {{now: Date, profiles: {facebook?: string|null}, viewer?: () => string[], embedded?: () => Map<string,string>,
 *   groupAudience?: () => string|null, memo?: WeakMap<Element, Unit>, changed?: Node[]|null, removals?: Node[],
 *   layout?: import("./fb-layout.js").LayoutState, path?: string, selves?: Set<string>}} ReadContext
 *   viewer: the signed-in person's handles the page shows (fb-viewer.js); selves: those and the
 *   handle the person gave, made once per read. memo/changed/removals: items of roots the page did
 *   not touch since the last scan are reused (removals: nodes whose children the page took out);
 *   layout: where the roots were, kept across scans (fb-layout.js).
 */

/**
 * @param {Document} doc @param {ReadContext} context
 * @returns {{items: PageItem[], skipped: {reason: string}[], read?: number}} read: how many roots were read, not reused
 */
export function readFacebook(doc, context) {
  const selves = new Set([context.profiles?.facebook, ...(context.viewer?.() ?? [])].filter((h) => typeof h === "string"));
  const ctx = { ...context, selves };
  // The Stories viewer and the mobile sites' plain markup have readers of their own.
  const story = storyInView(doc);
  if (story) return readStory(doc, story, ctx);
  const path = ctx.path ?? "/";
  const state = ctx.layout ?? {};
  const changed = ctx.changed ?? null;
  // Only the feed children the page touched are looked at again, when the kept layout allows it:
  // it was kept from a read of Comet's markup, and nothing that may hold the mobile one came since.
  let layout = relayout(state, path, changed, ctx.removals ?? []);
  if (!layout) {
    if (isMobilePage(doc)) { forgetLayout(state); return readMobile(doc, ctx); }
    layout = pageLayout(doc, state, path);
  }
  const memo = ctx.memo ?? new WeakMap();
  const isDirty = dirtyRoots(memo, changed && [...changed, ...(ctx.removals ?? [])]);
  const items = [];
  const skipped = [];
  let read = 0;
  for (const [index, root] of layout.roots.entries()) {
    let unit = isDirty(root) ? null : memo.get(root);
    if (!unit) {
      const { comments, subs, nested } = /** @type {import("./fb-layout.js").RootInfo} */ (layout.info.get(root));
      unit = readUnit(root, comments, nested, subs, index, ctx);
      read += 1;
      memo.set(root, unit);
    }
    if (unit.post) items.push(unit.post, ...unit.comments);
    else skipped.push({ reason: unit.reason }); // an ad's comments are skipped with it
  }
  const { orphans } = layout;
  const onlyPost = orphans.length > 0 && onePost(items) ? items[0] : null; // asked only when a comment is outside every post
  for (const [i, el] of orphans.entries()) items.push(readComment(el, viewOf(el, layout.nested), onlyPost, i, ctx));
  return { items, skipped, read };
}

/** Whether exactly one of `items` is a post (the others comments). @param {PageItem[]} items */
function onePost(items) {
  let posts = 0;
  for (const it of items) if (!COMMENT_KINDS.includes(it.facts.kind) && (posts += 1) > 1) return false;
  return posts === 1;
}

/** One post root and its comments; the shares nested in it are read on their own. @returns {Unit} */
function readUnit(root, commentEls, nested, subs, index, ctx) {
  const views = viewsOf(root, nested);
  let view = views.get(root) ?? emptyView();
  if (subs.length) {
    const mine = (el) => !subs.some((sub) => sub.contains(el));
    view = { links: view.links.filter(mine), icons: view.icons.filter(mine), dates: view.dates.filter(mine) };
  }
  const sponsored = isSponsoredFacebook(root, view.links);
  const post = sponsored ? null : readPost(root, view, index, ctx);
  if (!post) return { post: null, reason: sponsored ? "sponsored" : "no-signal", comments: [] };
  return { post, comments: commentEls.map((el, i) => readComment(el, views.get(el) ?? emptyView(), post, i, ctx)) };
}

/**
 * Which known roots must be read again: those containing a node the page changed since the last
 * scan. `changed` null means unknown (first scan, or too many changes): read everything.
 */
function dirtyRoots(memo, changed) {
  if (!changed) return () => true;
  const dirty = new Set();
  for (const node of changed) {
    for (let p = node; p; p = p.parentNode) if (memo.has(p)) { dirty.add(p); break; }
  }
  return (root) => dirty.has(root);
}

const viewSelector = derived((r) => `a, ${ICON_SELECTOR}, ${r.FB.dateElements}`);
/** @returns {View} */
const emptyView = () => ({ links: [], icons: [], dates: [] });

/**
 * The links, audience icons and date elements of a root and of each comment inside it, from one
 * query: each element belongs to the nearest comment around it, or to the root.
 * @param {Element} root @param {Set<Element>} nested
 * @returns {Map<Element, View>}
 */
function viewsOf(root, nested) {
  const rootView = emptyView();
  /** @type {Map<Element, View>} */
  const views = new Map([[root, rootView]]);
  const first = nested.size > 0 ? root.querySelector(LABELLED_ARTICLE) : null;
  const found = root.querySelectorAll(viewSelector());
  // What comes before the root's first labelled article (its header) is in no comment: a prefix of
  // `found` (document order), found by bisection, so only the rest climbs to its comment.
  const from = first ? firstAfter(found, first) : found.length;
  for (let i = 0; i < found.length; i += 1) { // indexed: the first read runs cold, iterators cost there
    const el = found[i];
    let view = rootView;
    if (i >= from) {
      // The nearest labelled article above it that is a comment inside this root (native climb).
      for (let c = el.parentElement?.closest(LABELLED_ARTICLE); c && c !== root; c = c.parentElement?.closest(LABELLED_ARTICLE)) {
        if (!root.contains(c)) break;
        if (nested.has(c)) {
          let own = views.get(c);
          if (!own) views.set(c, (own = emptyView()));
          view = own;
          break;
        }
      }
    }
    const tag = el.localName;
    if (tag === "abbr" || tag === "time") view.dates.push(el);
    else if (tag !== "a") view.icons.push(el); // matched VIEW_SELECTOR, so through ICON_SELECTOR
    else {
      view.links.push(el);
      // A link is an icon only as role=img/button or with a tooltip (see ICON_SELECTOR); most links
      // are role=link and skip the match.
      const role = el.getAttribute("role");
      if ((role === "img" || role === "button" || el.hasAttribute("data-tooltip-content")) && el.matches(ICON_SELECTOR)) view.icons.push(el);
    }
  }
  return views;
}

/**
 * The index of the first of `found` (in document order) that is `mark` or comes after it (inside
 * it or following it); `found.length` when none does.
 * @param {ArrayLike<Element>} found @param {Element} mark
 */
function firstAfter(found, mark) {
  let low = 0;
  let high = found.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (found[mid].compareDocumentPosition(mark) & 4) low = mid + 1; // 4: mark follows
    else high = mid;
  }
  return low;
}

/** The view of a comment outside every post root. @param {Element} el @param {Set<Element>} nested */
function viewOf(el, nested) {
  return viewsOf(el, nested).get(el) ?? emptyView();
}

/** @returns {PageItem|null} */
function readPost(root, view, index, ctx) {
  const body = root.querySelector(MESSAGE_BODY);
  // The header comes before the message body: a shared original's links and icons are not read.
  const links = body ? header(view.links, body) : view.links;
  const icons = body ? header(view.icons, body) : view.icons;
  /** @type {Element|null} */
  let permalink = null;
  /** @type {{id: string, kind: string}|null} */
  let target = null;
  for (const a of links) if ((target = permalinkOf(a))) { permalink = a; break; }
  const { id: postId = null, kind = "post" } = target ?? {};
  const icon = audienceOfIcons(icons);
  const menu = icons.find((el) => el.hasAttribute("aria-haspopup"));
  const created = postDate(view.dates[0], permalink, links, ctx.now);
  // A permalink alone is no post: a Page's cover photo and profile picture link to /photo/?fbid= too.
  if (!icon && !view.dates.length && !menu && !created) return null;
  // Ranked: the page's own privacy data for this post, then the icon beside its timestamp, then the group's kind.
  const audience = (postId && ctx.embedded?.().get(postId)) || icon?.audience || ctx.groupAudience?.() || "unknown";
  const { selves } = ctx;
  // The author's handle is needed only to tell the person's own posts, or to key a post without a permalink.
  const handle = selves.size || !postId ? firstHandle(links.filter((a) => a.matches(rules().FB.authorLinks))) ?? firstHandle(links) : null;
  const self = icons.some(isOwnPrivacyButton) || Boolean(handle && selves.has(handle));
  const posinset = postId ? null : root.getAttribute("aria-posinset") ?? root.querySelector(rules().FB.posinset)?.getAttribute("aria-posinset");
  const anchor = icon?.icon ?? permalink ?? null;
  return {
    raw: postId ? `fb:post:${postId}` : `fb:pos:${posinset ?? index}:${handle ?? ""}`,
    facts: {
      platform: "facebook", kind, audience, created_at: created,
      author: self ? "self" : "other", author_age: "unknown",
    },
    root,
    anchor: anchor ? outsideInteractive(anchor, root) : root,
    position: anchor ? "after" : "prepend",
  };
}

/** The elements before `body`: a prefix, since the list is in document order and so are they. */
function header(elements, body) {
  let n = 0;
  while (n < elements.length && elements[n].compareDocumentPosition(body) & 4) n += 1; // 4: body follows
  return n === elements.length ? elements : elements.slice(0, n);
}

/**
 * The post's date: a machine date, else the first header link that states one. Of a link's
 * visible text and its accessible name, a written date beats an age ("20 March" over "1 d"). A
 * disguised timestamp (letters split into spans, decoys hidden by the page's style) is read as
 * displayed; when it cannot be read the date is unknown: no other link's date stands in for it.
 */
function postDate(dateEl, permalink, links, now) {
  if (dateEl) return dateFromElement(dateEl);
  for (const a of permalink ? [permalink, ...links] : links) {
    const disguised = isLetterSoup(a);
    const shown = disguised ? visibleText(a) : cleanText(a.textContent);
    const label = cleanText(a.getAttribute("aria-label"));
    const texts = [shown, label].filter((t) => t && t.length <= 60);
    const written = texts.find((t) => isAbsoluteDate(t, now));
    const date = written ? parseDateLabel(written, now) : texts.map((t) => parseDateLabel(t, now)).find(Boolean);
    if (date || disguised) return date ?? null;
  }
  return null;
}

/** A link whose text is split into one-letter spans: Facebook's disguised timestamp. @param {Element} a */
function isLetterSoup(a) {
  const spans = a.getElementsByTagName("span");
  if (spans.length < 8) return false; // most links hold a span or two: no text is read
  let letters = 0;
  for (let i = 0; i < spans.length; i += 1) {
    const span = spans[i];
    if (span.childElementCount === 0 && span.textContent?.length === 1 && (letters += 1) >= 8) return true;
  }
  return false;
}

/** @returns {PageItem} */
function readComment(el, view, parent, index, ctx) {
  const kind = commentKind(el);
  const re = kind === "reply" ? rules().FB.replyId : rules().FB.commentId;
  const idLink = view.links.find((a) => re.test(a.getAttribute("href") ?? ""));
  const id = idLink?.getAttribute("href").match(re)[1];
  const created = view.dates[0] ? dateFromElement(view.dates[0])
    : parseDateLabel(el.getAttribute("aria-label"), ctx.now) ?? (idLink ? parseDateLabel(cleanText(idLink.textContent), ctx.now) : null);
  const author = ctx.selves.size ? firstHandle(view.links) : null;
  return {
    raw: id ? `fb:${kind}:${id}` : `fb:${kind}:${parent?.raw ?? "none"}:${index}`,
    facts: {
      platform: "facebook", kind, audience: parent?.facts.audience ?? "unknown", created_at: created,
      author: author && ctx.selves.has(author) ? "self" : "other", author_age: "unknown",
    },
    root: el,
    anchor: idLink ? outsideInteractive(idLink, el) : el,
    position: idLink ? "after" : "prepend",
  };
}
