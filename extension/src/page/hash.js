// Item keys: FNV-1a (64-bit) of a per-install salt and the raw signal (permalink id, shortcode or
// position). Only the hash leaves the page, never the URL or id it was made from.

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** 16 hex digits. @param {string} text */
export function fnv1a64(text) {
  let h = OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * PRIME) & MASK;
  }
  return h.toString(16).padStart(16, "0");
}

/** @param {string} salt @param {string} raw */
export function itemKey(salt, raw) {
  return fnv1a64(`${salt}|${raw}`);
}
