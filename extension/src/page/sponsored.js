// Sponsored items (ads) are skipped: they are not people's content. Facebook obfuscates the
// label (letters split into spans with decoy dashes, SVG <use> → <text>), so the label is also
// matched on its letters alone, in order, inside the timestamp slot's placeholder link.

import { derived } from "./active-rules.js";
import { cleanText, isSubsequence, lettersOnly } from "./text.js";

/** The "Sponsored" labels as letters, made again when the rules change. */
const labels = derived((r) => {
  const all = [...r.SPONSORED_LABELS, ...r.SPONSORED].map(lettersOnly);
  return { LABELS: all, LONG_LABELS: all.filter((l) => l.length >= 5) };
});
const HEADER_SPANS = 12;
// Paths only ads link to. `attributionsrc` is not one: since 2024 Facebook sets it on the links of
// ordinary posts too, so alone it says nothing.
const AD_PATHS = ["/ads/about", "/ads/preferences", "/ads/library", "/ad_preferences"];
const AD_PATH = new RegExp(AD_PATHS.join("|")); // one search per link, not one per path (no special characters in them)

/**
 * Letters of an element, with SVG <use href="#id"> replaced by the text it points to.
 * @param {Element} el @param {string} text its textContent @param {boolean} uses whether any <use> may be inside
 */
function slotLetters(el, text, uses) {
  if (!uses) return lettersOnly(text);
  for (const use of el.querySelectorAll("use")) {
    const ref = use.getAttribute("href") ?? use.getAttribute("xlink:href") ?? "";
    if (ref.startsWith("#")) text += el.ownerDocument.getElementById(ref.slice(1))?.textContent ?? "";
  }
  return lettersOnly(text);
}

/** Letters that spell a label exactly, or a long label with decoy letters in between. @param {string} letters */
export function spellsSponsored(letters) {
  if (!letters || letters.length > 40) return false;
  if (labels().LABELS.includes(letters)) return true;
  return labels().LONG_LABELS.some((l) => letters.length <= l.length * 3 && isSubsequence(l, letters));
}

/**
 * Facebook: ad-only links (ad library, "Why am I seeing this ad?"), a link labelled or reading "Sponsored", or the
 * placeholder link (href "#" or none) whose letters spell it among decoys.
 * @param {Element} root @param {Element[]} links the root's own <a> elements
 */
export function isSponsoredFacebook(root, links) {
  let uses; // does any link of the root hold an SVG <use>? (one query for the root, not one per link)
  for (const a of links) {
    const href = a.getAttribute("href") ?? "";
    if (AD_PATH.test(href)) return true;
    const label = a.getAttribute("aria-label");
    if (label && labels().LABELS.includes(lettersOnly(label))) return true;
    const text = a.textContent ?? "";
    // A hashtag such as #ad is the author's text ("#" or a form NFKC folds into it).
    if (text.length > 400 || (/[#\uFE5F\uFF03]/.test(text) && cleanText(text).startsWith("#"))) continue;
    uses ??= root.querySelector("a use") !== null;
    const letters = slotLetters(a, text, uses);
    if (labels().LONG_LABELS.includes(letters)) return true;
    if ((href === "" || href === "#") && spellsSponsored(letters)) return true;
  }
  return false;
}

/**
 * Instagram: a short span whose text, zero-width padding removed, is the label; the two-letter
 * "Ad" only in the header (the first few spans), so a comment saying "ad" is not taken for one.
 * @param {Element} root
 */
export function isSponsoredInstagram(root) {
  let index = 0;
  for (const el of root.querySelectorAll("span")) {
    index += 1;
    const text = cleanText(el.textContent);
    if (text.length === 0 || text.length > 24) continue;
    const letters = lettersOnly(text);
    if (labels().LONG_LABELS.includes(letters) || (index <= HEADER_SPANS && labels().LABELS.includes(letters))) return true;
  }
  return false;
}
