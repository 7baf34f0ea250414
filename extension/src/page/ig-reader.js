// Instagram: posts (feed articles, the post page, profile-grid tiles, a viewer's units) and
// comments. Posts carry no audience icon; the audience is the author account's privacy (private →
// followers), from ig-privacy.js. Signals, each tried where the one before finds nothing:
//   1. a top-level <article> with one post's permalink is that post; an <article> holding the
//      permalinks of several posts is a grid (the older profile page), and its tiles are items;
//   2. a timestamp link to /<user>/p/<code>/ outside any article (the post page since 2025);
//   3. comment timestamp links (/p/<code>/c/<id>/);
//   4. tiles: a permalink wrapping media;
//   5. a viewer's unit with no permalink (the Reels viewer): the largest block around one video
//      that names its author.
// A link to "#" or ending in "#" is navigation, never an item. Dates: the item's own
// time[datetime], else the date its photo's generated description states, else (for the unit the
// page's address names) the page's data for that item; else unknown.

import { derived, rules } from "./active-rules.js";
import { dateFromElement, writtenDate } from "./dates.js";
import { climb, outsideInteractive, ownElements } from "./dom.js";
import { igPath, ownerFromPath } from "./ig-profile.js";
import { igPostOf, igProfileOf } from "./links.js";
import { isSponsoredInstagram } from "./sponsored.js";
import { fold } from "./text.js";

/**
 * @typedef {import("./fb-reader.js").PageItem} PageItem
 * @typedef {{now: Date, profiles: {instagram?: string|null},
 *   owner?: string|null, self?: string|null, unitKind?: string|null,
 *   addressed?: () => {code: string, owner: string, date: string|null}|null,
 *   privacy?: (handle: string|null) => "public"|"followers"|null}} IgContext
 *   owner: the account whose content the page shows (the author when an item names none);
 *   self: the page owner, when the page is the person's own profile; unitKind: the kind of a
 *   viewer page's units, from its address; addressed: the item the address names, as the
 *   page's embedded data describes it.
 */

const datedAlt = derived((r) => r.IG.mediaAltDated.map(fold));

/** First profile link inside `scope`: "/jane.doe/", "/jane.doe/reels/" → "jane.doe". @param {Element} scope */
function authorLinkIn(scope) {
  for (const a of scope.querySelectorAll("a[href]")) {
    const handle = igProfileOf(igPath(a));
    if (handle) return { a, handle };
  }
  return null;
}
const authorIn = (scope) => authorLinkIn(scope)?.handle ?? null;

/** The post a link names (links.js), or null. @param {Element} a */
const postOf = (a) => igPostOf(igPath(a));

/** The date a photo's generated description states ("Photo by Jane on October 31, 2021."). @param {Element} scope */
function altDate(scope) {
  for (const img of scope.querySelectorAll("img[alt]")) {
    const alt = img.getAttribute("alt") ?? "";
    if (datedAlt().some((lead) => fold(alt.slice(0, 40)).startsWith(lead))) {
      const date = writtenDate(alt.split(/\.\s/)[0]);
      if (date) return date;
    }
  }
  return null;
}

/**
 * The item's own date: the time in its permalink; else the one time in its root that no comment
 * or other post's link holds; else its photo's description; else unknown.
 * @param {Element} root @param {Element|null} link
 */
function ownDate(root, link) {
  const inLink = link?.querySelector("time[datetime]");
  if (inLink) return dateFromElement(inLink);
  const free = [...root.querySelectorAll("time[datetime]")].filter((t) => {
    const a = t.closest("a[href]");
    return !a || !root.contains(a) || (!rules().IG.commentLink.test(igPath(a)) && !postOf(a));
  });
  if (free.length === 1) return dateFromElement(free[0]);
  return altDate(root);
}

