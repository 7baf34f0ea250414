// Item keys: FNV-1a (64-bit) of a per-install salt and the raw signal (permalink id, shortcode or
// position). Only the hash leaves the page, never the URL or id it was made from. Computed on two
// 32-bit halves (no BigInt: a page of 1,000 posts hashes in well under a millisecond); the salt's
// part of the state is computed once per salt.

const PRIME_LOW = 0x1b3; // the FNV prime is 2^40 + 0x1b3
const encoder = new TextEncoder();
const prefixes = new Map(); // salt → the state after "salt|"

/** Feed `text`'s UTF-8 bytes into the state [high, low] (one loop, no call per byte: it runs cold). */
function feed(state, text) {
  let [high, low] = state;
  /** @type {Uint8Array|null} */
  let bytes = null;
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    const byte = text.charCodeAt(i);
    if (byte >= 0x80) { // not ASCII: hash the UTF-8 bytes of the rest
      bytes = encoder.encode(text.slice(i));
      break;
    }
    low = (low ^ byte) >>> 0;
    const product = low * PRIME_LOW; // < 2^41: exact
    high = (high * PRIME_LOW + Math.floor(product / 0x100000000) + (low << 8)) >>> 0; // × 2^40 moves low into high
    low = product >>> 0;
  }
  if (bytes) {
    for (const byte of bytes) {
      low = (low ^ byte) >>> 0;
      const product = low * PRIME_LOW;
      high = (high * PRIME_LOW + Math.floor(product / 0x100000000) + (low << 8)) >>> 0;
      low = product >>> 0;
    }
  }
  state[0] = high;
  state[1] = low;
  return state;
}

const hex = (state) => state[0].toString(16).padStart(8, "0") + state[1].toString(16).padStart(8, "0");

/** 16 hex digits. @param {string} text */
export function fnv1a64(text) {
  return hex(feed([0xcbf29ce4, 0x84222325], text));
}

/** @param {string} salt @param {string} raw */
export function itemKey(salt, raw) {
  let prefix = prefixes.get(salt);
  if (!prefix) {
    if (prefixes.size > 8) prefixes.clear();
    prefixes.set(salt, (prefix = feed([0xcbf29ce4, 0x84222325], `${salt}|`)));
  }
  return hex(feed([prefix[0], prefix[1]], raw));
}
