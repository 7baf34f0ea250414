// Audience: the accessible name of the icon beside a post's timestamp ("Shared with Public",
// "Geteilt mit: Freunde", an SVG <title>, a classic tooltip), and Comet's embedded
// `privacy_scope` JSON as a second, language-independent signal.

import { derived } from "./active-rules.js";
import { accessibleName, cleanText, fold, foldAll, startsWithAny } from "./text.js";

/** The audience words, folded, made again when the rules change (active-rules.js). */
const vocab = derived((r) => {
  const more = new Map(r.AUDIENCE_BY_VALUE);
  const extended = new Set(); // each value's extra words join its first (most specific) list only
  /** @type {Array<[string, string[]]>} */
  const words = r.AUDIENCE_WORDS.map(([audience, list]) => {
    const extra = extended.has(audience) ? [] : more.get(audience) ?? [];
    extended.add(audience);
    return [audience, foldAll([...list, ...extra])];
  });
  return {
    PREFIXES: foldAll([...r.AUDIENCE_PREFIXES, ...r.SHARED_WITH, ...r.EDIT_PRIVACY]),
    EDIT: foldAll(r.EDIT_PRIVACY),
    WORDS: words,
    EXACT: new Map(words.flatMap(([audience, list]) => list.map((w) => [w, audience]))),
    CUSTOM_FIRST: words[0][1],
    /** @type {Array<[string, string[]]>} */
    GROUP_WORDS: r.GROUP_HEADER_WORDS.map(([audience, list]) => [audience, foldAll(list)]),
    known: new Map(), // the same few labels sit on every post: each is read once
  };
});

// Elements that can carry the audience icon's name. Links are left out on purpose: a "Friends"
// tab in the top bar is not an audience.
// An image's alt counts only inside a button: the owner's "Edit privacy" button shows the audience
// as an icon whose alt is the audience word, beside its text.
export const ICON_SELECTOR = [
  '[role="img"][aria-label]', "i[aria-label]", "svg[aria-label]", "svg[title]", "svg[aria-labelledby]", "svg > title",
  "[data-tooltip-content]", '[role="button"][aria-label]', 'a[role="button"][aria-label]', '[role="button"] img[alt]',
].join(", ");

/**
 * Audience value for one accessible name, or null when the name is not an audience label.
 * @param {string} name
 */
export function audienceFromLabel(name) {
  const { known } = vocab();
  let audience = known.get(name);
  if (audience === undefined) {
    audience = readLabel(name);
    if (name.length <= 200) {
      if (known.size >= 2000) known.clear();
      known.set(name, audience);
    }
  }
  return audience;
}

function readLabel(name) {
  const { EXACT, CUSTOM_FIRST, PREFIXES, WORDS } = vocab();
  // Gender-inclusive forms ("ami(e)s", "amigo(a)s") read as the plain plural.
  const plain = fold(name).replace(/\((?:e|es|a|as|s)\)/g, "");
  const text = plain.replace(/[.:;,\u060C\u061B\u3001\u3002\uFF1A]+/g, " ").replace(/\s+/g, " ").trim();
  if (!text) return null;
  if (EXACT.has(text)) return EXACT.get(text);
  // "<anything>: <audience word>", in any language: the word after the last colon says it.
  const tail = plain.split(/[:\uFF1A]/).pop()?.replace(/[.;,]+/g, " ").trim() ?? "";
  if (tail !== text && EXACT.has(tail)) return EXACT.get(tail);
  if (CUSTOM_FIRST.some((w) => text.startsWith(w))) return "custom"; // classic "Friends; Except: …"
  if (!startsWithAny(text, PREFIXES)) return null;
  for (const [audience, words] of WORDS) if (words.some((w) => hasPhrase(text, w))) return audience;
  return null;
}

function hasPhrase(text, phrase) {
  const i = text.indexOf(phrase);
  if (i < 0) return false;
  const before = i === 0 ? " " : text[i - 1];
  return !/\p{L}/u.test(before);
}

/** True for icons whose accessible name is from an "Edit privacy" button: only the author sees it. */
export function isOwnPrivacyButton(el) {
  const button = el.localName === "img" ? el.closest('button, [role="button"]') : el;
  return Boolean(button) && (button.localName === "button" || button.getAttribute("role") === "button") && startsWithAny(fold(accessibleName(button)), vocab().EDIT);
}

/**
 * The first audience icon among `icons` (document order = the outer header first, so a shared
 * post's embedded original is not read).
 * @param {Element[]} icons elements matching ICON_SELECTOR
 * @returns {{audience: string, icon: Element}|null}
 */
export function audienceOfIcons(icons) {
  for (const el of icons) {
    const isTitle = el.localName === "title"; // an SVG's <title> child names its parent
    const name = isTitle ? cleanText(el.textContent) : el.localName === "img" ? cleanText(el.getAttribute("alt")) : accessibleName(el);
    const audience = audienceFromLabel(name);
    if (audience) return { audience, icon: (isTitle && el.parentElement) || el };
  }
  return null;
}

/** The audience a group page's header states ("Public group" / "Private group"), or null. @param {Document} doc */
export function groupPageAudience(doc) {
  const header = doc.querySelector('[role="main"]') ?? doc.body;
  if (!header) return null;
  for (const el of header.querySelectorAll("span, a")) {
    const text = fold(el.textContent);
    if (text.length > 40) continue;
    for (const [audience, words] of vocab().GROUP_WORDS) if (words.some((w) => text.startsWith(w))) return audience;
  }
  return null;
}

const SCOPE_RE = /"privacy_scope":\{"icon_image":\{"name":"([a-z_]+)"\},"description":"([^"]{1,80})"\},"id":"([A-Za-z0-9+/=]{8,120})"/g;

/**
 * Post ids → audience from Comet's embedded story JSON. The story id is base64 of
 * "S:_I<actor>:<post id>"; the post id is what the DOM permalinks carry.
 * @param {Document} doc
 * @returns {Map<string, string>}
 */
export function embeddedAudiences(doc) {
  const found = new Map();
  for (const script of doc.querySelectorAll("script:not([src])")) {
    const text = script.textContent ?? "";
    if (!text.includes('"privacy_scope"')) continue;
    for (const [, icon, description, storyId] of text.matchAll(SCOPE_RE)) {
      const audience = icon === "everyone" ? "public" : audienceFromLabel(description);
      const postId = decodeStoryId(storyId);
      if (audience && postId) found.set(postId, audience);
    }
  }
  return found;
}

function decodeStoryId(storyId) {
  try {
    const decoded = atob(storyId);
    return decoded.match(/:(\d+)$/)?.[1] ?? null;
  } catch {
    return null;
  }
}
