// The options page: the service address (asking for host access when it is a self-hosted https
// service outside the built-in loopback permissions), the anonymous account, and the pause switch.

import { hasOrigins, requestOrigins, sendMessage, t, uiLanguage } from "../ext.js";
import { MSG, isHttpUrl } from "../messages.js";
import { byId } from "./elements.js";
import { localize } from "./i18n-dom.js";

const doc = globalThis.document;
const BUILT_IN = ["127.0.0.1", "localhost"];

/** The origin pattern to request for a service URL, or null when the manifest already grants it. */
export function originToRequest(value) {
  const url = new URL(value);
  return url.protocol === "http:" && BUILT_IN.includes(url.hostname) ? null : `${url.protocol}//${url.hostname}/*`;
}

function status(text) {
  byId(doc, "api-base-status").textContent = text;
}

function saveApiBase(event) {
  event.preventDefault();
  const value = byId(doc, "api-base").value.trim();
  if (!isHttpUrl(value)) { status(t("apiBaseInvalid")); return; }
  const origin = originToRequest(value);
  // permissions.request must run inside the click's user gesture: call it before any await.
  const granted = origin ? requestOrigins([origin]).catch(() => hasOrigins([origin])) : Promise.resolve(true);
  granted.then(async (ok) => {
    if (!ok) { status(t("apiBasePermission")); return; }
    await sendMessage({ type: MSG.SET_API_BASE, apiBase: value });
    status(t("apiBaseSaved", [value]));
    await refresh();
  });
}

async function refresh() {
  const answer = await sendMessage({ type: MSG.GET_STATE }).catch(() => null);
  const state = answer?.state;
  if (!state) return;
  byId(doc, "api-base").value = state.apiBase;
  byId(doc, "paused").checked = state.paused;
  const signin = byId(doc, "signin-state");
  signin.dataset.state = state.signedIn ? "anonymous" : "none";
  signin.textContent = state.signedIn ? t("accountAnonymous", [state.accountId]) : t("accountNone");
  byId(doc, "account-id").textContent = state.accountId ?? "";
}

async function main() {
  localize(doc, t, uiLanguage());
  byId(doc, "api-form").addEventListener("submit", saveApiBase);
  byId(doc, "paused").addEventListener("change", (event) => {
    sendMessage({ type: MSG.SET_PAUSED, paused: /** @type {HTMLInputElement} */ (event.target).checked });
  });
  await refresh();
}

if (typeof document !== "undefined" && document.getElementById("api-form")) main();
