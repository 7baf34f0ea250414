// The options page: the service address (asking for host access when it is a self-hosted https
// service outside the built-in loopback permissions), the account (signed in or out), the ways
// back to a record and the credentials that keep it reachable, and the pause switch.

import { hasOrigins, requestOrigins, sendMessage, t, uiLanguage } from "../ext.js";
import { MSG, isHttpUrl } from "../messages.js";
import { byId } from "./elements.js";
import { setUpCredentials, showRemaining } from "./credentials.js";
import { localize } from "./i18n-dom.js";
import { setUpWaysBack } from "./ways-back.js";

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

let apiBase = "";

async function refresh() {
  const answer = await sendMessage({ type: MSG.GET_STATE }).catch(() => null);
  const state = answer?.state;
  if (!state) return;
  apiBase = state.apiBase;
  byId(doc, "api-base").value = state.apiBase;
  byId(doc, "paused").checked = state.paused;
  const signin = byId(doc, "signin-state");
  signin.dataset.state = state.signedOut ? "signed-out" : state.signedIn ? "anonymous" : "none";
  signin.textContent = state.signedOut ? t("accountSignedOut", [state.accountId ?? ""])
    : state.signedIn ? t("accountAnonymous", [state.accountId]) : t("accountNone");
  byId(doc, "account-id").textContent = state.accountId ?? "";
  // Signed out: the ways back first, and starting afresh as the last resort. Signed in: the
  // credentials that keep the record reachable.
  byId(doc, "signed-out-notice").hidden = !state.signedOut;
  byId(doc, "ways-back-intro").textContent = t(state.signedOut ? "waysBackIntro" : "waysBackIntroSignedIn");
  byId(doc, "start-over").hidden = !state.signedOut;
  byId(doc, "recovery-codes").hidden = !state.signedIn;
  byId(doc, "link-device").hidden = !state.signedIn;
  if (state.signedIn) await showRemaining(doc);
}

async function main() {
  localize(doc, t, uiLanguage());
  byId(doc, "api-form").addEventListener("submit", saveApiBase);
  byId(doc, "paused").addEventListener("change", (event) => {
    sendMessage({ type: MSG.SET_PAUSED, paused: /** @type {HTMLInputElement} */ (event.target).checked });
  });
  setUpWaysBack(doc, refresh);
  setUpCredentials(doc, () => apiBase);
  await refresh();
}

if (typeof document !== "undefined" && document.getElementById("api-form")) main();
