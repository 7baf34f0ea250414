// The background's state in storage.local: the service address, the account's tokens (accounts on
// other service addresses are parked, not dropped), the pause switch, the per-install salt for item
// keys, and the person's last-known preferences. Cached
// preferences are tagged with the service they came from, so pointing the extension at another
// service (tests do: chrome.storage.local.set({apiBase})) never mixes two services' records.
// `verdictEpoch` changes whenever the record changes: the content scripts watch it and ask again.

import { storageGet, storageRemove, storageSet } from "../ext.js";
import { randomHex } from "../ids.js";
import { isHttpUrl } from "../messages.js";
import { PINNED_SERVICE } from "./pinned-service.js";

/** The service a store package was built for (tools/package.mjs), else the loopback one. */
export const DEFAULT_API_BASE = PINNED_SERVICE?.apiBase ?? "http://127.0.0.1:8000";
/** The public keys the package trusts for signed data: its service's key set when it was built. */
export const TRUSTED_KEYS = Object.freeze([...(PINNED_SERVICE?.jwks.keys ?? [])]);

/** The service base URL, without a trailing slash. */
export async function apiBase() {
  const { apiBase: value } = await storageGet("local", { apiBase: DEFAULT_API_BASE });
  return isHttpUrl(value) ? value.replace(/\/+$/, "") : DEFAULT_API_BASE;
}

export async function setApiBase(value) {
  await storageSet("local", { apiBase: value.replace(/\/+$/, "") });
}

/**
 * The account on `base` (or the current one). Accounts on other services are parked, never
 * dropped: pointing the extension elsewhere and back finds the same account again.
 * @param {string} [base]
 */
export async function loadAuth(base) {
  const { auth, parkedAuth } = await storageGet("local", { auth: null, parkedAuth: {} });
  if (!base || auth?.apiBase === base) return auth;
  return parkedAuth?.[base] ?? null;
}

export async function saveAuth(auth) {
  const { auth: current, parkedAuth } = await storageGet("local", { auth: null, parkedAuth: {} });
  const parked = { ...parkedAuth };
  if (current && auth && current.apiBase !== auth.apiBase) parked[current.apiBase] = current;
  if (auth) delete parked[auth.apiBase];
  await storageSet("local", { auth, parkedAuth: parked });
}

export async function paused() {
  return (await storageGet("local", { paused: false })).paused === true;
}

export async function setPaused(value) {
  await storageSet("local", { paused: value });
}

/** A random salt, made once per install; item keys (the verdict cache's keys) are hashed with it. */
export async function salt() {
  const { salt: value } = await storageGet("local", { salt: null });
  if (value) return value;
  const made = randomHex(16);
  await storageSet("local", { salt: made });
  return made;
}

/** The person's record as last seen on the current service. */
export const recordStore = {
  async load() {
    const [base, got] = await Promise.all([apiBase(), storageGet("local", { record: null })]);
    return got.record && got.record.apiBase === base ? got.record : {};
  },
  /** @param {object} values @param {{changed?: boolean}} [how] changed: a new version of the record */
  async save(values, { changed = false } = {}) {
    const base = await apiBase();
    const current = await recordStore.load();
    const record = { ...current, ...values, apiBase: base };
    // One write: a worker stopped right after it still leaves the tabs told.
    await storageSet("local", { record, profiles: record.profiles ?? {}, ...(changed ? { verdictEpoch: randomHex(8) } : {}) });
  },
  /** @param {{changed?: boolean}} [how] changed: the tabs must ask again (another account's record) */
  async clear({ changed = false } = {}) {
    await storageRemove("local", ["record", "profiles"]);
    if (changed) await storageSet("local", { verdictEpoch: randomHex(8) });
  },
};

/** What the content scripts need: whether to run, the salt, and the person's own handles. */
export async function pageConfig() {
  const [isPaused, theSalt, record] = await Promise.all([paused(), salt(), recordStore.load()]);
  return { paused: isPaused, salt: theSalt, profiles: record.profiles ?? {} };
}
