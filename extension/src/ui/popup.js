// The popup: shows the person's status and records or changes their opt-out.

import { activeTabId, openOptionsPage, sendMessage, sendToTab, t, uiLanguage } from "../ext.js";
import { MSG } from "../messages.js";
import { byId } from "./elements.js";
import { localize } from "./i18n-dom.js";
import { startPolicyNotice } from "./popup-notice.js";
import { buildForm, formToPreferences, preferencesToForm, statusLines, syncForm } from "./popup-form.js";

const doc = globalThis.document;
let current = null; // the preferences last shown
let shownEtag = null; // their version: a save over a newer one is refused (412) instead of overwriting it unseen

function showStatus(state) {
  const box = byId(doc, "status");
  box.replaceChildren(...statusLines(state, t).map((line) => Object.assign(doc.createElement("p"), { textContent: line })));
  box.dataset.state = state.preferences ? "ready" : state.problem ? "offline" : "loading";
}

function showMessage(kind, text, errors = []) {
  const box = byId(doc, "message");
  box.dataset.kind = kind;
  box.replaceChildren(Object.assign(doc.createElement("p"), { textContent: text }));
  if (errors.length) {
    const list = doc.createElement("ul");
    for (const e of errors) list.append(Object.assign(doc.createElement("li"), { textContent: `${e.field}: ${e.message}` }));
    box.append(list);
  }
}

/** Signed out: say so, offer the way back, and keep the form (which needs the record) away. */
function showSignedOut(signedOut) {
  byId(doc, "signed-out").hidden = !signedOut;
  byId(doc, "optout-form").hidden = signedOut;
  byId(doc, "save").hidden = signedOut; // the form's button, outside it in the popup's last row
}

function show(state) {
  if (state.ageBand !== undefined) byId(doc, "age-band").value = state.ageBand ?? "";
  if (state.signedOut !== undefined) showSignedOut(state.signedOut === true);
  if (state.signedOut) {
    const box = byId(doc, "status");
    box.replaceChildren(Object.assign(doc.createElement("p"), { textContent: t("statusSignedOut") }));
    box.dataset.state = "signed-out";
    return;
  }
  showStatus(state);
  if (state.preferences) {
    current = state.preferences;
    shownEtag = state.etag ?? null;
    preferencesToForm(doc, current);
  }
  syncForm(doc, t);
}

async function save(event) {
  event.preventDefault();
  const button = byId(doc, "save");
  button.disabled = true;
  showMessage("info", t("saving"));
  try {
    const answer = await sendMessage({ type: MSG.SAVE_PREFERENCES, preferences: formToPreferences(doc, current), etag: shownEtag });
    const detail = answer?.problem?.detail ?? answer?.problem?.title ?? answer?.error ?? "";
    if (answer?.ok) {
      show({ preferences: answer.preferences, etag: answer.etag, receipt: answer.receipt });
      showMessage("ok", t("saved"));
    } else if (answer?.code === "stale") {
      if (answer.preferences) show({ preferences: answer.preferences, etag: answer.etag, receipt: null });
      showMessage("error", t("errorStale"));
    } else if (answer?.code === "conflict") {
      showMessage("error", t("errorConflict", [detail]));
    } else if (answer?.code === "invalid") {
      showMessage("error", t("errorInvalid"), answer.problem?.errors ?? []);
    } else {
      showMessage("error", t("errorGeneric", [detail]));
    }
  } finally {
    button.disabled = false;
  }
}

/** The person's age band is theirs alone: kept on this device, never part of the record's form. */
async function saveAgeBand() {
  const value = byId(doc, "age-band").value || null;
  await sendMessage({ type: MSG.SET_AGE_BAND, ageBand: value }).catch(() => null);
}

/** "This page looks wrong": the tab's content script sends its page's shape (page-shape.js). */
async function reportPage() {
  const tabId = await activeTabId().catch(() => null);
  const answer = tabId === null ? null : await sendToTab(tabId, { type: MSG.REPORT_PAGE }).catch(() => null);
  byId(doc, "report-message").textContent = t(answer?.ok ? "reportPageSent" : "reportPageFailed");
}

async function main() {
  localize(doc, t, uiLanguage());
  buildForm(doc, t, uiLanguage());
  syncForm(doc, t);
  byId(doc, "optout-form").addEventListener("change", () => syncForm(doc, t));
  byId(doc, "optout-form").addEventListener("submit", save);
  byId(doc, "ways-back").addEventListener("click", () => { openOptionsPage(); });
  byId(doc, "age-band").addEventListener("change", saveAgeBand);
  byId(doc, "report-page").addEventListener("click", reportPage);
  const answer = await sendMessage({ type: MSG.GET_STATE, refresh: true }).catch(() => null);
  show(answer?.ok ? answer.state : { preferences: null, problem: { title: "unreachable" } });
  // After the record is read afresh: the region asked about is the one it now holds. Not when
  // the background did not answer (it was stopped meanwhile): asking would only start another.
  if (answer?.ok) await startPolicyNotice(doc, { send: sendMessage, t, language: uiLanguage() });
}

if (typeof document !== "undefined" && document.getElementById("optout-form")) main();
