// The objection walk-through, one card per linked account: the letter the service writes, Meta's
// form, the steps the person records (and takes back when one was a mistake), and the timeline
// of what Meta may already have used and what the objection covers.

import { DATED_STEPS, FORMS, correctionTargets, nextSteps, stepBody } from "./objection.js";
import { $, element, formatDate, problemText, saveFile, say } from "./dom.js";

const NAMES = { facebook: "Facebook", instagram: "Instagram" };
const remembered = {}; // platform → the state before the last step this page recorded
const letters = {}; // platform → the letter shown, kept while the cards are drawn again

function field(labelText, input) {
  const wrap = element("div", { class: "field" });
  const label = element("label", { for: input.id }, labelText);
  wrap.append(label, input);
  return wrap;
}

function letterBox(ctx, account, box, out) {
  const letter = letters[account.platform];
  const text = element("pre", { class: "letter", tabindex: "0", "aria-label": ctx.t("letterLabel") }, letter);
  const copy = element("button", { type: "button", class: "secondary" }, ctx.t("letterCopy"));
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(letter);
      say(out, ctx.t("letterCopied"), "ok");
    } catch {
      say(out, ctx.t("letterCopyFailed"), "error");
    }
  });
  const download = element("button", { type: "button", class: "secondary" }, ctx.t("letterDownload"));
  download.addEventListener("click", () => saveFile(`objection-${account.platform}.txt`, letter));
  const row = element("div", { class: "actions-row" });
  row.append(copy, download);
  box.replaceChildren(text, row);
}

async function showLetter(ctx, account, card) {
  const out = card.querySelector(".letter-message");
  say(out, ctx.t("working"));
  // Getting the letter marks a fresh objection "ready", with a receipt; reading again changes nothing.
  const fresh = ["not_started", "needs_resubmission", "withdrawn"].includes(account.objection.state);
  // The service writes the letter in each of the page's languages.
  const query = `platform=${account.platform}&lang=${ctx.language}${fresh ? "&mark_ready=true" : ""}`;
  const answer = await ctx.api.request(`/v1/me/objection-letter?${query}`, { method: fresh ? "POST" : "GET", accept: "text/plain" });
  if (!answer.ok) return say(out, problemText(ctx.t, answer.problem), "error");
  letters[account.platform] = answer.text ?? "";
  if (fresh) await ctx.reload(); // the state moved on: the cards are drawn again, the letter with them
  else letterBox(ctx, account, card.querySelector(".letter-box"), out);
  const shown = document.querySelector(`.walk[data-platform="${account.platform}"] .letter`);
  shown?.focus();
}

async function recordStep(ctx, account, body, correction = false) {
  const answer = await ctx.api.request(`/v1/me/objections/${account.platform}/steps`, { method: "POST", body });
  if (!answer.ok) return { ok: false, text: problemText(ctx.t, answer.problem) };
  if (!correction) remembered[account.platform] = account.objection.state;
  else delete remembered[account.platform];
  await ctx.reload();
  return { ok: true };
}

function stepForm(ctx, account, id) {
  const form = element("form", { class: "step-form", novalidate: "" });
  const select = element("select", { id: `${id}-step` });
  for (const state of nextSteps(account.objection.state)) select.append(element("option", { value: state }, ctx.t(`step_${state}`)));
  const day = element("input", { id: `${id}-on`, type: "date", max: new Date().toISOString().slice(0, 10), min: "2024-01-01" });
  const reason = element("input", { id: `${id}-reason`, maxlength: "500" });
  const dayField = field(ctx.t("stepOn"), day);
  const reasonField = field(ctx.t("stepReason"), reason);
  const sync = () => {
    dayField.hidden = !DATED_STEPS.includes(select.value);
    reasonField.hidden = select.value !== "rejected";
  };
  select.addEventListener("change", sync);
  const message = element("p", { class: "step-message", role: "status" });
  form.append(field(ctx.t("stepLabel"), select), dayField, reasonField, element("button", { type: "submit", class: "primary" }, ctx.t("stepSubmit")), message);
  sync();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(message, ctx.t("working"));
    const done = await recordStep(ctx, account, stepBody(select.value, { on: day.value || null, reason: reason.value.trim() || null, profile: account.profile }));
    if (!done.ok) say(message, done.text, "error");
    else $(`${id}-state`)?.focus();
  });
  return form;
}

