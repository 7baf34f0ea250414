// Instagram: posts (feed articles, the post page, profile-grid tiles) and comments. Posts carry no
// audience icon; the audience is the author account's privacy (private → followers), read from
// the profile page's "This account is private" notice or the page's embedded user JSON.

import { IG } from "../page-rules.js";
import { SITES } from "../platforms.js";
import { dateFromElement } from "./dates.js";
import { ownElements, outsideInteractive } from "./dom.js";
import { isSponsoredInstagram } from "./sponsored.js";

/**
 * @typedef {import("./fb-reader.js").PageItem} PageItem
 * @typedef {{now: Date, profiles: {instagram?: string|null}, pagePath?: string,
 *   privacy?: (handle: string) => "public"|"followers"|null}} IgContext
 */

/** Pathname of a link's href (relative or absolute). @param {Element} a */
function pathOf(a) {
  const href = a.getAttribute("href") ?? "";
  try {
    return new URL(href, SITES.instagram.home).pathname;
  } catch {
    return "";
  }
}

/** The account a post path belongs to ("/jane/p/x/" → "jane"), or null. */
function ownerFromPath(path) {
  const first = path.split("/").filter(Boolean)[0]?.toLowerCase();
  return first && !IG.reservedPaths.includes(first) ? first : null;
}

/** First profile link inside `scope`: "/jane.doe/" → "jane.doe". @param {Element} scope */
function authorIn(scope) {
  for (const a of scope.querySelectorAll("a[href]")) {
    const m = pathOf(a).match(IG.profileLink);
    if (m && !IG.reservedPaths.includes(m[1].toLowerCase())) return m[1].toLowerCase();
  }
  return null;
}

/** @param {Document} doc @param {IgContext} ctx @returns {{items: PageItem[], skipped: {reason: string}[]}} */
export function readInstagram(doc, ctx) {
  const items = [];
  const skipped = [];
  const seen = new Set();
  const own = ctx.profiles?.instagram ?? null;
  const pageOwner = ownerFromPath(ctx.pagePath ?? "");
  const audienceOf = (handle) => {
    const privacy = handle ? ctx.privacy?.(handle) : null;
    return privacy === "followers" ? "followers" : privacy === "public" ? "public" : "unknown";
  };
  const add = (raw, kind, handle, audience, created, root, anchor, position) => {
    if (seen.has(raw)) return;
    seen.add(raw);
    const author = own && handle === own ? "self" : "other";
    items.push({ raw, facts: { platform: "instagram", kind, audience, created_at: created, author, author_age: "unknown" }, root, anchor, position });
  };
  const postAudience = new Map(); // shortcode → audience, for the comments below it
  const articles = [...doc.querySelectorAll(IG.article)].filter((a) => !a.parentElement?.closest(IG.article));
  for (const article of articles) {
    if (isSponsoredInstagram(article)) { skipped.push({ reason: "sponsored" }); continue; }
    const timeLink = ownElements(article, "a[href]", IG.article).find((a) => IG.postLink.test(pathOf(a)) && a.querySelector("time"));
    const link = timeLink ?? [...article.querySelectorAll("a[href]")].find((a) => IG.postLink.test(pathOf(a)));
    if (!link) { skipped.push({ reason: "no-signal" }); continue; }
    const [, linkKind, code] = /** @type {RegExpMatchArray} */ (pathOf(link).match(IG.postLink)); // the link was picked by it
    const handle = authorIn(article) ?? ownerFromPath(pathOf(link));
    const audience = audienceOf(handle);
    postAudience.set(code, audience);
    const time = link.querySelector("time[datetime]") ?? article.querySelector("time[datetime]");
    add(`ig:post:${code}`, IG.kindOfLink[linkKind], handle, audience, time ? dateFromElement(time) : null, article, outsideInteractive(link, article), "after");
  }
  // The post page (no <article> since 2025): the time link to /<user>/p/<code>/ is the post.
  for (const time of doc.querySelectorAll("a[href] time[datetime]")) {
    const a = time.closest("a");
    const m = a && pathOf(a).match(IG.postLink);
    if (!a || !m || a.closest(IG.article)) continue;
    const handle = ownerFromPath(pathOf(a)) ?? pageOwner;
    const audience = audienceOf(handle);
    postAudience.set(m[2], audience);
    add(`ig:post:${m[2]}`, IG.kindOfLink[m[1]], handle, audience, dateFromElement(time), a.parentElement ?? a, a, "after");
  }
  for (const time of doc.querySelectorAll("a[href] time[datetime]")) {
    const a = time.closest("a");
    const m = a && pathOf(a).match(IG.commentLink);
    if (!a || !m) continue;
    const row = commentRow(a);
    const audience = postAudience.get(m[1]) ?? audienceOf(pageOwner);
    add(`ig:${m[3] ? "reply" : "comment"}:${m[3] ?? m[2]}`, m[3] ? "reply" : "comment", authorIn(row), audience, dateFromElement(time), row, a, "after");
  }
  for (const a of doc.querySelectorAll("a[href]")) {
    const m = pathOf(a).match(IG.postLink);
    if (!m || a.querySelector("time") || !a.querySelector(IG.media) || a.closest(IG.article)) continue;
    const handle = ownerFromPath(pathOf(a)) ?? pageOwner;
    add(`ig:post:${m[2]}`, IG.kindOfLink[m[1]], handle, audienceOf(handle), null, a.parentElement ?? a, a, "after");
  }
  return { items, skipped };
}

/** The comment's row: the highest ancestor that holds no other timestamp. @param {Element} link */
function commentRow(link) {
  let row = link;
  for (let p = link.parentElement; p && p.tagName !== "MAIN" && p !== p.ownerDocument.body; p = p.parentElement) {
    if (p.querySelectorAll("time").length > 1) break;
    row = p;
  }
  return row;
}
