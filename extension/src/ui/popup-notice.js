// The popup's one-time notice that Meta's rules for the person's region changed: one entry per
// version that took effect since they last looked ("Meta's rules for Germany changed on 27 May
// 2025:", what changed, each with its source), a link to what it means for them and a dismiss
// button. The texts come in the language the service answered in, which the entry says (`lang`).

import { MSG } from "../messages.js";
import { byId, linkById } from "./elements.js";

/** @typedef {import("../background/policy-notices.js").Notice} Notice */
/** @typedef {{ok?: boolean, region?: string|null, site?: string|null, notices?: Notice[]}} NoticeAnswer */

/** A YYYY-MM-DD day in the person's locale ("27 May 2025", "27. Mai 2025"). @param {string} day @param {string} language */
export function formatDay(day, language) {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat([language, "en"], { dateStyle: "long", timeZone: "UTC" }).format(date);
}

/** The region's name in the person's language, else its code. @param {string} code @param {string} language */
export function regionName(code, language) {
  try {
    return new Intl.DisplayNames([language, "en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** One version's entry. @param {Document} doc @param {Notice} notice @param {{t: Function, language: string, region: string}} how */
function entry(doc, notice, { t, language, region }) {
  const article = doc.createElement("article");
  article.dataset.policy = notice.id;
  const heading = doc.createElement("h3");
  heading.textContent = t("policyChangedOn", [regionName(region, language), formatDay(notice.effective_from, language)]);
  const list = doc.createElement("ul");
  // The feed always says what a version changed; should it not, its title says what holds now.
  const changes = notice.changes.length ? notice.changes : [{ text: notice.title, source: "" }];
  for (const change of changes) {
    const item = doc.createElement("li");
    if (notice.lang) item.lang = notice.lang;
    item.append(doc.createTextNode(change.text));
    if (change.source) {
      const link = doc.createElement("a");
      link.href = change.source;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.className = "policy-source";
      link.lang = language;
      link.textContent = t("policySource");
      item.append(doc.createTextNode(" "), link);
    }
    list.append(item);
  }
  article.append(heading, list);
  return article;
}

/**
 * Show the notice for `answer` (the background's POLICY_NOTICES answer), or hide it when there is
 * nothing new. The ids shown, for the dismiss button. `body[data-policy-notice]` says which, once known.
 * @param {Document} doc @param {(key: string, subs?: string[]) => string} t @param {string} language
 * @param {NoticeAnswer|null} answer
 * @returns {string[]}
 */
export function showPolicyNotice(doc, t, language, answer) {
  const box = byId(doc, "policy-notice");
  const notices = answer?.ok && answer.region ? answer.notices ?? [] : [];
  const region = answer?.region ?? "";
  byId(doc, "policy-notice-list").replaceChildren(...notices.map((n) => entry(doc, n, { t, language, region })));
  const meaning = linkById(doc, "policy-notice-meaning");
  meaning.hidden = !answer?.site;
  if (answer?.site) meaning.href = answer.site;
  box.hidden = notices.length === 0;
  doc.body.dataset.policyNotice = notices.length ? "shown" : "none";
  return notices.map((n) => n.id);
}

/**
 * Ask the background for what changed, show it, and dismiss it for good on the person's click.
 * @param {Document} doc @param {{send: (message: any) => Promise<any>, t: (key: string, subs?: string[]) => string, language: string}} deps
 */
export async function startPolicyNotice(doc, { send, t, language }) {
  const answer = await send({ type: MSG.POLICY_NOTICES }).catch(() => null);
  const shown = showPolicyNotice(doc, t, language, answer);
  byId(doc, "policy-notice-dismiss").addEventListener("click", async () => {
    if (!shown.length) return;
    const done = await send({ type: MSG.DISMISS_POLICY_NOTICES, ids: shown }).catch(() => null);
    if (!done?.ok) return; // kept: it shows again next time rather than being lost unread
    showPolicyNotice(doc, t, language, null);
  });
}
