// The opt-out record: the form filled from the record as read, saved whole with If-Match (a
// stale version is read again and the person asked to look before saving), and the receipts, each
// downloadable as its signed JWS and checked by the service's verify endpoint.

import { PLATFORMS, SCOPES, preferencesBody } from "./objection.js";
import { receiptFileName } from "./receipts.js";
import { $, element, formatDate, problemText, saveFile, say } from "./dom.js";

const ACTION_KEYS = { recorded: "actionRecorded", withdrawn: "actionWithdrawn", changed: "actionChanged" };

/** Put the record as read into the form (nothing read yet: the form keeps its defaults). */
export function fillRecord(prefs) {
  if (!prefs) return;
  if (prefs.region) $("region").value = prefs.region;
  for (const platform of PLATFORMS) {
    const account = prefs.accounts.find((item) => item.platform === platform);
    $(`use-${platform}`).checked = Boolean(account);
    $(`profile-${platform}`).value = account?.profile ?? "";
  }
  const center = $("accounts-center");
  center.checked = prefs.accounts.length > 0 && prefs.accounts.every((account) => account.accounts_center === true);
  center.defaultChecked = center.checked; // as read: what unticked-and-left-so keeps
  const chosen = prefs.scope === "all" ? SCOPES : prefs.scope;
  for (const box of document.querySelectorAll('input[name="scope"]')) box.checked = chosen.includes(box.value);
  $("listed").checked = prefs.listed;
}

function chosenInForm() {
  const profiles = {};
  for (const platform of PLATFORMS) {
    if ($(`use-${platform}`).checked) profiles[platform] = $(`profile-${platform}`).value;
  }
  const scope = [...document.querySelectorAll('input[name="scope"]:checked')].map((box) => box.value);
  // A ticked box marks every account; one read unticked and left so keeps each account's own mark
  // (a record where only some are marked stays as it is), as the extension's popup does.
  const box = $("accounts-center");
  const center = box.checked || box.defaultChecked ? box.checked : undefined;
  return { region: $("region").value, profiles, scope: scope.length === SCOPES.length ? "all" : scope, listed: $("listed").checked, center };
}

async function saveRecord(ctx, event) {
  event.preventDefault();
  const message = $("record-message");
  const chosen = chosenInForm();
  if (Object.keys(chosen.profiles).length === 0) {
    say(message, ctx.t("recordNeedsAccount"), "error");
    $("use-facebook").focus();
    return;
  }
  if (chosen.scope.length === 0) {
    say(message, ctx.t("recordNeedsScope"), "error");
    document.querySelector('input[name="scope"]').focus();
    return;
  }
  say(message, ctx.t("working"));
  if (ctx.api.account()?.status !== "signed_in") {
    // The first record makes the account, as the extension does on first use.
    const made = await ctx.api.signUp();
    if (!made.ok) return say(message, problemText(ctx.t, made.problem), "error");
    await ctx.reload({ quiet: true });
  }
  if (!ctx.etag) await ctx.reload({ quiet: true });
  const body = preferencesBody(chosen, ctx.prefs);
  const answer = await ctx.api.request("/v1/me/preferences", { method: "PUT", body, headers: ctx.etag ? { "If-Match": ctx.etag } : {} });
  if (answer.status === 412) {
    await ctx.reload();
    say(message, ctx.t("recordStale"), "error");
    return;
  }
  if (!answer.ok) return say(message, problemText(ctx.t, answer.problem), "error");
  await ctx.reload();
  say(message, ctx.t(answer.body.receipt ? "recordSaved" : "recordUnchanged"), "ok");
  if (answer.body.receipt) await verify(ctx, answer.body.receipt.id, answer.body.receipt.jws);
}

/** Ask the service whether a receipt is genuine, and say so next to it. */
async function verify(ctx, id, jws) {
  const out = document.querySelector(`[data-receipt="${CSS.escape(id)}"] .verified`);
  if (!out) return;
  say(out, ctx.t("working"));
  const answer = await ctx.api.publicCall("/v1/receipts/verify", { method: "POST", body: { receipt: jws } });
  if (!answer.ok) return say(out, problemText(ctx.t, answer.problem), "error");
  const result = answer.body;
  if (result.valid && result.log === "matches") {
    say(out, ctx.t("receiptValid", { key: result.kid ?? "?", position: result.claims?.event?.seq ?? "?" }), "ok");
  } else {
    say(out, ctx.t("receiptInvalid", { reason: result.reason ?? result.log }), "error");
  }
}

function receiptItem(ctx, receipt) {
  const item = element("li", { class: "receipt", "data-receipt": receipt.id });
  const when = formatDate(ctx.language, receipt.created_at, true);
  item.append(element("p", { class: "receipt-title" }, `${ctx.t(ACTION_KEYS[receipt.action] ?? "actionChanged")}: ${when}`));
  const buttons = element("div", { class: "actions-row" });
  const check = element("button", { type: "button", class: "secondary" }, ctx.t("receiptCheck"));
  check.addEventListener("click", () => verify(ctx, receipt.id, receipt.jws));
  const download = element("button", { type: "button", class: "secondary" }, ctx.t("receiptDownload"));
  download.addEventListener("click", () => saveFile(receiptFileName(receipt), `${receipt.jws}\n`, "application/jose"));
  buttons.append(check, download);
  item.append(buttons, element("p", { class: "verified", role: "status" }));
  return item;
}

/** The person's receipts, newest first. */
export async function showReceipts(ctx) {
  const answer = await ctx.api.request("/v1/me/receipts?limit=20");
  const receipts = answer.ok ? answer.body.receipts : [];
  $("receipt-list").replaceChildren(...receipts.map((receipt) => receiptItem(ctx, receipt)));
  $("receipts").hidden = receipts.length === 0;
}

export function wireRecord(ctx) {
  $("record-form").addEventListener("submit", (event) => saveRecord(ctx, event));
}
