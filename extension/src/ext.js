// The one browser-API facade. Every other module reaches the browser through these helpers,
// so Node tests can swap in a fake with `useBrowserApi(fake)`.

/** @type {any} */
let api = globalThis.browser ?? globalThis.chrome;

/** In-memory stand-in for storage.session where the browser lacks it. */
const memorySession = new Map();

/** Replace the browser API (tests). @param {any} fake */
export function useBrowserApi(fake) {
  api = fake;
  memorySession.clear();
}

/** @param {"local"|"session"} name */
function area(name) {
  return api?.storage?.[name] ?? null;
}

/**
 * Read keys from storage; missing keys fall back to `defaults`.
 * @param {"local"|"session"} name
 * @param {Record<string, any>|string[]} defaults
 */
export async function storageGet(name, defaults) {
  const keys = Array.isArray(defaults) ? defaults : Object.keys(defaults);
  const store = area(name);
  let got;
  if (store) got = await store.get(keys);
  else got = Object.fromEntries(keys.filter((k) => memorySession.has(k)).map((k) => [k, memorySession.get(k)]));
  return Array.isArray(defaults) ? got : { ...defaults, ...got };
}

/** @param {"local"|"session"} name @param {Record<string, any>} values */
export async function storageSet(name, values) {
  const store = area(name);
  if (store) return store.set(values);
  for (const [k, v] of Object.entries(values)) memorySession.set(k, v);
}

/** @param {"local"|"session"} name @param {string[]} keys */
export async function storageRemove(name, keys) {
  const store = area(name);
  if (store) return store.remove(keys);
  for (const k of keys) memorySession.delete(k);
}

/** @param {(changes: Record<string, {oldValue?: any, newValue?: any}>, area: string) => void} fn */
export function onStorageChanged(fn) {
  api.storage.onChanged.addListener(fn);
}

/** Send a typed message to the background; resolves with its answer. @param {import("./messages.js").Message} message */
export async function sendMessage(message) {
  return api.runtime.sendMessage(message);
}

/**
 * Register the single message listener (background). The handler returns a promise;
 * `sendResponse` + `return true` works in Chromium and Firefox alike.
 * @param {(message: any, sender: any) => Promise<any>} handler
 */
export function onMessage(handler) {
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    handler(message, sender).then(sendResponse, (err) => sendResponse({ ok: false, error: String(err?.message ?? err) }));
    return true;
  });
}

/**
 * One request over a port that answers in parts (content → background): `onPart` gets every
 * `{partial}` the other side posts; resolves with its `{final}`, rejects if the port closes first.
 * @param {string} name @param {object} message @param {(part: any) => void} onPart
 */
export function streamRequest(name, message, onPart) {
  return new Promise((resolve, reject) => {
    const port = api.runtime.connect({ name });
    let settled = false;
    port.onMessage.addListener((answer) => {
      if (answer?.partial) onPart(answer.partial);
      else if (answer?.final) {
        settled = true;
        resolve(answer.final);
        port.disconnect();
      }
    });
    port.onDisconnect.addListener(() => { if (!settled) reject(new Error("the background closed the port")); });
    port.postMessage(message);
  });
}

/**
 * Serve ports named `name` (background): `handler(message, sender, post)` answers each message;
 * `post` sends a part while it works, its result goes back as the final answer.
 * @param {string} name @param {(message: any, sender: any, post: (part: any) => void) => Promise<any>} handler
 */
export function onStreamRequest(name, handler) {
  api.runtime.onConnect?.addListener((port) => {
    if (port.name !== name) { port.disconnect(); return; }
    let open = true;
    port.onDisconnect.addListener(() => { open = false; });
    const send = (value) => {
      if (!open) return;
      try { port.postMessage(value); } catch { open = false; } // the tab went away meanwhile
    };
    port.onMessage.addListener((message) => {
      handler(message, port.sender, (partial) => send({ partial }))
        .catch((err) => ({ ok: false, error: String(err?.message ?? err) }))
        .then((final) => send({ final }));
    });
  });
}

/** Open the extension's options page (a tab, or the browser's own place for it). */
export async function openOptionsPage() {
  return api.runtime.openOptionsPage();
}

/** @param {string} path */
export function getURL(path) {
  return api.runtime.getURL(path);
}

export function runtimeId() {
  return api.runtime.id;
}

/** Localised extension text; falls back to the key so a missing string is visible, never blank. */
export function t(key, substitutions) {
  return api?.i18n?.getMessage?.(key, substitutions) || key;
}

export function uiLanguage() {
  return api?.i18n?.getUILanguage?.() ?? "en";
}

/** Where a provider's sign-in window returns (Chromium: https://<id>.chromiumapp.org/). */
export function identityRedirectUrl() {
  return api.identity.getRedirectURL();
}

/** Open a provider's sign-in window; resolves with the URL it redirected to. @param {string} url */
export async function launchWebAuthFlow(url) {
  return api.identity.launchWebAuthFlow({ url, interactive: true });
}

/** @param {string[]} origins */
export async function requestOrigins(origins) {
  return api.permissions.request({ origins });
}

/** @param {string[]} origins */
export async function hasOrigins(origins) {
  return api.permissions.contains({ origins });
}

/** The id of the tab the person is looking at (popup), or null. Needs no "tabs" permission. */
export async function activeTabId() {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/** Send a message to a tab's content script; resolves with its answer. @param {number} tabId @param {object} message */
export async function sendToTab(tabId, message) {
  return api.tabs.sendMessage(tabId, message);
}
