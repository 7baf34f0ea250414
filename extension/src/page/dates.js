// Reading a creation date (YYYY-MM-DD, UTC) from what the page shows: machine attributes first,
// then absolute labels in every shipped language, then relative ages ("22h", "3 days ago").

import { MONTHS, RELATIVE_UNITS, YESTERDAY } from "../page-rules.js";
import { fold } from "./text.js";

const MONTH_BY_WORD = new Map();
for (const [n, words] of Object.entries(MONTHS)) for (const w of words) MONTH_BY_WORD.set(fold(w), Number(n));
const DAYS_BY_UNIT = new Map();
for (const [days, units] of RELATIVE_UNITS) for (const u of units) DAYS_BY_UNIT.set(fold(u), days);
const YESTERDAY_WORDS = new Set(YESTERDAY.map(fold));

/** @param {Date} d */
export function isoDay(d) {
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

/** From `abbr[data-utime]` (unix seconds) or `time[datetime]` (ISO). @param {Element} el */
export function dateFromElement(el) {
  const utime = el.getAttribute("data-utime");
  if (utime && /^\d{9,11}$/.test(utime)) return isoDay(new Date(Number(utime) * 1000));
  const dt = el.getAttribute("datetime");
  if (dt) return isoDay(new Date(dt));
  return null;
}

/**
 * Parse a visible or accessible date label. Returns YYYY-MM-DD or null.
 * "May 3, 2021", "3. Mai 2021", "3 de maio de 2021", "January 5 at 9:30 PM" (this year),
 * "22h", "3 days ago", "Yesterday at 10:00".
 * @param {string} label @param {Date} now
 */
export function parseDateLabel(label, now) {
  const text = fold(label);
  if (!text || text.length > 80) return null;
  return absoluteDate(text, now) ?? relativeDate(text, now);
}

function absoluteDate(text, now) {
  const words = text.split(/[^\p{L}\d]+/u).filter(Boolean);
  let month = null;
  let day = null;
  let year = null;
  for (const w of words) {
    if (month === null && MONTH_BY_WORD.has(w)) month = MONTH_BY_WORD.get(w);
    else if (/^\d{4}$/.test(w) && year === null) year = Number(w);
    else if (/^\d{1,2}$/.test(w) && day === null && !/\d{1,2}:\d{2}/.test(text.slice(text.indexOf(w) - 1, text.indexOf(w) + 4))) day = Number(w);
  }
  if (month === null || day === null || day > 31) return null;
  if (year === null) {
    year = now.getUTCFullYear();
    if (Date.UTC(year, month - 1, day) > now.getTime()) year -= 1; // "January 5" seen in March = this year
  }
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 ? isoDay(d) : null;
}

function relativeDate(text, now) {
  const first = text.split(/[^\p{L}]+/u).find(Boolean);
  if (first && YESTERDAY_WORDS.has(first)) return shift(now, 1);
  const m = text.match(/^(?:about |il y a |vor |hace |fa |ha |há )?(\d+|an?|one)\s*([\p{L}]+)\.?(?:\s|$)/u)
    ?? text.match(/(\d+|an?|one) ([\p{L}]+) ago$/u);
  if (!m) return null;
  const count = /^\d+$/.test(m[1]) ? Number(m[1]) : 1;
  const days = DAYS_BY_UNIT.get(m[2]);
  return days === undefined ? null : shift(now, count * days);
}

function shift(now, days) {
  return isoDay(new Date(now.getTime() - days * 86_400_000));
}
