// A fake of the browser API surface ext.js uses: storage (local/session, with onChanged),
// runtime messaging and ports, i18n from the real _locales/<lang>/messages.json, and permissions.

import { readFileSync } from "node:fs";

export const EXTENSION_ID = "abcdefghijklmnopabcdefghijklmnop";
export const EXTENSION_BASE = `chrome-extension://${EXTENSION_ID}/`;

/** chrome.i18n.getMessage over one locale's messages.json, with $1…$9 placeholders. */
export function messagesFor(lang = "en") {
  const url = new URL(`../../_locales/${lang}/messages.json`, import.meta.url);
  const messages = JSON.parse(readFileSync(url, "utf8"));
  return (key, subs = []) => {
    const entry = messages[key];
    if (!entry) return "";
    const args = Array.isArray(subs) ? subs : [subs];
    return entry.message.replace(/\$([A-Za-z_]+)\$/g, (_, name) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? "";
      return content.replace(/\$(\d)/g, (__, n) => args[Number(n) - 1] ?? "");
    });
  };
}

function fakeArea(name, listeners) {
  const data = new Map();
  const emit = (changes) => { for (const fn of listeners) fn(changes, name); };
  return {
    data,
    async get(keys) {
      const list = keys === null || keys === undefined ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(values) {
      const changes = {};
      for (const [k, v] of Object.entries(values)) {
        changes[k] = { oldValue: data.get(k), newValue: structuredClone(v) };
        data.set(k, structuredClone(v));
      }
      emit(changes);
    },
    async remove(keys) {
      const changes = {};
      for (const k of Array.isArray(keys) ? keys : [keys]) {
        if (data.has(k)) changes[k] = { oldValue: data.get(k) };
        data.delete(k);
      }
      emit(changes);
    },
  };
}

/** Two connected port ends; messages arrive on the other end in a later task, cloned. */
function portPair(name, sender) {
  const end = () => ({ name, listeners: [], gone: [], open: true });
  const [a, b] = [end(), end()];
  const api = (self, other) => ({
    name,
    sender: self === b ? sender : undefined,
    onMessage: { addListener: (fn) => self.listeners.push(fn) },
    onDisconnect: { addListener: (fn) => self.gone.push(fn) },
    postMessage(message) {
      if (!self.open) throw new Error("Attempting to use a disconnected port object");
      const copy = structuredClone(message);
      setTimeout(() => { if (other.open) for (const fn of other.listeners) fn(copy); }, 0);
    },
    disconnect() {
      if (!self.open) return;
      self.open = false;
      other.open = false;
      setTimeout(() => { for (const fn of other.gone) fn(); }, 0);
    },
  });
  return [api(a, b), api(b, a)];
}

/** @param {{lang?: string, granted?: boolean}} [options] */
export function fakeBrowser({ lang = "en", granted = true } = {}) {
  const storageListeners = [];
  const messageListeners = [];
  const connectListeners = [];
  const requested = [];
  const fake = {
    requested,
    messageListeners,
    connectListeners,
    /** Who opens ports (runtime.connect): a content script in a Facebook tab by default. */
    portSender: { id: EXTENSION_ID, url: "https://www.facebook.com/", tab: { id: 1 }, frameId: 0 },
    storage: {
      local: fakeArea("local", storageListeners),
      session: fakeArea("session", storageListeners),
      onChanged: { addListener: (fn) => storageListeners.push(fn) },
    },
    runtime: {
      id: EXTENSION_ID,
      getURL: (path) => EXTENSION_BASE + path.replace(/^\//, ""),
      onMessage: { addListener: (fn) => messageListeners.push(fn) },
      onConnect: { addListener: (fn) => connectListeners.push(fn) },
      connect({ name } = {}) {
        const [client, server] = portPair(name, fake.portSender);
        for (const fn of connectListeners) fn(server);
        return client;
      },
      /** Deliver like the browser: to every listener, with a sender; resolve with sendResponse's value. */
      sendMessage(message, sender = { id: EXTENSION_ID, url: `${EXTENSION_BASE}popup.html` }) {
        return new Promise((resolve) => {
          for (const fn of messageListeners) fn(structuredClone(message), sender, (answer) => resolve(structuredClone(answer)));
        });
      },
    },
    i18n: { getMessage: messagesFor(lang), getUILanguage: () => lang.replace("_", "-") },
    permissions: {
      request: async ({ origins }) => { requested.push(...origins); return granted; },
      contains: async () => granted,
    },
  };
  return fake;
}
