// "This page looks wrong": the page as shapes only, so the rules can be fixed from a report
// without anyone's data. Kept: tag names, ARIA roles (from ARIA's own list), attribute NAMES
// (never values; names with digits are dropped, as a site could put an id in one), the kind of
// each link as the reader reads it (links.js: post, profile, comment…), how many text nodes an element holds,
// and runs of identical siblings as one node with a count. Never text, values, URLs or images.
// The service checks every field against the same patterns (api/page_reports/schemas.py).

import { SITES, platformOf } from "../platforms.js";
import { rules, rulesVersion } from "./active-rules.js";
import { linkKind } from "./links.js";

export const MAX_NODES = 4000;
export const MAX_DEPTH = 40;
const MAX_ATTRS = 40;
const TAG_RE = /^[a-z][a-z0-9-]{0,31}$/;
const NAME_RE = /^[a-z][a-z-]{0,40}$/;
const WORD_RE = /^[a-z_]{1,32}$/;
const SKIPPED_TAGS = new Set(["script", "style", "noscript", "template", "link", "meta"]);
const LEAF_TAGS = new Set(["svg", "iframe", "video", "audio", "canvas", "object", "embed", "picture"]);
// WAI-ARIA 1.2 roles: a role outside this list is the page's own word and is left out.
const ARIA_ROLES = new Set(("alert alertdialog application article banner blockquote button caption cell checkbox code "
  + "columnheader combobox complementary contentinfo definition deletion dialog directory document emphasis feed figure "
  + "form generic grid gridcell group heading img insertion link list listbox listitem log main marquee math menu menubar "
  + "menuitem menuitemcheckbox menuitemradio meter navigation none note option paragraph presentation progressbar radio "
  + "radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton status strong subscript "
  + "superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree treegrid treeitem").split(" "));
// Path words kept in the page's path shape besides the rules' reserved roots; every other segment is "*".
const PATH_WORDS = ["posts", "permalink", "videos", "photos", "about", "reels", "tagged", "friends", "c", "r", "p", "tv", "profile.php"];

/**
 * What a link is, as the reader reads it (links.js): never the link itself.
 * @param {string} href @param {string} base the page's address
 * @returns {string}
 */
export function linkShape(href, base) {
  if (!href || href.startsWith("#")) return "hash";
  let url;
  try {
    url = new URL(href, base);
  } catch {
    return "other";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "other";
  const platform = platformOf(url.hostname);
  return platform ? linkKind(platform, url) : "external";
}

/** The page's path with only the site's own words kept: "/groups/123/posts/456/" → "/groups/*\/posts/*\/". @param {string} path */
export function pathShape(path) {
  const { FB, IG } = rules();
  const words = new Set([...FB.reservedPaths, ...IG.reservedPaths, ...PATH_WORDS]);
  const kept = path.split("/").map((segment, i) => {
    if (i === 0 || segment === "") return segment;
    const word = segment.toLowerCase();
    return words.has(word) && /^[a-z_]{1,20}(\.php)?$/.test(word) ? word : "*";
  });
  return kept.join("/").slice(0, 200) || "/";
}

/**
 * The shape of `root` and everything in it, at most MAX_NODES nodes and MAX_DEPTH levels (what is
 * left out is counted in `more`).
 * @param {Element} root @param {{base?: string}} [options] base: the page's address, for links
 */
export function pageShape(root, { base = SITES.facebook.home } = {}) {
  let budget = MAX_NODES;

  /** @param {Element} el @param {number} depth @returns {any} */
  function shapeOf(el, depth) {
    budget -= 1;
    const tag = el.localName.toLowerCase();
    /** @type {any} */
    const node = { t: TAG_RE.test(tag) ? tag : "unknown" };
    const role = (el.getAttribute("role") ?? "").trim().toLowerCase().split(/\s+/)[0];
    if (ARIA_ROLES.has(role)) node.r = role;
    const names = [...new Set(Array.from(el.attributes, (a) => a.name.toLowerCase()).filter((n) => NAME_RE.test(n)))].sort();
    if (names.length) node.k = names.slice(0, MAX_ATTRS);
    if (tag === "a" && el.hasAttribute("href")) node.h = linkShape(el.getAttribute("href") ?? "", base);
    let texts = 0;
    for (const child of el.childNodes) if (child.nodeType === 3 && (child.nodeValue ?? "").trim()) texts += 1;
    if (texts) node.x = texts;
    const children = Array.from(el.children).filter((c) => !SKIPPED_TAGS.has(c.localName.toLowerCase()));
    if (!children.length) return node;
    if (LEAF_TAGS.has(tag) || depth >= MAX_DEPTH) {
      node.more = el.getElementsByTagName("*").length;
      return node;
    }
    /** @type {any[]} */
    const shapes = [];
    let last = "";
    for (let i = 0; i < children.length; i += 1) {
      if (budget <= 0) {
        node.more = (node.more ?? 0) + children.slice(i).reduce((sum, c) => sum + 1 + c.getElementsByTagName("*").length, 0);
        break;
      }
      const shape = shapeOf(children[i], depth + 1);
      const key = JSON.stringify(shape);
      if (key === last) shapes[shapes.length - 1].n = (shapes[shapes.length - 1].n ?? 1) + 1;
      else { shapes.push(shape); last = key; }
    }
    if (shapes.length) node.c = shapes;
    return node;
  }

  return shapeOf(root, 1);
}

/**
 * What the reader found, as counts (readPage's answer).
 * @param {{items: Array<{facts: import("../messages.js").Fact}>, skipped: Array<{reason: string}>}} read
 */
export function foundCounts(read) {
  /** @type {(map: Record<string, number>, key: string) => void} */
  const add = (map, key) => { map[key] = (map[key] ?? 0) + 1; };
  const found = { items: read.items.length, kinds: {}, audiences: {}, authors: {}, dated: 0, skipped: {} };
  for (const { facts } of read.items) {
    add(found.kinds, facts.kind);
    add(found.audiences, WORD_RE.test(facts.audience) ? facts.audience : "other");
    add(found.authors, facts.author);
    if (facts.created_at) found.dated += 1;
  }
  for (const { reason } of read.skipped) {
    const word = String(reason).replace(/-/g, "_");
    add(found.skipped, WORD_RE.test(word) ? word : "other");
  }
  return found;
}

/**
 * The whole report: the rules version, the platform, the path's shape, the page's shape, and
 * what the reader found.
 * @param {Document} doc @param {{read: Parameters<typeof foundCounts>[0], hostname: string, pathname: string}} options
 */
export function pageReport(doc, { read, hostname, pathname }) {
  const platform = platformOf(hostname) ?? "facebook";
  return {
    rules_version: rulesVersion(),
    platform,
    path_shape: pathShape(pathname),
    shape: pageShape(doc.body ?? doc.documentElement, { base: SITES[platform].home }),
    found: foundCounts(read),
  };
}
