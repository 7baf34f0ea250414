// The options page's passkeys: add one (the ceremony runs here, in the page's document, with the
// service's host as the RP ID the extension may claim), list, rename and remove them, and sign in
// with one when signed out. Tokens stay in the background: this page sends it the ceremony's results.

import { sendMessage, t } from "../ext.js";
import { MSG } from "../messages.js";
import { byId } from "./elements.js";
import { creationOptions, credentialJSON, requestOptions } from "./passkeys-json.js";

const doc = globalThis.document;

/** @param {string} text @param {"ok"|"error"|""} [kind] */
function say(text, kind = "") {
  const status = byId(doc, "passkey-status");
  status.textContent = text;
  status.dataset.kind = kind;
}

/** A failed step's words: the service's title, or the browser's. @param {any} answer */
function failure(answer) {
  return `${t("passkeyFailed")} ${answer?.problem?.title ?? answer?.message ?? ""}`.trim();
}

/** The browser's JSON parsers when it has them, ours otherwise. */
const PKC = /** @type {any} */ (globalThis.PublicKeyCredential);
const toCreate = (json) => (PKC?.parseCreationOptionsFromJSON ? PKC.parseCreationOptionsFromJSON(json) : creationOptions(json));
const toGet = (json) => (PKC?.parseRequestOptionsFromJSON ? PKC.parseRequestOptionsFromJSON(json) : requestOptions(json));
const asJSON = (credential) => (typeof credential?.toJSON === "function" ? credential.toJSON() : credentialJSON(credential));

/** Run one ceremony: options from the service, the authenticator, the answer back to the service. */
async function ceremony(purpose, send) {
  const options = await sendMessage({ type: MSG.PASSKEY_OPTIONS, purpose });
  if (!options?.ok) return options;
  const publicKey = purpose === "register" ? toCreate(options.options) : toGet(options.options);
  let credential;
  try {
    credential = purpose === "register" ? await navigator.credentials.create({ publicKey }) : await navigator.credentials.get({ publicKey });
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  return send(options.challenge_id, asJSON(credential));
}

async function addPasskey() {
  say(t("passkeyWorking"));
  const label = byId(doc, "passkey-label").value.trim();
  const answer = await ceremony("register", (challengeId, credential) =>
    sendMessage({ type: MSG.ADD_PASSKEY, challengeId, credential, ...(label ? { label } : {}) }));
  if (!answer?.ok) { say(failure(answer), "error"); return; }
  byId(doc, "passkey-label").value = "";
  say(t("passkeyAdded"), "ok");
  await showPasskeys();
}

async function signIn() {
  say(t("passkeyWorking"));
  const answer = await ceremony("sign_in", (challengeId, credential) => sendMessage({ type: MSG.PASSKEY_SIGN_IN, challengeId, credential }));
  if (!answer?.ok) { say(failure(answer), "error"); return; }
  globalThis.location.reload(); // the whole page shows the account it signed in to
}

/** One passkey's row: its name, when it was added and last used, rename and remove. @param {any} passkey */
function row(passkey) {
  const item = doc.createElement("li");
  item.className = "passkey";
  item.dataset.id = passkey.id;
  const name = doc.createElement("input");
  name.type = "text";
  name.value = passkey.label;
  name.maxLength = 100;
  name.setAttribute("aria-label", t("passkeyLabel"));
  const when = doc.createElement("span");
  when.className = "help";
  const used = passkey.last_used_at ? new Date(passkey.last_used_at).toLocaleString() : t("passkeyNeverUsed");
  when.textContent = `${t("passkeyLastUsed")}: ${used}`;
  const rename = doc.createElement("button");
  rename.type = "button";
  rename.className = "passkey-rename";
  rename.textContent = t("passkeyRename");
  rename.addEventListener("click", async () => {
    const answer = await sendMessage({ type: MSG.RENAME_PASSKEY, id: passkey.id, label: name.value });
    say(answer?.ok ? t("passkeyRenamed") : failure(answer), answer?.ok ? "ok" : "error");
    await showPasskeys();
  });
  const remove = doc.createElement("button");
  remove.type = "button";
  remove.className = "passkey-remove secondary";
  remove.textContent = t("passkeyRemove");
  remove.addEventListener("click", async () => {
    const answer = await sendMessage({ type: MSG.REMOVE_PASSKEY, id: passkey.id });
    say(answer?.ok ? t("passkeyRemoved") : failure(answer), answer?.ok ? "ok" : "error");
    await showPasskeys();
  });
  item.append(name, rename, remove, when);
  return item;
}

async function showPasskeys() {
  const list = byId(doc, "passkey-list");
  const answer = await sendMessage({ type: MSG.PASSKEYS });
  const passkeys = answer?.ok ? answer.passkeys : [];
  list.replaceChildren(...passkeys.map(row));
  list.dataset.count = String(passkeys.length);
  byId(doc, "passkey-none").hidden = passkeys.length > 0;
}

async function main() {
  const answer = await sendMessage({ type: MSG.GET_STATE }).catch(() => null);
  const signedIn = Boolean(answer?.state?.signedIn);
  const section = byId(doc, "passkeys");
  section.dataset.state = signedIn ? "signed-in" : "signed-out";
  byId(doc, "passkey-manage").hidden = !signedIn;
  byId(doc, "passkey-sign-in-box").hidden = signedIn;
  byId(doc, "passkey-add").addEventListener("click", addPasskey);
  byId(doc, "passkey-sign-in").addEventListener("click", signIn);
  if (signedIn) await showPasskeys();
  section.dataset.ready = "true";
}

if (typeof document !== "undefined" && document.getElementById("passkeys")) main();
