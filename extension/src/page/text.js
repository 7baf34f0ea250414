// Text normalisation for matching page labels: invisible characters out, case and accents folded.
// Facebook salts labels with zero-width and combining characters (fb-ig-dom.md §6).

// U+034F (combining grapheme joiner) stands alone: inside the class it would read as combining with its neighbour.
// Bidirectional marks, embeddings and isolates (U+200E/F, U+202A–E, U+2066–9) wrap words on
// right-to-left pages: invisible too.
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\u034F/g;
// Digits other scripts write (Arabic-Indic, Persian, Devanagari, Bengali, Thai): each block's zero.
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x0e50];
const NATIVE_DIGIT = /[\u0660-\u0669\u06F0-\u06F9\u0966-\u096F\u09E6-\u09EF\u0E50-\u0E59]/g;
/** @param {string} d */
const asciiDigit = (d) => {
  const cp = /** @type {number} */ (d.codePointAt(0));
  return String(cp - /** @type {number} */ (DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9)));
};
// Printable ASCII and ASCII whitespace: NFKC, NFD and the invisible set leave such text as it is.
const PLAIN = /^[\t\n\r\x20-\x7e]*$/;

/** Visible text: NFKC, invisible characters removed, whitespace collapsed. @param {string|null|undefined} s */
export function cleanText(s) {
  const text = s ?? "";
  if (PLAIN.test(text)) return text.replace(/\s+/g, " ").trim();
  return text.normalize("NFKC").replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

const folded = new Map(); // labels repeat on every post ("Shared with Public"): fold each once
const FOLD_MEMO = 4000;

/** For comparisons: cleaned, accents removed, lower case, digits as ASCII ("٣ س" → "3 س"). @param {string|null|undefined} s */
export function fold(s) {
  const text = s ?? "";
  let out = folded.get(text);
  if (out === undefined) {
    out = PLAIN.test(text) ? cleanText(text).toLowerCase()
      : cleanText(text).normalize("NFD").replace(/\p{M}/gu, "").replace(NATIVE_DIGIT, asciiDigit).toLowerCase();
    if (text.length <= 200) {
      if (folded.size >= FOLD_MEMO) folded.clear();
      folded.set(text, out);
    }
  }
  return out;
}

/** Only the letters, folded: "-S--p-on-so-re-d-" → "sponsored". @param {string|null|undefined} s */
export function lettersOnly(s) {
  const text = s ?? "";
  if (PLAIN.test(text)) return text.replace(/[^A-Za-z]+/g, "").toLowerCase();
  return fold(text).replace(/[^\p{L}]/gu, "");
}

/** True when `needle`'s letters appear in order inside `hay` (decoy letters in between). */
export function isSubsequence(needle, hay) {
  let i = 0;
  for (const ch of hay) if (ch === needle[i]) i += 1;
  return i === needle.length;
}

/** Fold every label of a list once. @param {string[]} labels */
export function foldAll(labels) {
  return labels.map(fold);
}

/**
 * The accessible name the way assistive technology reads an icon: aria-label, then
 * aria-labelledby, then an SVG's <title>, then the title attribute.
 * @param {Element} el
 */
export function accessibleName(el) {
  const label = el.getAttribute("aria-label");
  if (label) return cleanText(label);
  const ids = el.getAttribute("aria-labelledby");
  if (ids) {
    const doc = el.ownerDocument;
    const text = ids.split(/\s+/).map((id) => doc.getElementById(id)?.textContent ?? "").join(" ");
    if (cleanText(text)) return cleanText(text);
  }
  /** @type {Element|null} */
  let title = null; // the first <title> child (":scope > title", without a selector query)
  for (let c = el.firstElementChild; c && !title; c = c.nextElementSibling) if (c.localName === "title") title = c;
  if (title?.textContent) return cleanText(title.textContent);
  return cleanText(el.getAttribute("title") ?? el.getAttribute("data-tooltip-content") ?? "");
}

/** @param {string} folded @param {string[]} foldedPrefixes */
export function startsWithAny(folded, foldedPrefixes) {
  return foldedPrefixes.some((p) => folded.startsWith(p));
}
