// Small DOM helpers for the page's views: elements from tags and text only (never HTML strings),
// messages in live regions, the service's problems in the person's words, files to save.

import { element as elementIn } from "../dom.js";
import { problemCode } from "./api.js";

export const $ = (id) => document.getElementById(id);

export const element = (tag, attributes = {}, text = null) => elementIn(document, tag, attributes, text);

/** Put `text` in a message element; `kind` ("error", "ok" or "") styles it. */
export function say(node, text, kind = "") {
  node.textContent = text;
  node.dataset.kind = kind;
}

/**
 * A problem+json answer in the person's language where its code is known (`problem_<code>`),
 * else the service's own detail or title.
 */
export function problemText(t, problem) {
  const code = problemCode(problem);
  if (code) {
    const key = `problem_${code.replace(/-/g, "_")}`;
    const text = t(key);
    if (text !== key) return text;
  }
  return problem?.detail ?? problem?.title ?? t("problemUnknown");
}

/** Offer `text` as a file named `name`, made on this device. */
export function saveFile(name, text, type = "text/plain") {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = element("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A date or time the way the person's language writes it. */
export function formatDate(language, value, withTime = false) {
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  const options = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "long", timeZone: "UTC" };
  // The browser's own variant of the page's language (en-GB, pt-PT) writes dates as the person does.
  const base = language.split("-")[0];
  const locale = (navigator.languages ?? []).find((tag) => tag === language || tag.split("-")[0] === base) ?? language;
  return new Intl.DateTimeFormat(locale, options).format(date);
}
