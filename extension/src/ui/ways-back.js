// The options page's ways back to a record: a recovery code, a link code from another device, and,
// when the person asks for it, starting again with a new, empty account (the old record stays with
// the old account). Tokens stay in the background: this page only sends it what the person typed.

import { sendMessage, t } from "../ext.js";
import { MSG } from "../messages.js";
import { codeFailureKey } from "./account-text.js";
import { byId } from "./elements.js";

/** @param {Document} doc @param {string} id @param {string} text @param {"ok"|"error"|""} [kind] */
function say(doc, id, text, kind = "") {
  const box = byId(doc, id);
  box.textContent = text;
  box.dataset.kind = kind;
}

/**
 * @param {Document} doc @param {"recovery"|"link"} kind
 * @param {() => Promise<void>} refresh shows the page's state again
 */
function codeForm(doc, kind, refresh) {
  const form = byId(doc, `${kind}-form`);
  const input = byId(doc, `${kind}-code`);
  const button = byId(doc, `${kind}-submit`);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = input.value.trim();
    if (!code) { say(doc, "ways-back-status", t("codeMissing"), "error"); return; }
    button.disabled = true;
    say(doc, "ways-back-status", t("codeChecking"));
    try {
      const answer = await sendMessage({ type: MSG.REDEEM_CODE, kind, code }).catch(() => ({ ok: false, status: 0 }));
      if (answer?.ok) {
        input.value = "";
        await refresh();
        say(doc, "ways-back-status", t(answer.next === "add_passkey" ? "codeWelcomeBackPasskey" : "codeWelcomeBack"), "ok");
        if (answer.next === "add_passkey") doc.getElementById("passkeys")?.scrollIntoView({ block: "start" });
      } else {
        say(doc, "ways-back-status", t(codeFailureKey(answer)), "error");
        input.select();
      }
    } finally {
      button.disabled = false;
    }
  });
}

/** @param {Document} doc @param {() => Promise<void>} refresh */
function startOver(doc, refresh) {
  const confirm = byId(doc, "start-over-confirm");
  const button = byId(doc, "start-over-button");
  confirm.addEventListener("change", () => { button.disabled = !confirm.checked; });
  button.addEventListener("click", async () => {
    if (!confirm.checked) return;
    button.disabled = true;
    say(doc, "start-over-status", t("startOverWorking"));
    const answer = await sendMessage({ type: MSG.START_OVER, confirm: true }).catch(() => null);
    confirm.checked = false;
    if (answer?.ok) {
      await refresh();
      say(doc, "start-over-status", t("startOverDone"), "ok");
    } else {
      button.disabled = false;
      say(doc, "start-over-status", t("serviceUnavailable"), "error");
    }
  });
}

/** Wire the ways back. @param {Document} doc @param {() => Promise<void>} refresh */
export function setUpWaysBack(doc, refresh) {
  codeForm(doc, "recovery", refresh);
  codeForm(doc, "link", refresh);
  startOver(doc, refresh);
}