/** @param {Document} doc @param {IgContext} ctx @returns {{items: PageItem[], skipped: {reason: string}[]}} */
export function readInstagram(doc, ctx) {
  /** @type {PageItem[]} */
  const items = [];
  const skipped = [];
  const seen = new Set();
  const selves = new Set([ctx.profiles?.instagram, ctx.self].filter(Boolean));
  const pageOwner = ctx.owner ?? null;
  const audienceOf = (handle) => ctx.privacy?.(handle) ?? "unknown";
  const add = (raw, kind, handle, audience, created, root, anchor) => {
    if (seen.has(raw)) return;
    seen.add(raw);
    const author = handle && selves.has(handle) ? "self" : "other";
    items.push({ raw, facts: { platform: "instagram", kind, audience, created_at: created, author, author_age: "unknown" }, root, anchor, position: "after" });
  };
  const postAudience = new Map(); // shortcode → audience, for the comments below it
  /** @type {Element[]} */
  const posts = []; // articles read as one post: the links inside them are not tiles
  const articles = [...doc.querySelectorAll(rules().IG.article)].filter((a) => !a.parentElement?.closest(rules().IG.article));
  for (const article of articles) {
    if (isSponsoredInstagram(article)) { skipped.push({ reason: "sponsored" }); continue; }
    const links = ownElements(article, "a[href]", rules().IG.article).filter((a) => postOf(a));
    const timeLink = links.find((a) => a.querySelector("time"));
    if (!timeLink && new Set(links.map((a) => postOf(a)?.code)).size > 1) continue; // a grid: its tiles are read below
    const link = timeLink ?? links[0] ?? [...article.querySelectorAll("a[href]")].find((a) => postOf(a));
    if (!link) { skipped.push({ reason: "no-signal" }); continue; }
    const { kind, code } = /** @type {{kind: string, code: string}} */ (postOf(link)); // the link was picked by it
    const handle = authorIn(article) ?? ownerFromPath(igPath(link)) ?? pageOwner;
    const audience = audienceOf(handle);
    postAudience.set(code, audience);
    posts.push(article);
    add(`ig:post:${code}`, kind, handle, audience, ownDate(article, link), article, outsideInteractive(link, article));
  }
  // The post page (no <article> since 2025): the time link to /<user>/p/<code>/ is the post.
  for (const time of doc.querySelectorAll("a[href] time[datetime]")) {
    const a = time.closest("a");
    const m = a && postOf(a);
    if (!a || !m || a.closest(rules().IG.article)) continue;
    const handle = ownerFromPath(igPath(a)) ?? pageOwner;
    const audience = audienceOf(handle);
    postAudience.set(m.code, audience);
    add(`ig:post:${m.code}`, m.kind, handle, audience, dateFromElement(time), a.parentElement ?? a, a);
  }
  for (const time of doc.querySelectorAll("a[href] time[datetime]")) {
    const a = time.closest("a");
    const m = a && igPath(a).match(rules().IG.commentLink);
    if (!a || !m) continue;
    const row = commentRow(a);
    const audience = postAudience.get(m[1]) ?? audienceOf(pageOwner);
    add(`ig:${m[3] ? "reply" : "comment"}:${m[3] ?? m[2]}`, m[3] ? "reply" : "comment", authorIn(row), audience, dateFromElement(time), row, a);
  }
  for (const a of doc.querySelectorAll("a[href]")) {
    const m = postOf(a);
    if (!m || a.querySelector("time") || !a.querySelector(rules().IG.media) || posts.some((p) => p.contains(a))) continue;
    const handle = ownerFromPath(igPath(a)) ?? pageOwner;
    add(`ig:post:${m.code}`, m.kind, handle, audienceOf(handle), altDate(a), a.parentElement ?? a, a);
  }
  if (ctx.unitKind) readUnits(doc, ctx, items, add, audienceOf);
  return { items, skipped };
}

/**
 * A viewer's units without permalinks (the Reels viewer, 2026): each playing medium, climbed to
 * the largest block that holds no other, is a unit when it names its author and holds no item
 * already read. Its key is its permalink when it has one; else, when it is the only unit by the
 * author of the item the page's address names, that item's; else its medium's address.
 * @param {Document} doc @param {IgContext} ctx @param {PageItem[]} items
 * @param {Function} add @param {(handle: string|null) => string} audienceOf
 */
function readUnits(doc, ctx, items, add, audienceOf) {
  const main = doc.querySelector("main") ?? doc.body;
  const media = [...main.querySelectorAll(rules().IG.unitMedia)].filter((v) => !v.closest(`${rules().IG.article}, a[href]`));
  const units = [];
  for (const medium of media) {
    const unit = climb(medium, (el) => el.querySelectorAll(rules().IG.unitMedia).length === 1, rules().IG.stopRoles);
    if (unit === medium || items.some((i) => unit.contains(i.anchor) || i.root.contains(unit))) continue;
    const author = authorLinkIn(unit);
    if (author) units.push({ medium, unit, author });
  }
  const addressed = units.length ? ctx.addressed?.() ?? null : null;
  const byAuthor = new Map();
  for (const { author } of units) byAuthor.set(author.handle, (byAuthor.get(author.handle) ?? 0) + 1);
  const nth = new Map();
  for (const { medium, unit, author } of units) {
    const n = (nth.get(author.handle) ?? 0) + 1;
    nth.set(author.handle, n);
    const codes = new Set([...unit.querySelectorAll("a[href]")].map((a) => postOf(a)?.code).filter(Boolean));
    const named = codes.size === 0 && addressed?.owner === author.handle && byAuthor.get(author.handle) === 1 ? addressed : null;
    const src = (medium.getAttribute("src") ?? "").match(/^https?:\/\/[^?#]+/)?.[0];
    const code = codes.size === 1 ? [...codes][0] : named?.code;
    const raw = code ? `ig:post:${code}` : `ig:unit:${src ?? `${author.handle}#${n}`}`;
    const date = ownDate(unit, null) ?? named?.date ?? null;
    add(raw, ctx.unitKind, author.handle, audienceOf(author.handle), date, unit, outsideInteractive(author.a, unit));
  }
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
