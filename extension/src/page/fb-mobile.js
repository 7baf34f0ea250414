// Facebook's mobile sites in their plain markup (mbasic., touch., and m. where it serves it):
// posts, comments and replies, each with its date and audience as the page writes them. The
// shapes are those public scrapers read (extension/docs/mobile.md); selectors are page rules.

import { FACEBOOK_MOBILE_HOSTS } from "../platforms.js";
import { rules } from "./active-rules.js";
import { audienceFromLabel, audienceOfIcons, isOwnPrivacyButton, ICON_SELECTOR } from "./audience.js";
import { dateFromElement, isoDay, parseDateLabel } from "./dates.js";
import { outermost, outsideInteractive } from "./dom.js";
import { firstHandle } from "./fb-authors.js";
import { isOutOfSight, isPlaceholder, permalinkOf } from "./fb-roots.js";
import { isSponsoredFacebook } from "./sponsored.js";
import { cleanText } from "./text.js";

/**
 * @typedef {import("./fb-reader.js").PageItem} PageItem
 * @typedef {import("./fb-reader.js").ReadContext & {selves: Set<string>}} Context
 */

/** Whether `doc` is a mobile site's page in the plain markup this module reads. @param {Document} doc */
export function isMobilePage(doc) {
  return FACEBOOK_MOBILE_HOSTS.includes(doc.location?.hostname ?? "") && doc.querySelector(rules().FB.mobile.markup) !== null;
}

/**
 * Every post, comment and reply of a mobile page.
 * @param {Document} doc @param {Context} ctx
 * @returns {{items: PageItem[], skipped: {reason: string}[]}}
 */
export function readMobile(doc, ctx) {
  const m = rules().FB.mobile;
  const comments = [...doc.querySelectorAll(m.comments)].filter((el) => isComment(el, m) && !isOutOfSight(el, null));
  const inComment = (el) => comments.some((c) => c !== el && c.contains(el));
  const candidates = [...doc.querySelectorAll(m.posts)].filter((el) => !inComment(el) && !isOutOfSight(el, null) && !isPlaceholder(el));
  const posts = postRoots(candidates, m);
  const owners = new Set([...posts, ...comments]);
  const items = [];
  const skipped = [];
  /** @type {Map<Element, PageItem|null>} each post root's item, null for a root skipped */
  const read = new Map();
  /** @type {Map<string, PageItem>} the posts by id, for comments beside their post ("ufi_<post id>") */
  const byId = new Map();
  for (const [index, root] of posts.entries()) {
    const own = ownOf(root, owners);
    const links = own("a[href]");
    const sponsored = isSponsoredFacebook(root, links);
    const { post, id } = sponsored ? { post: null, id: null } : readPost(root, own, links, index, ctx);
    read.set(root, post);
    if (!post) { skipped.push({ reason: sponsored ? "sponsored" : "no-signal" }); continue; }
    if (id) byId.set(id, post);
    items.push(post);
  }
  const posted = [...read.values()].filter(Boolean);
  const only = posted.length === 1 ? posted[0] : null;
  for (const [index, el] of comments.entries()) {
    const parent = parentOf(el, read, byId, m);
    if (parent === null) continue; // inside an ad, or a root with nothing to read: skipped with it
    items.push(readComment(el, ownOf(el, owners), parent ?? only, comments.some((c) => c !== el && c.contains(el)), index, ctx));
  }
  return { items, skipped };
}

/** A comment: touch's data-sigil, or mbasic's numeric id. @param {Element} el */
function isComment(el, m) {
  return (el.getAttribute("data-sigil") ?? "").split(/\s+/).includes("comment") || m.commentElementId.test(el.id);
}

/**
 * The outermost posts, and each post nested in one that names a post of its own (a shared
 * original with its own id or permalink); a nested block naming its outer post's id is part of it.
 * @param {Element[]} candidates
 */
function postRoots(candidates, m) {
  const outer = outermost(candidates);
  const idOf = (el) => el.getAttribute("data-ft")?.match(m.postId)?.[1] ?? null;
  const nested = candidates.filter((el) => !outer.includes(el)).filter((el) => {
    const id = idOf(el) ?? [...el.querySelectorAll("a[href]")].map(permalinkOf).find(Boolean)?.id;
    if (!id) return false;
    for (let p = el.parentElement; p; p = p.parentElement) if (candidates.includes(p) && idOf(p) === id) return false;
    return true;
  });
  return candidates.filter((el) => outer.includes(el) || nested.includes(el));
}

