// Instagram page-level signals: which account a page is about, whether it is the person's own
// profile ("Edit profile" in its header), whether the viewer follows it ("Follow" in its header)
// and whether its grid is on show. Words and selectors are data (page-rules.js).

import { derived, rules } from "./active-rules.js";
import { SITES } from "../platforms.js";
import { fold } from "./text.js";

/** The header's button words, folded, made again when the rules change. */
const buttons = derived((r) => ({ EDIT: new Set(r.EDIT_PROFILE.map(fold)), FOLLOWS: new Set(r.FOLLOW.map(fold)) }));

/**
 * A link's pathname; "" for none and for in-page navigation: "#" or an address ending in "#"
 * ("/reels/x/#") is a button dressed as a link, never an item's permalink.
 * @param {Element} a
 */
export function igPath(a) {
  const href = a.getAttribute("href") ?? "";
  if (!href || href.endsWith("#")) return "";
  try {
    return new URL(href, SITES.instagram.home).pathname;
  } catch {
    return "";
  }
}

/** The account a path starts with ("/jane/p/x/" → "jane"), or null for reserved roots. @param {string} path */
export function ownerFromPath(path) {
  const first = path.split("/").filter(Boolean)[0]?.toLowerCase();
  return first && !rules().IG.reservedPaths.includes(first) ? first : null;
}

/** The account a profile page is about: "/jane/", "/jane/reels/", "/jane/tagged/" → "jane". @param {string} path */
export function profileOwner(path) {
  const [first, second, third] = path.split("/").filter(Boolean);
  if (!first || third || rules().IG.reservedPaths.includes(first.toLowerCase())) return null;
  return !second || ["reels", "tagged"].includes(second) ? first.toLowerCase() : null;
}

/**
 * The account that wrote what the page shows, the author when an item names none: a profile's
 * own tabs, and a post page under its author's name ("/jane/p/x/"). Not "tagged" or "saved".
 * @param {string} path
 */
export function contentOwner(path) {
  const owner = ownerFromPath(path);
  const second = path.split("/").filter(Boolean)[1];
  if (!owner) return null;
  return (profileOwner(path) && rules().IG.ownerTabs.includes(second ?? "")) || rules().IG.postLink.test(path) ? owner : null;
}

/** The shortcode of the item the page's address names ("/reels/x/", "/jane/p/x/" → "x"), or null. @param {string} path */
export function addressedCode(path) {
  return path.match(rules().IG.postLink)?.[2] ?? null;
}

/** The kind of a viewer page's units, from its address ("/reels/", "/reel/x/" → "reel"), or null. @param {string} path */
export function unitKindOf(path) {
  const m = path.match(rules().IG.postLink);
  if (m) return rules().IG.kindOfLink[m[1]];
  return rules().IG.reelsViewer.test(path) ? "reel" : null;
}

/**
 * The profile header's own controls with their folded labels. Controls in lists (suggested
 * accounts, counts) are not the profile's.
 * @param {Document} doc
 */
function headerControls(doc) {
  const header = doc.querySelector(rules().IG.profileHeader);
  if (!header) return [];
  return [...header.querySelectorAll(rules().IG.headerButtons)]
    .filter((el) => !el.closest("li"))
    .map((el) => ({ el, label: fold(el.getAttribute("aria-label") || el.textContent) }));
}

/** The page is the signed-in person's own profile: its header offers "Edit profile". @param {Document} doc */
export function isOwnProfile(doc) {
  return headerControls(doc).some(({ el, label }) => buttons().EDIT.has(label) || (el.tagName === "A" && rules().IG.editProfileLink.test(igPath(el))));
}

/** The viewer does not follow the profile: its header offers "Follow". @param {Document} doc */
export function viewerNotFollowing(doc) {
  return headerControls(doc).some(({ label }) => buttons().FOLLOWS.has(label));
}

/** The profile's posts are on show: a post link with media in the main part, outside the header. @param {Document} doc */
export function showsGrid(doc) {
  const main = doc.querySelector("main") ?? doc.body;
  return [...main.querySelectorAll("a[href]")].some((a) => rules().IG.postLink.test(igPath(a)) && a.querySelector(rules().IG.media) && !a.closest("header"));
}
