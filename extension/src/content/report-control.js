// "This looks wrong" at the foot of a badge's explanation: the same page report the popup's
// "This page looks wrong" sends (the content script's one `report`, offered here by
// content-main.js), said sent or not in a live region. A badge sends it once per page view:
// the state outlives the panel's re-renders and its closing, and the page's own scripts, which
// can reach the open shadow root, cannot press it (only a person's click is trusted).

/** @typedef {{state: "idle"|"sending"|"sent"|"failed", view: {button: HTMLButtonElement, status: HTMLElement}|null}} Entry */

/** @type {{send: () => Promise<any>, trusted: (event: Event) => boolean}|null} */
let reporter = null;
/** @type {WeakMap<object, Entry>} badge host (or a panel outside a badge) → its report */
const reports = new WeakMap();

/**
 * Let explanations offer the page report.
 * @param {() => Promise<any>} send the content script's report: the background's answer ({ok, id} | {ok: false, …})
 * @param {{trusted?: (event: Event) => boolean}} [options] which clicks a person made (tests stand in for one)
 */
export function offerPageReport(send, { trusted = (event) => event.isTrusted } = {}) {
  reporter = { send, trusted };
}

/** @param {Entry} entry @param {Function} t */
function show(entry, t) {
  if (!entry.view) return;
  const { button, status } = entry.view;
  // aria-disabled, not disabled: the button keeps the focus a keyboard user gave it.
  const done = entry.state === "sending" || entry.state === "sent";
  if (done) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
  const words = { sent: "reportPageSent", failed: "explanationReportFailed" }[entry.state];
  const text = words ? t(words) : "";
  if (status.textContent !== text) status.textContent = text;
}

/** @param {Entry} entry @param {Function} t */
async function send(entry, t) {
  if (!reporter || entry.state === "sending" || entry.state === "sent") return;
  entry.state = "sending";
  show(entry, t);
  const answer = await reporter.send().catch(() => null);
  entry.state = answer?.ok ? "sent" : "failed"; // a failure may be tried again: nothing was sent
  show(entry, t);
}

/**
 * The report's button and live status for `panel`, or null where nothing offers a report.
 * @param {HTMLElement} panel the explanation (inside a badge's shadow root once shown)
 * @param {Function} t localised text
 * @returns {HTMLElement|null}
 */
export function reportControl(panel, t) {
  if (!reporter) return null;
  const doc = panel.ownerDocument;
  // A badge's shadow root has the badge as its host; a panel elsewhere keys its own report.
  const owner = /** @type {ShadowRoot} */ (panel.getRootNode()).host ?? panel;
  let entry = reports.get(owner);
  if (!entry) reports.set(owner, (entry = { state: "idle", view: null }));
  const box = doc.createElement("div");
  box.className = "report";
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "report-button";
  button.textContent = t("explanationReport");
  const status = doc.createElement("p");
  status.className = "report-status";
  status.setAttribute("aria-live", "polite");
  box.append(button, status);
  entry.view = { button, status };
  show(entry, t);
  const mine = entry;
  button.addEventListener("click", (event) => {
    event.preventDefault();
    event.stopPropagation(); // never let the page's own handlers act on it
    if (reporter?.trusted(event)) void send(mine, t);
  });
  return box;
}