/** A query of `root`'s own elements: those inside no other post or comment. */
function ownOf(root, owners) {
  return (selector) => [...root.querySelectorAll(selector)].filter((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (owners.has(p)) return p === root;
    return false;
  });
}

/** @returns {{post: PageItem|null, id: string|null}} */
function readPost(root, own, links, index, ctx) {
  const m = rules().FB.mobile;
  const ft = root.getAttribute("data-ft") ?? "";
  /** @type {Element|null} */
  let permalink = null;
  /** @type {{id: string, kind: string}|null} */
  let target = null;
  for (const a of links) if ((target = permalinkOf(a))) { permalink = a; break; }
  const postId = ft.match(m.postId)?.[1] ?? target?.id ?? null;
  const dateEl = own(m.dates)[0] ?? null;
  const publish = ft.match(m.publishTime)?.[1];
  const created = publish ? isoDay(new Date(Number(publish) * 1000)) : dateOf(dateEl, ctx.now);
  const icons = own(ICON_SELECTOR);
  const icon = audienceOfIcons(icons);
  const written = writtenAudience(own(m.audienceText));
  if (!postId && !created && !icon && !written) return { post: null, id: null };
  const audience = icon?.audience ?? written?.audience ?? ((postId && ctx.embedded?.().get(postId)) || ctx.groupAudience?.() || "unknown");
  const authorLinks = links.filter((a) => a.matches(rules().FB.authorLinks));
  const handle = firstHandle(authorLinks) ?? firstHandle(links);
  const self = icons.some(isOwnPrivacyButton) || Boolean(handle && ctx.selves.has(handle));
  const anchor = icon?.icon ?? written?.el ?? dateEl ?? permalink;
  /** @type {PageItem} */
  const post = {
    raw: postId ? `fb:post:${postId}` : `fb:pos:${index}:${handle ?? ""}`,
    facts: {
      platform: "facebook", kind: target?.kind ?? "post", audience, created_at: created,
      author: self ? "self" : "other", author_age: "unknown",
    },
    root,
    anchor: anchor ? outsideInteractive(anchor, root) : root,
    position: anchor ? "after" : "prepend",
  };
  return { post, id: postId };
}

/** The audience a footer writes as a word ("Public"), in any shipped language. @param {Element[]} els */
function writtenAudience(els) {
  for (const el of els) {
    const text = cleanText(el.textContent);
    const audience = text.length <= 60 ? audienceFromLabel(text) : null;
    if (audience) return { audience, el };
  }
  return null;
}

/** A date element's machine time, else its text. @param {Element|null} el @param {Date} now */
function dateOf(el, now) {
  if (!el) return null;
  return dateFromElement(el) ?? parseDateLabel(cleanText(el.textContent), now);
}

/**
 * The post a comment belongs to: the post around it, else the one its "ufi_<post id>" block names;
 * null when that post was skipped (an ad), undefined when the page does not say.
 * @returns {PageItem|null|undefined}
 */
function parentOf(el, read, byId, m) {
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (read.has(p)) return read.get(p);
    const ufi = p.id ? p.id.match(m.ufiId) : null;
    if (ufi) return byId.get(ufi[1]);
  }
  return undefined;
}

/** @returns {PageItem} */
function readComment(el, own, parent, nested, index, ctx) {
  const m = rules().FB.mobile;
  const kind = nested || (el.getAttribute("data-sigil") ?? "").split(/\s+/).includes(m.replySigil) ? "reply" : "comment";
  const dateEl = own(m.dates)[0] ?? null;
  const id = m.commentElementId.test(el.id) ? el.id : null;
  const author = ctx.selves.size ? firstHandle(own("a[href]")) : null;
  return {
    raw: id ? `fb:${kind}:${id}` : `fb:${kind}:${parent?.raw ?? "none"}:${index}`,
    facts: {
      platform: "facebook", kind, audience: parent?.facts.audience ?? "unknown", created_at: dateOf(dateEl, ctx.now),
      author: author && ctx.selves.has(author) ? "self" : "other", author_age: "unknown",
    },
    root: el,
    anchor: dateEl ? outsideInteractive(dateEl, el) : el,
    position: dateEl ? "after" : "prepend",
  };
}
