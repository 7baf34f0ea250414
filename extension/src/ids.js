// The extension's one maker of random ids: a badge's per-page-load ref (the id the service sees
// for an item), the background's id for an item that came without one, the per-install salt and
// `verdictEpoch`. Bytes come from the system's generator, drawn 4 kB at a time: a first scan
// draws a ref for each of a thousand items. (Item keys are not random: see page/hash.js.)

/** A ref or an API item id: 16 hex digits. */
export const ID_RE = /^[0-9a-f]{16}$/;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
const POOL_BYTES = 4096;
let pool = new Uint8Array(0);
let next = 0;

/** `bytes` random bytes as hex (2 digits a byte); by default an id that matches ID_RE. */
export function randomHex(bytes = 8) {
  if (next + bytes > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(Math.max(POOL_BYTES, bytes)));
    next = 0;
  }
  let out = "";
  for (let i = next; i < next + bytes; i += 1) out += HEX[pool[i]];
  next += bytes;
  return out;
}
