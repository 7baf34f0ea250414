// The options page's credentials for a signed-in person: ten recovery codes (shown once, to download
// or print) with how many remain, and a short-lived link code for another device, shown large with
// its countdown and its QR image.

import { sendMessage, t } from "../ext.js";
import { MSG } from "../messages.js";
import { qrImageUrl, recoveryCodesText, timeLeft } from "./account-text.js";
import { byId } from "./elements.js";

/** @param {Document} doc @param {string} id @param {string} text @param {"ok"|"error"|""} [kind] */
function say(doc, id, text, kind = "") {
  const box = byId(doc, id);
  box.textContent = text;
  box.dataset.kind = kind;
}

/** How many recovery codes remain (GET /v1/me/recovery-codes). @param {Document} doc */
export async function showRemaining(doc) {
  const answer = await sendMessage({ type: MSG.RECOVERY_CODES }).catch(() => null);
  const remaining = answer?.ok ? Number(answer.remaining ?? answer.unused ?? NaN) : NaN;
  byId(doc, "recovery-remaining").textContent = Number.isFinite(remaining)
    ? (remaining ? t("recoveryRemaining", [String(remaining)]) : t("recoveryNone")) : "";
}

/** @param {Document} doc @param {string[]} codes @param {string} service */
function showCodes(doc, codes, service) {
  const list = byId(doc, "recovery-list");
  list.replaceChildren(...codes.map((code) => Object.assign(doc.createElement("li"), { textContent: code })));
  byId(doc, "recovery-new").hidden = false;
  const text = recoveryCodesText(codes, {
    title: t("recoveryFileTitle"), note: t("recoveryShownOnce"),
    service: t("recoveryFileService", [service]), made: t("recoveryFileMade", [new Date().toISOString()]),
  });
  const download = byId(doc, "recovery-download");
  download.onclick = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = Object.assign(doc.createElement("a"), { href: url, download: "ai-optout-recovery-codes.txt" });
    doc.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  byId(doc, "recovery-print").onclick = () => {
    doc.body.classList.add("printing-codes");
    globalThis.print?.();
    doc.body.classList.remove("printing-codes");
  };
}

/** @param {Document} doc @param {() => string} service */
function recoveryCodes(doc, service) {
  const button = byId(doc, "recovery-generate");
  button.addEventListener("click", async () => {
    button.disabled = true;
    say(doc, "recovery-status", t("recoveryWorking"));
    try {
      const answer = await sendMessage({ type: MSG.NEW_RECOVERY_CODES }).catch(() => null);
      if (answer?.ok && Array.isArray(answer.codes)) {
        showCodes(doc, answer.codes.map(String), service());
        say(doc, "recovery-status", ""); // the warning above the codes says what to do
        await showRemaining(doc);
      } else {
        say(doc, "recovery-status", t("serviceUnavailable"), "error");
      }
    } finally {
      button.disabled = false;
    }
  });
}

/** @param {Document} doc */
function linkCodes(doc) {
  const button = byId(doc, "link-generate");
  /** @type {ReturnType<typeof setInterval>|undefined} */
  let timer;
  button.addEventListener("click", async () => {
    button.disabled = true;
    clearInterval(timer);
    say(doc, "link-status", t("linkWorking"));
    try {
      const answer = await sendMessage({ type: MSG.NEW_LINK_CODE }).catch(() => null);
      if (!answer?.ok || typeof answer.code !== "string") { say(doc, "link-status", t("serviceUnavailable"), "error"); return; }
      say(doc, "link-status", "");
      byId(doc, "link-code-value").textContent = answer.code;
      const qr = qrImageUrl(answer.qr_svg, new DOMParser());
      const img = /** @type {HTMLImageElement} */ (/** @type {unknown} */ (byId(doc, "link-qr")));
      img.hidden = !qr;
      img.alt = t("linkQrAlt", [answer.code]);
      if (qr) img.src = qr;
      byId(doc, "link-shown").hidden = false;
      const tick = () => {
        const left = timeLeft(answer.expires_at, Date.now());
        byId(doc, "link-countdown").textContent = left ? t("linkExpiresIn", [left]) : t("linkExpired");
        if (!left) {
          clearInterval(timer);
          byId(doc, "link-code-value").textContent = "";
          img.hidden = true;
        }
      };
      tick();
      timer = setInterval(tick, 1000);
    } finally {
      button.disabled = false;
    }
  });
}

/** Wire the credential sections. @param {Document} doc @param {() => string} service the service's address */
export function setUpCredentials(doc, service) {
  recoveryCodes(doc, service);
  linkCodes(doc);
}
