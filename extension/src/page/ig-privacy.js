// Instagram account privacy: "public" or "followers" (private account), or null when the page
// does not say. Two signals: the private-account notice on that account's profile page, and the
// page's embedded user JSON — read only from the object whose "username" is that account, since
// the same JSON also describes the signed-in viewer.

import { IG } from "../page-rules.js";
import { fold, foldAll } from "./text.js";

const NOTICES = foldAll(IG.privateAccountTexts);
const FLAG_RE = /\\?"is_private\\?":(true|false)/g;
const USER_RE = /\\?"username\\?":\\?"([A-Za-z0-9._]{1,30})\\?"/;
const WINDOW = 4000;

/** Does the profile page show the private-account notice? @param {Document} doc */
export function showsPrivateNotice(doc) {
  for (const el of doc.querySelectorAll("h1, h2, span")) {
    const text = fold(el.textContent);
    if (text.length < 60 && NOTICES.some((n) => text.startsWith(n))) return true;
  }
  return false;
}

/** The enclosing JSON object's text around index `at` (brace counting, bounded). */
function objectAround(text, at) {
  let depth = 0;
  let start = at;
  for (let i = at; i >= Math.max(0, at - WINDOW); i -= 1) {
    if (text[i] === "}") depth += 1;
    else if (text[i] === "{") { if (depth === 0) { start = i; break; } depth -= 1; }
  }
  depth = 0;
  let end = at;
  for (let i = at; i < Math.min(text.length, at + WINDOW); i += 1) {
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
 * A privacy lookup for one scan: the notice counts for the profile the page is about; the JSON
 * map comes from `json()`, which the caller memoises across scans.
 * @param {Document} doc @param {string|null} pageOwner @param {() => Map<string, "public"|"followers">} json
 * @returns {(handle: string) => "public"|"followers"|null}
 */
export function privacyLookup(doc, pageOwner, json) {
  /** @type {boolean|null} */
  let notice = null;
  return (handle) => {
    if (handle && handle === pageOwner) {
      notice ??= showsPrivateNotice(doc);
      if (notice) return "followers";
    }
    return json().get(handle) ?? null;
  };
}
