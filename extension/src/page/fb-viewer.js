// Who "self" is on a Facebook page: every handle the page names the signed-in person by, so their
// own posts are theirs whether their profile is a number (profile.php?id=) or a vanity address
// ("/jane.doe"). Ranked, independent signals, each from the page itself:
//   1. the session data: USER_ID ("id:<n>") and the viewer actor's profile address;
//   2. a navigation or top-bar link named with the session's NAME (the left rail's own entry);
//   3. the page is the person's own profile: its header offers "Edit profile".
// The handles stay in the page: only each item's own-or-other is ever sent.

import { derived, rules } from "./active-rules.js";
import { SITES } from "../platforms.js";
import { linkUrl } from "./dom.js";
import { handleFromUrl } from "./handles.js";
import { accessibleName, cleanText, fold } from "./text.js";

const USER_ID_RE = /"USER_ID":"(\d{5,20})"/;
const NAME_RE = /"NAME":"((?:[^"\\]|\\.){1,200})"/;
const ACTOR = '"viewer":{"actor":{';
const FIELD = (name) => new RegExp(`"${name}":"((?:[^"\\\\]|\\\\.){1,300})"`);
const URL_FIELD = FIELD("url");
const ID_FIELD = FIELD("id");

const editProfile = derived((r) => new Set(r.EDIT_PROFILE.map(fold)));

/** A JSON string literal's value, or null. @param {string} literal the text between the quotes */
function unquote(literal) {
  try {
    return JSON.parse(`"${literal}"`);
  } catch {
    return null;
  }
}

/** The flat fields of the object opening at `from`: the text up to its first nested object or its end. */
function flatFields(text, from) {
  const end = text.slice(from, from + 2000).search(/[{}]/);
  return text.slice(from, end < 0 ? from + 2000 : from + end);
}

/**
 * What the page's session data says of the signed-in person: their handles and their name (to
 * find their own link in the page). Empty when logged out.
 * @param {Document} doc @returns {{handles: string[], name: string|null}}
 */
export function sessionViewer(doc) {
  /** @type {string|null} */
  let id = null;
  /** @type {string|null} */
  let name = null;
  /** @type {Array<{handle: string, id: string|null}>} */
  const actors = [];
  for (const script of doc.scripts) {
    const text = script.src ? "" : script.textContent ?? "";
    if (id === null && text.includes('"USER_ID"')) {
      const m = text.match(USER_ID_RE);
      if (m && m[1] !== "0") {
        id = m[1];
        // The name sits in the same flat object (CurrentUserInitialData).
        const open = text.lastIndexOf("{", m.index);
        const named = flatFields(text, open + 1).match(NAME_RE);
        name = named ? unquote(named[1]) : null;
      }
    }
    for (let at = text.indexOf(ACTOR); at >= 0; at = text.indexOf(ACTOR, at + 1)) {
      const fields = flatFields(text, at + ACTOR.length);
      const url = fields.match(URL_FIELD);
      const actorId = fields.match(ID_FIELD);
      if (!url) continue;
      const handle = profileHandle(unquote(url[1]));
      if (handle) actors.push({ handle, id: actorId ? unquote(actorId[1]) : null });
    }
  }
  if (!id) return { handles: [], name: null }; // logged out: the page's viewer is no one
  // The actors' own addresses; one with another id than the signed-in person's is not them.
  const handles = new Set([`id:${id}`, ...actors.filter((a) => a.id === null || a.id === id).map((a) => a.handle)]);
  return { handles: [...handles].sort(), name: name && cleanText(name) };
}

/** @param {URL} url */
const platformHandle = (url) => handleFromUrl("facebook", url);

/** The profile an address in the session data names, or null. @param {string|null} address */
function profileHandle(address) {
  if (!address) return null;
  try {
    return platformHandle(new URL(address, SITES.facebook.home));
  } catch {
    return null;
  }
}

/**
 * The handle of the person's own entry in the navigation or top bar: a profile link whose text or
 * accessible name is the session's name. Null when the name is unknown or no such link is shown.
 * @param {Document} doc @param {string|null} name
 */
export function navigationSelf(doc, name) {
  if (!name) return null;
  const wanted = fold(name);
  for (const a of doc.querySelectorAll(rules().FB.viewerLinks)) {
    if (fold(a.textContent) !== wanted && fold(a.getAttribute("aria-label")) !== wanted) continue;
    const url = linkUrl(a);
    const handle = url && platformHandle(url);
    if (handle) return handle;
  }
  return null;
}

/**
 * The handle of the profile the page is about when it is the person's own: its header (outside
 * every post) offers "Edit profile". Only asked on a profile's address.
 * @param {Document} doc @param {string} path
 */
export function ownProfileHandle(doc, path) {
  const handle = platformHandle(new URL(path, SITES.facebook.home));
  if (!handle || handle.startsWith("id:")) return null; // numeric profiles are known by USER_ID
  const main = doc.querySelector('[role="main"]') ?? doc.body;
  if (!main) return null;
  const posts = `${rules().FB.article}, ${rules().FB.feed}`;
  for (const el of main.querySelectorAll(rules().FB.profileButtons)) {
    if (el.closest(posts)) break; // the header comes before the posts: a post's buttons end it
    const label = fold(accessibleName(el) || el.textContent);
    if (label.length <= 60 && editProfile().has(label)) return handle;
  }
  return null;
}
