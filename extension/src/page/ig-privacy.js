// Instagram account privacy: "public" or "followers" (private account), or null when the page
// does not say. Signals, most direct first: the private-account notice on that account's profile
// page; the page's embedded user JSON — read only from the object whose "username" is that
// account, since the same JSON also describes the signed-in viewer; and, for the profile the page
// is about, its grid on show to a viewer who does not follow it (a private account shows its
// notice, not its posts, to a non-follower). The same JSON gives the owner and date of the item
// the page's address names (embeddedMedia).

import { derived } from "./active-rules.js";
import { fold, foldAll } from "./text.js";

const notices = derived((r) => foldAll([...r.IG.privateAccountTexts, ...r.PRIVATE_ACCOUNT]));
const FLAG_RE = /\\?"is_private\\?":(true|false)/g;
const USER_RE = /\\?"username\\?":\\?"([A-Za-z0-9._]{1,30})\\?"/;
const WINDOW = 4000;
const MEDIA_WINDOW = 40_000; // a media object (caption, versions, tags) runs to ~15 000 characters

/** Does the profile page show the private-account notice? @param {Document} doc */
export function showsPrivateNotice(doc) {
  for (const el of doc.querySelectorAll("h1, h2, span")) {
    const text = fold(el.textContent);
    if (text.length < 60 && notices().some((n) => text.startsWith(n))) return true;
  }
  return false;
}

/** The enclosing JSON object's text around index `at` (brace counting, bounded). */
function objectAround(text, at, window = WINDOW) {
  let depth = 0;
  let start = at;
  for (let i = at; i >= Math.max(0, at - window); i -= 1) {
    if (text[i] === "}") depth += 1;
    else if (text[i] === "{") { if (depth === 0) { start = i; break; } depth -= 1; }
  }
  depth = 0;
  let end = at;
  for (let i = at; i < Math.min(text.length, at + window); i += 1) {
    if (text[i] === "{") depth += 1;
    else if (text[i] === "}") { if (depth === 0) { end = i; break; } depth -= 1; }
  }
  return text.slice(start, end + 1);
}

/** An object's own fields: nested objects (an "owner", a "viewer") are cut out. @param {string} obj */
function ownFields(obj) {
  let inner = obj.slice(1, -1);
  for (let i = 0; i < 20 && /\{[^{}]*\}/.test(inner); i += 1) inner = inner.replace(/\{[^{}]*\}/g, "");
  return inner;
}

/** handle → privacy from the embedded JSON of all scripts. @param {Document} doc */
export function embeddedPrivacy(doc) {
  const found = new Map();
  for (const script of doc.querySelectorAll("script:not([src])")) {
    const text = script.textContent ?? "";
    if (!text.includes("is_private")) continue;
    for (const m of text.matchAll(FLAG_RE)) {
      const user = ownFields(objectAround(text, m.index)).match(USER_RE)?.[1]?.toLowerCase();
      if (user && !found.has(user)) found.set(user, m[1] === "true" ? "followers" : "public");
    }
  }
  return found;
}

/**
 * What the page's embedded data says of the item whose shortcode the page's address names: its
 * owner and its date (`taken_at`, unix seconds). Null when the page carries no such object.
 * @param {Document} doc @param {string} code
 * @returns {{owner: string, takenAt: number|null}|null}
 */
export function embeddedMedia(doc, code) {
  const needle = `"code":"${code}"`;
  for (const script of doc.querySelectorAll("script:not([src])")) {
    const text = script.textContent ?? "";
    const at = text.indexOf(needle);
    if (at < 0) continue;
    let media;
    try {
      media = JSON.parse(objectAround(text, at, MEDIA_WINDOW));
    } catch {
      continue; // a brace inside a string, or an object longer than the window
    }
    const owner = media?.user?.username ?? media?.owner?.username;
    if (typeof owner !== "string") continue;
    const takenAt = Number.isSafeInteger(media.taken_at) ? media.taken_at : null;
    return { owner: owner.toLowerCase(), takenAt };
  }
  return null;
}

/**
 * A privacy lookup for one scan: the notice and the grid count for the profile the page is
 * about; the JSON map comes from `json()`, which the caller memoises across scans.
 * @param {Document} doc @param {string|null} pageOwner @param {() => Map<string, "public"|"followers">} json
 * @param {() => boolean} [openToNonFollower] the profile's grid is on show to a viewer who does not follow it
 * @returns {(handle: string|null) => "public"|"followers"|null}
 */
export function privacyLookup(doc, pageOwner, json, openToNonFollower = () => false) {
  /** @type {boolean|null} */
  let notice = null;
  /** @type {boolean|null} */
  let open = null;
  return (handle) => {
    if (!handle) return null;
    const owner = handle === pageOwner;
    if (owner) {
      notice ??= showsPrivateNotice(doc);
      if (notice) return "followers";
    }
    const stated = json().get(handle);
    if (stated) return stated;
    if (owner) {
      open ??= openToNonFollower();
      if (open) return "public";
    }
    return null;
  };
}
