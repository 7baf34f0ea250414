// The record's account on this page: whether this browser holds it, the ways back to it (recovery
// codes, a link code for another device, a passkey) and reaching an existing one with any of them.

import { SIGNED_OUT } from "./api.js";
import { $, element, formatDate, problemText, saveFile, say } from "./dom.js";
import { passkeysSupported, passkeySignIn, registerPasskey } from "./passkeys.js";

let shownCodes = [];

/** Show who this browser is signed in as (a short form of the account id), or that it is not. */
export function showAccount(ctx) {
  const auth = ctx.api.account();
  const signedIn = auth?.status === "signed_in";
  const short = auth?.accountId ? auth.accountId.slice(0, 8) : "";
  let status = ctx.t("accountNone");
  if (signedIn) status = ctx.t("accountSignedIn", { id: short });
  else if (auth?.status === SIGNED_OUT) status = ctx.t("accountSignedOut", { id: short });
  $("account-status").textContent = status;
  $("signed-in").hidden = !signedIn;
  $("passkey-sign-in-row").hidden = !passkeysSupported();
  $("add-passkey").hidden = !passkeysSupported();
  if (!signedIn) $("reach").open = $("reach").open || auth?.status === SIGNED_OUT;
}

/** Whether nothing but this browser would bring the person back (the service says). */
export async function showStranded(ctx) {
  const answer = await ctx.api.request("/v1/me/credentials");
  $("stranded").hidden = !(answer.ok && answer.body.stranded_if_signed_out);
}

async function reachWith(ctx, path, body) {
  say($("reach-message"), ctx.t("working"));
  const answer = await ctx.api.signIn(path, body);
  if (!answer.ok) {
    say($("reach-message"), problemText(ctx.t, answer.problem), "error");
    return;
  }
  say($("reach-message"), ctx.t("reached"), "ok");
  $("reach").open = false;
  await ctx.reload();
  $("account-heading").focus();
}

function codeForm(ctx, formId, inputId, path) {
  $(formId).addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = $(inputId).value.trim();
    if (!code) {
      say($("reach-message"), ctx.t("codeMissing"), "error");
      $(inputId).focus();
      return;
    }
    await reachWith(ctx, path, { code });
  });
}

async function makeRecoveryCodes(ctx) {
  const message = $("ways-back-message");
  say(message, ctx.t("working"));
  const answer = await ctx.api.request("/v1/me/recovery-codes", { method: "POST" });
  if (!answer.ok) return say(message, problemText(ctx.t, answer.problem), "error");
  shownCodes = answer.body.codes;
  $("recovery-codes").replaceChildren(...shownCodes.map((code) => element("li", { class: "code" }, code)));
  $("recovery-result").hidden = false;
  say(message, ctx.t("recoveryMade"), "ok");
  await showStranded(ctx);
}

async function makeLinkCode(ctx) {
  const message = $("ways-back-message");
  say(message, ctx.t("working"));
  const answer = await ctx.api.request("/v1/me/link-codes", { method: "POST" });
  if (!answer.ok) return say(message, problemText(ctx.t, answer.problem), "error");
  $("link-code").textContent = answer.body.code;
  $("link-expires").textContent = ctx.t("linkExpires", { time: formatDate(ctx.language, answer.body.expires_at, true) });
  // The QR code is the service's SVG shown as an image, never inserted as markup.
  $("link-qr").src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(answer.body.qr_svg)}`;
  $("link-qr").alt = ctx.t("linkQrAlt");
  $("link-result").hidden = false;
  say(message, ctx.t("linkMade"), "ok");
}

async function addPasskey(ctx) {
  const message = $("ways-back-message");
  say(message, ctx.t("working"));
  const result = await registerPasskey(ctx.api);
  if (!result.ok) return say(message, result.problem ? problemText(ctx.t, result.problem) : ctx.t("passkeyCancelled"), "error");
  say(message, ctx.t("passkeyAdded"), "ok");
  await showStranded(ctx);
}

async function signInWithPasskey(ctx) {
  say($("reach-message"), ctx.t("working"));
  const result = await passkeySignIn(ctx.api);
  if (!result.ok) {
    say($("reach-message"), result.problem ? problemText(ctx.t, result.problem) : ctx.t("passkeyCancelled"), "error");
    return;
  }
  say($("reach-message"), ctx.t("reached"), "ok");
  $("reach").open = false;
  await ctx.reload();
  $("account-heading").focus();
}

/** A link code arriving in the address (`#link=<code>`) is filled in, not used: the person decides. */
export function takeLinkFromAddress(ctx) {
  const match = /^#link=([0-9A-Za-z-]{5,40})$/.exec(location.hash);
  if (!match) return;
  history.replaceState(null, "", location.pathname + location.search);
  $("link-code-input").value = match[1];
  $("reach").open = true;
  say($("reach-message"), ctx.t("linkFromAddress"));
  $("link-code-input").focus();
}

export function wireAccount(ctx) {
  codeForm(ctx, "recovery-form", "recovery-code", "/v1/auth/recovery");
  codeForm(ctx, "link-form", "link-code-input", "/v1/auth/link");
  $("passkey-sign-in").addEventListener("click", () => signInWithPasskey(ctx));
  $("make-recovery").addEventListener("click", () => makeRecoveryCodes(ctx));
  $("make-link").addEventListener("click", () => makeLinkCode(ctx));
  $("add-passkey").addEventListener("click", () => addPasskey(ctx));
  $("download-recovery").addEventListener("click", () => {
    const lines = shownCodes.map((code, index) => `${index + 1}. ${code}`);
    const text = `${ctx.t("recoveryFileTitle")}\n\n${lines.join("\n")}\n`;
    saveFile("ai-optout-recovery-codes.txt", text);
  });
  $("sign-out").addEventListener("click", async () => {
    await ctx.api.signOut();
    $("recovery-result").hidden = true;
    $("link-result").hidden = true;
    await ctx.reload();
    $("account-heading").focus();
  });
  $("account-heading").tabIndex = -1;
}
