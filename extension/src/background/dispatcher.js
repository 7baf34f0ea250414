// One dispatcher over the closed set of typed messages: it checks each message's shape and its
// sender before any handler runs. Content-script messages are accepted only from Facebook and
// Instagram tabs; the rest only from the extension's own pages.

import { CONTENT_TYPES, PAGE_TYPES, messageError } from "../messages.js";

/**
 * @param {any} sender runtime.MessageSender
 * @param {string} type
 * @param {{extensionId: string, extensionBase: string, contentHosts: string[]}} trust
 */
export function senderAllowed(sender, type, trust) {
  if (!sender || sender.id !== trust.extensionId || typeof sender.url !== "string") return false;
  if (CONTENT_TYPES.has(type)) {
    if (!sender.tab) return false;
    try {
      const url = new URL(sender.url);
      return url.protocol === "https:" && trust.contentHosts.includes(url.hostname);
    } catch {
      return false;
    }
  }
  if (PAGE_TYPES.has(type)) return sender.url.startsWith(trust.extensionBase);
  return false;
}

/**
 * @param {{handlers: Record<string, (message: any, sender: any, post?: (part: any) => void) => Promise<any>>,
 *   extensionId: string, extensionBase: string, contentHosts: string[]}} options
 * @returns {(message: any, sender: any, post?: (part: any) => void) => Promise<any>}
 *   `post`, when the message came over a port, sends a part of the answer early (explain's batches).
 */
export function createDispatcher({ handlers, ...trust }) {
  return async (message, sender, post) => {
    const error = messageError(message);
    if (error) return { ok: false, error };
    if (!senderAllowed(sender, message.type, trust)) return { ok: false, error: "sender not allowed" };
    const handler = handlers[message.type];
    if (!handler) return { ok: false, error: `no handler for ${message.type}` };
    return handler(message, sender, post);
  };
}