function correctionForm(ctx, account, id) {
  const details = element("details", { class: "correction" });
  details.append(element("summary", {}, ctx.t("correctionHeading")));
  const targets = correctionTargets(account.objection.state, remembered[account.platform]);
  const select = element("select", { id: `${id}-back` });
  for (const state of targets) select.append(element("option", { value: state }, ctx.t(`state_${state}`)));
  const reason = element("input", { id: `${id}-why`, minlength: "3", maxlength: "280" });
  const message = element("p", { role: "status" });
  const form = element("form", { novalidate: "" });
  form.append(field(ctx.t("correctionBack"), select), field(ctx.t("correctionReason"), reason),
    element("button", { type: "submit", class: "secondary" }, ctx.t("correctionSubmit")), message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (reason.value.trim().length < 3) {
      say(message, ctx.t("correctionNeedsReason"), "error");
      reason.focus();
      return;
    }
    const body = { state: select.value, correction: { reason: reason.value.trim() }, ...(account.profile ? { profile: account.profile } : {}) };
    const done = await recordStep(ctx, account, body, true);
    if (!done.ok) say(message, done.text, "error");
    else $(`${id}-state`)?.focus();
  });
  details.append(form);
  return details;
}

function timelineList(ctx, timeline) {
  const list = element("ol", { class: "timeline" });
  for (const entry of timeline?.entries ?? []) {
    const item = element("li", {}, `${formatDate(ctx.language, entry.on)}: ${ctx.t(`timeline_${entry.what}`)}`);
    if (entry.reason) item.append(element("span", { class: "reason" }, ` “${entry.reason}”`));
    if (entry.source) {
      item.append(" ");
      item.append(element("a", { href: entry.source, rel: "noopener noreferrer", target: "_blank" }, ctx.t("sourceLink")));
    }
    list.append(item);
  }
  return list;
}

/** The objection's state in words; a withdrawal with its day. */
function stateText(ctx, objection) {
  if (objection.state === "withdrawn" && objection.withdrawn_on) {
    return ctx.t("state_withdrawn_on", { date: formatDate(ctx.language, objection.withdrawn_on) });
  }
  return ctx.t(`state_${objection.state}`);
}

function card(ctx, account, timeline, index) {
  const id = `walk-${index}`;
  const name = account.profile ? `${NAMES[account.platform]} (${account.profile})` : NAMES[account.platform];
  const article = element("article", { class: "walk", "data-platform": account.platform });
  article.append(element("h3", {}, name));
  article.append(element("p", { id: `${id}-state`, class: "state", tabindex: "-1" }, ctx.t("stateNow", { state: stateText(ctx, account.objection) })));
  const steps = element("ol", { class: "walk-steps" });
  const letter = element("li");
  const letterButton = element("button", { type: "button", class: "secondary" }, ctx.t("letterGet"));
  letterButton.addEventListener("click", () => showLetter(ctx, account, article));
  letter.append(element("h4", {}, ctx.t("walkLetter")), element("p", {}, ctx.t("walkLetterHelp")), letterButton,
    element("p", { class: "letter-message", role: "status" }), element("div", { class: "letter-box" }));
  const form = element("li");
  form.append(element("h4", {}, ctx.t("walkForm")), element("p", {}, ctx.t("walkFormHelp")),
    element("a", { class: "form-link", href: FORMS[account.platform], rel: "noopener noreferrer", target: "_blank" }, ctx.t("walkFormLink", { platform: NAMES[account.platform] })));
  const track = element("li");
  track.append(element("h4", {}, ctx.t("walkTrack")), stepForm(ctx, account, id), correctionForm(ctx, account, id));
  if (letters[account.platform]) letterBox(ctx, account, letter.querySelector(".letter-box"), letter.querySelector(".letter-message"));
  steps.append(letter, form, track);
  article.append(steps);
  if (timeline) {
    article.append(element("h4", {}, ctx.t("timelineHeading")), timelineList(ctx, timeline));
    article.append(element("p", { class: "help", lang: "en" }, timeline.may_already_be_used));
  }
  return article;
}

/** The walk-through for every linked account, or why there is none. */
export function showWalkthroughs(ctx, prefs, timeline) {
  const accounts = prefs?.accounts ?? [];
  $("object").hidden = accounts.length === 0;
  const right = timeline?.objection_right;
  say($("object-note"), right === false ? ctx.t("objectNoRight") : right == null ? ctx.t("objectNoRegion") : ctx.t("objectIntro"));
  if (right !== true) return $("walkthroughs").replaceChildren();
  const cards = accounts.map((account, index) => card(ctx, account, timeline.accounts.find((a) => a.platform === account.platform && a.profile === account.profile), index));
  $("walkthroughs").replaceChildren(...cards);
}
