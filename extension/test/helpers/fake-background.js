// A fake background for the content script: answers getPageConfig, and each explain request in
// parts of at most 500 items (a verdict per audience), then a final answer, the way the service
// worker does over its port. Records what it was asked.

import { MSG } from "../../src/messages.js";

export const verdictOf = (f) => (f.audience === "public" ? "included" : "excluded");
const result = (f) => ({ verdict: verdictOf(f), may_already_be_used: null, reasons: [], actions: [], flip: [] });

/**
 * @param {{paused?: boolean, fail?: boolean, hold?: boolean, profiles?: object}} [options]
 *   hold: after the first part, wait for release() before sending each further part.
 */
export function fakeBackground({ paused = false, fail = false, hold = false, profiles = { facebook: "person.0" } } = {}) {
  const sent = []; // every message sent with runtime.sendMessage
  const explains = []; // the items of every explain request
  const held = [];
  const send = async (message) => {
    sent.push(structuredClone(message));
    if (message.type === MSG.GET_PAGE_CONFIG) return { ok: true, paused, salt: "test-salt", profiles };
    return { ok: false, error: "explain goes over the port" };
  };
  const explain = async (items, onPart) => {
    explains.push(structuredClone(items));
    if (fail) return { ok: false, policy: null, results: {}, error: { title: "down" } };
    for (let i = 0; i < items.length; i += 500) {
      if (hold && i > 0) await new Promise((resolve) => held.push(resolve));
      await null;
      // As the worker sends them: each distinct answer once in a table, items point into it.
      const table = [result({ audience: "public" }), result({ audience: "friends" })];
      onPart({ policy: { id: "p" }, table, results: Object.fromEntries(items.slice(i, i + 500).map((f) => [f.key, verdictOf(f) === "included" ? 0 : 1])) });
    }
    return { ok: true, policy: { id: "p" }, results: {} };
  };
  return {
    sent, send, explain, explains,
    items: () => explains.flat(),
    release: () => { for (const resolve of held.splice(0)) resolve(); },
  };
}
