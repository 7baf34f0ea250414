// The explanation a badge opens: the verdict, what was read from the page, whether the item may
// already have been used, the reasons with their sources, what the person can do, and what would
// change the verdict; for a conditional answer, the condition. Text only through textContent; links
// only to http(s) addresses.

import { badgeWords } from "./badge-words.js";
import { reportControl } from "./report-control.js";

/** @param {string|null|undefined} url */
export function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function el(doc, tag, text, attrs = {}) {
  const node = doc.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function link(doc, text, url) {
  const href = safeUrl(url);
  if (!href) return el(doc, "span", text);
  return el(doc, "a", text, { href, target: "_blank", rel: "noopener noreferrer" });
}

/** Localise a fact name or value the API names in a flip ("audience" → "friends"). */
function factText(t, fact, value) {
  const known = { audience: "audience_", kind: "kind_", author: "author_", author_age: "age_" };
  if (value === undefined) return t(`fact_${fact}`) === `fact_${fact}` ? fact : t(`fact_${fact}`);
  const key = known[fact] ? `${known[fact]}${value}` : null;
  const text = key ? t(key) : null;
  return text && text !== key ? text : String(value);
}

/** An objection's scope as the API names it: "all", or categories ("posts,comments" or a list). */
function scopeText(t, to) {
  const parts = Array.isArray(to) ? to : String(to).split(/[,\s]+/).filter(Boolean);
  return parts.map((p) => (t(`scope_${p}`) !== `scope_${p}` && t(`scope_${p}`)) || p).join(", ");
}

/**
 * A fact's day ("2025-06-01", the day the page showed) in the person's language. Formatted as
 * that calendar day in UTC, so no time zone moves it to the day before or after.
 * @param {string} day @param {string} [locale] e.g. "en_US" (the browser's @@ui_locale)
 */
export function shownDate(day, locale) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const tag = typeof locale === "string" && /^[a-z]{2,3}(?:_[A-Za-z0-9]+)*$/.test(locale) ? locale.replace(/_/g, "-") : undefined;
  let format;
  try {
    format = new Intl.DateTimeFormat(tag || undefined, { dateStyle: "medium", timeZone: "UTC" });
  } catch {
    format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
  }
  return format.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/**
 * Fill `panel` with the explanation.
 * @param {HTMLElement} panel
 * @param {{facts: import("../messages.js").Fact, result: import("../messages.js").Result|null, status: string,
 *   t: Function, onClose: () => void}} view
 */
export function renderExplanation(panel, { facts, result, status, t, onClose }) {
  panel.replaceChildren();
  explain(panel, { facts, result, status, t, onClose });
  // Whatever the answer, the reading itself may be wrong: "This looks wrong" is always at the foot.
  const report = reportControl(panel, t);
  if (report) panel.append(report);
}

/** The explanation's body. @param {HTMLElement} panel @param {Parameters<typeof renderExplanation>[1]} view */
function explain(panel, { facts, result, status, t, onClose }) {
  const doc = panel.ownerDocument;
  const close = el(doc, "button", "×", { type: "button", class: "close", "aria-label": t("close") });
  close.addEventListener("click", onClose);
  const words = badgeWords(result, status);
  const unless = words.unless ? t(`verdict_${words.unless}`) : null;
  const title = el(doc, "h2", t(words.sentence), { id: "ai-optout-title" });
  panel.setAttribute("aria-labelledby", "ai-optout-title");
  const date = facts.created_at ? shownDate(facts.created_at, t("@@ui_locale")) : t("dateUnknown");
  const read = el(doc, "p", t("factsLine", [t(`kind_${facts.kind}`), t(`audience_${facts.audience}`), date, t(`author_${facts.author}`)]), { class: "meta" });
  panel.append(close, title, read);
  if (status === "error") { panel.append(el(doc, "p", t("serviceError"))); return; }
  if (status !== "ready" || !result) { panel.append(el(doc, "p", t("checking"))); return; }
  // The condition spelled out: the page cannot show the author's age, which is Meta's test.
  if (unless) panel.append(el(doc, "p", t("conditionMinor", [unless]), { class: "condition" }));
  const used = result.may_already_be_used;
  panel.append(el(doc, "p", t(used === true ? "mayBeUsedYes" : used === false ? "mayBeUsedNo" : "mayBeUsedUnknown")));
  if (result.reasons?.length) {
    const list = el(doc, "ul");
    for (const r of result.reasons) {
      const item = el(doc, "li", r.text);
      if (safeUrl(r.source)) {
        item.append(" ", link(doc, r.source_date ? t("sourceDated", [r.source_date]) : t("source"), r.source));
      }
      list.append(item);
    }
    panel.append(el(doc, "h3", t("reasonsHeading")), list);
  }
  if (result.actions?.length) {
    const list = el(doc, "ul");
    for (const a of result.actions) {
      const item = el(doc, "li");
      item.append(link(doc, a.text, a.url));
      list.append(item);
    }
    panel.append(el(doc, "h3", t("actionsHeading")), list);
  }
  if (result.flip?.length) {
    const list = el(doc, "ul");
    for (const f of result.flip) {
      const verdict = t(`verdict_${f.verdict}`);
      const line = f.fact === "objection"
        ? t("flipObjection", [scopeText(t, f.to), verdict])
        : t("flipLine", [factText(t, f.fact), factText(t, f.fact, f.to), verdict]);
      list.append(el(doc, "li", line));
    }
    panel.append(el(doc, "h3", t("flipHeading")), list);
  }
}
