// The options page's sign-in providers (OpenID Connect): when signed in, link one and see and
// unlink those linked; when signed out, sign in with one. The provider's window opens from the
// background, which keeps the tokens; this page only says which provider and what for.

import { sendMessage, t } from "../ext.js";
import { MSG } from "../messages.js";
import { byId } from "./elements.js";

const doc = globalThis.document;

/** @param {string} text @param {"ok"|"error"|""} [kind] */
function say(text, kind = "") {
  const status = byId(doc, "oidc-status");
  status.textContent = text;
  status.dataset.kind = kind;
}

/** A failed step's words: the service's title, or the browser's. @param {any} answer */
function failure(answer) {
  return `${t("oidcFailed")} ${answer?.problem?.title ?? ""}`.trim();
}

/** @param {string} text @param {string} className @param {() => Promise<void>} onClick */
function button(text, className, onClick) {
  const el = doc.createElement("button");
  el.type = "button";
  el.className = className;
  el.textContent = text;
  el.addEventListener("click", async () => {
    el.disabled = true;
    try { await onClick(); } finally { el.disabled = false; }
  });
  return el;
}

/** One linked identity: its provider, when linked and last used, and unlink. @param {any} identity */
function row(identity) {
  const item = doc.createElement("li");
  item.className = "oidc-identity";
  item.dataset.id = identity.id;
  const name = doc.createElement("strong");
  name.textContent = identity.provider;
  const when = doc.createElement("span");
  when.className = "help";
  const used = identity.last_used_at ? new Date(identity.last_used_at).toLocaleString() : t("passkeyNeverUsed");
  when.textContent = ` ${t("passkeyLastUsed")}: ${used} `;
  const unlink = button(t("oidcUnlink"), "oidc-unlink secondary", async () => {
    const answer = await sendMessage({ type: MSG.OIDC_UNLINK, id: identity.id });
    say(answer?.ok ? t("oidcUnlinked") : failure(answer), answer?.ok ? "ok" : "error");
    await showIdentities();
  });
  item.append(name, when, unlink);
  return item;
}

async function showIdentities() {
  const answer = await sendMessage({ type: MSG.OIDC_IDENTITIES });
  const identities = answer?.ok ? answer.identities : [];
  const list = byId(doc, "oidc-identities");
  list.replaceChildren(...identities.map(row));
  list.dataset.count = String(identities.length);
}

/** @param {string} provider @param {"link"|"sign_in"} purpose */
async function connect(provider, purpose) {
  say(t("oidcWorking"));
  const answer = await sendMessage({ type: MSG.OIDC_CONNECT, provider, purpose });
  if (!answer?.ok) { say(failure(answer), "error"); return; }
  if (purpose === "sign_in") { globalThis.location.reload(); return; } // the page shows the account it signed in to
  say(t("oidcLinked"), "ok");
  await showIdentities();
}

async function main() {
  const section = byId(doc, "oidc");
  const [state, providers] = await Promise.all([
    sendMessage({ type: MSG.GET_STATE }).catch(() => null),
    sendMessage({ type: MSG.OIDC_PROVIDERS }).catch(() => null),
  ]);
  const names = providers?.ok ? providers.providers.map((/** @type {{name: string}} */ p) => p.name) : [];
  if (!names.length) return; // the service offers none: the section stays hidden
  const signedIn = Boolean(state?.state?.signedIn);
  const purpose = signedIn ? "link" : "sign_in";
  section.dataset.state = signedIn ? "signed-in" : "signed-out";
  byId(doc, "oidc-identities").hidden = !signedIn;
  byId(doc, "oidc-providers").replaceChildren(...names.map((/** @type {string} */ name) =>
    button(t(signedIn ? "oidcLink" : "oidcSignIn", [name]), `oidc-${purpose}`, () => connect(name, purpose))));
  if (signedIn) await showIdentities();
  section.hidden = false;
  section.dataset.ready = "true";
}

if (typeof document !== "undefined" && document.getElementById("oidc")) main();
