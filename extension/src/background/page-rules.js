// Page rules that update without a release: fetched from the service at most daily (when a page
// asks for its config and the last check is a day old, or was against another service), verified as a compact JWS (Ed25519, WebCrypto) against
// the keys this package trusts, refused when tampered with, signed by another key, malformed, or
// not newer than what the extension has; kept in storage.local and handed to the content scripts.
// Data only: a document is JSON the readers read, never code.
//
// Which keys are trusted (docs/page-rules.md): a store package pins its service's key set
// (TRUSTED_KEYS, written by tools/package.mjs) and trusts nothing else. A build that pins none
// (the checkout, a developer's build) trusts the key set its service publishes only when that
// service is on this machine (a loopback address): a key fetched from a remote service over the
// same channel as the document would prove nothing.

import { BUNDLED_RULES_VERSION, compileDocument } from "../page/rules-document.js";

export const RULES_TYPE = "page-rules+json";
export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;
const MAX_JWS_CHARS = 1_000_000;

/** @typedef {{kty?: string, crv?: string, x?: string, kid?: string}} PublicJwk */
/** @typedef {{apiBase: string, checkedAt: number, document?: any, version?: number, refused?: string}} Cached */

/** @param {string} text */
function base64urlBytes(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("not base64url");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/** @param {string} text */
const base64urlJson = (text) => JSON.parse(new TextDecoder().decode(base64urlBytes(text)));

/**
 * Verify a compact JWS of page rules. The answer: the document (checked and compilable) or why not.
 * @param {string} compact @param {PublicJwk[]} keys
 * @param {{subtle?: SubtleCrypto}} [options]
 * @returns {Promise<{ok: true, document: any, kid: string}|{ok: false, error: string}>}
 */
export async function verifyRules(compact, keys, { subtle = globalThis.crypto.subtle } = {}) {
  if (typeof compact !== "string" || compact.length > MAX_JWS_CHARS) return { ok: false, error: "not a JWS" };
  const parts = compact.trim().split(".");
  if (parts.length !== 3) return { ok: false, error: "not a compact JWS" };
  let header;
  try {
    header = base64urlJson(parts[0]);
  } catch {
    return { ok: false, error: "unreadable header" };
  }
  if (header?.alg !== "Ed25519" && header?.alg !== "EdDSA") return { ok: false, error: `algorithm ${header?.alg} not accepted` };
  if (header.typ !== RULES_TYPE) return { ok: false, error: "not page rules" };
  if (header.crit !== undefined) return { ok: false, error: "critical header parameters not understood" };
  const jwk = keys.find((k) => k.kid === header.kid && k.kty === "OKP" && k.crv === "Ed25519" && typeof k.x === "string");
  if (!jwk) return { ok: false, error: "signed by a key this extension does not trust" };
  let valid;
  try {
    const key = await subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
    const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
    valid = await subtle.verify({ name: "Ed25519" }, key, base64urlBytes(parts[2]), signed);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, error: "bad signature" };
  let document;
  try {
    document = base64urlJson(parts[1]);
    compileDocument(document);
  } catch (err) {
    return { ok: false, error: `not a usable document: ${/** @type {Error} */ (err).message}` };
  }
  return { ok: true, document, kid: header.kid };
}

/** Whether a service address is this machine (a loopback host). @param {string} base */
export function isLoopback(base) {
  try {
    const host = new URL(base).hostname;
    return host === "localhost" || host === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

/**
 * @param {{fetch: typeof globalThis.fetch, apiBase: () => Promise<string>, trustedKeys: readonly PublicJwk[],
 *   load: () => Promise<Cached|null>, save: (cached: Cached) => Promise<void>, now?: () => number,
 *   subtle?: SubtleCrypto, bundledVersion?: number, checkEveryMs?: number}} deps
 */
export function createRulesUpdater({
  fetch, apiBase, trustedKeys, load, save, now = Date.now, subtle, bundledVersion = BUNDLED_RULES_VERSION,
  checkEveryMs = CHECK_EVERY_MS,
}) {
  /** @type {Promise<any>|null} */
  let flight = null;

  /** The cached document for the service in use, when newer than the bundled rules; else null. */
  async function current() {
    const [base, cached] = await Promise.all([apiBase(), load()]);
    if (!cached || cached.apiBase !== base || !cached.document) return null;
    return (cached.version ?? 0) > bundledVersion ? cached.document : null;
  }

  /** The keys to check a document from `base` against, or null when none may be trusted. @param {string} base */
  async function keysFor(base) {
    if (trustedKeys.length) return [...trustedKeys];
    if (!isLoopback(base)) return null;
    const res = await fetch(`${base}/.well-known/jwks.json`, { cache: "no-store", credentials: "omit" });
    const body = res.ok ? await res.json() : null;
    return Array.isArray(body?.keys) ? body.keys : null;
  }

  /** One check against the service. @param {string} base @param {Cached|null} cached */
  async function check(base, cached) {
    const mine = cached?.apiBase === base ? cached : null;
    const keep = { apiBase: base, checkedAt: now(), document: mine?.document, version: mine?.version };
    const keys = await keysFor(base);
    if (!keys) {
      await save({ ...keep, refused: "no trusted keys for this service" });
      return { ok: false, error: "no trusted keys for this service" };
    }
    // Revalidated: the service lets caches keep the document an hour, and a daily check that
    // reads a cached copy could miss a new version for a day more.
    const res = await fetch(`${base}/v1/page-rules`, { credentials: "omit", cache: "no-cache" });
    if (res.status === 404) {
      await save(keep);
      return { ok: true, updated: false };
    }
    if (!res.ok) throw new Error(`page rules: HTTP ${res.status}`); // not checked: try again next time
    const verified = await verifyRules(await res.text(), keys, subtle ? { subtle } : {});
    if (verified.ok && mine?.version !== undefined && verified.document.version === mine.version) {
      await save(keep); // the same version as before: nothing new
      return { ok: true, updated: false };
    }
    const have = Math.max(bundledVersion, mine?.version ?? 0);
    const error = !verified.ok ? verified.error
      : verified.document.version <= have ? `version ${verified.document.version} is not newer than ${have}` : null;
    if (error || !verified.ok) {
      await save({ ...keep, refused: error ?? "refused" });
      return { ok: false, error };
    }
    await save({ apiBase: base, checkedAt: keep.checkedAt, document: verified.document, version: verified.document.version });
    return { ok: true, updated: true, version: verified.document.version };
  }

  /**
   * Check the service when the last check is older than a day (or `force`); one check at a time.
   * @param {{force?: boolean}} [options]
   */
  async function refresh({ force = false } = {}) {
    if (flight) return flight;
    flight = (async () => {
      const [base, cached] = await Promise.all([apiBase(), load()]);
      const due = force || cached?.apiBase !== base || now() - (cached?.checkedAt ?? 0) >= checkEveryMs;
      return due ? check(base, cached) : { ok: true, updated: false, skipped: true };
    })().finally(() => { flight = null; });
    return flight;
  }

  return { current, refresh };
}
