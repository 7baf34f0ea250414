// Reading a creation date (YYYY-MM-DD, the page's local calendar day: what the person sees) from
// what the page shows: machine attributes first, then absolute labels in every shipped language,
// then relative ages ("22h", "3 days ago", "4 y").

import { derived } from "./active-rules.js";
import { fold } from "./text.js";

// Thai shortens a month with dots between its letters ("ธ.ค."): read as one word.
const THAI_DOTS = /([\u0E00-\u0E7F])\.(?=[\u0E00-\u0E7F])/g;
const THAI = /[\u0E00-\u0E7F]/;
/** @param {string} s */
const joinThai = (s) => (THAI.test(s) ? s.replace(THAI_DOTS, "$1") : s);

/** Month names, age units and day words, folded, made again when the rules change. */
const vocab = derived((r) => {
  const months = new Map();
  for (const [n, list] of Object.entries(r.MONTHS)) for (const w of list) months.set(joinThai(fold(w)).replace(/\.$/, ""), Number(n));
  const units = new Map();
  // The shipped units win a clash ("j" is a day in French before a year anywhere else).
  for (const [days, list] of [...r.RELATIVE, ...r.RELATIVE_UNITS]) for (const u of list) units.set(fold(u), days);
  return {
    MONTH_BY_WORD: months,
    DAYS_BY_UNIT: units,
    YESTERDAY_WORDS: new Set([...r.YESTERDAY, ...r.YESTERDAY_WORDS].map(fold)),
    TODAY_PHRASES: r.JUST_NOW.map(fold),
    AGO_BEFORE: r.AGO.before.map(fold),
    AGO_AFTER: r.AGO.after.map(fold),
    NUMBERED_DATES: r.NUMBERED_DATES,
  };
});

const pad = (n) => `${n < 10 ? "0" : ""}${n}`;

/** YYYY-MM-DD of the local calendar day (the page's), or null for an invalid date. @param {Date} d */
export function isoDay(d) {
  if (Number.isNaN(d.getTime())) return null;
  const year = d.getFullYear();
  if (year < 1000 || year > 9999) return d.toISOString().slice(0, 10); // the rare padded or signed years
  return `${year}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * From `abbr[data-utime]` (unix seconds), the mobile site's `abbr[data-store]` (JSON whose "time"
 * is unix seconds) or `time[datetime]` (ISO). @param {Element} el
 */
export function dateFromElement(el) {
  const utime = el.getAttribute("data-utime") ?? el.getAttribute("data-store")?.match(/"time":(\d{9,11})\b/)?.[1];
  if (utime && /^\d{9,11}$/.test(utime)) return isoDay(new Date(Number(utime) * 1000));
  const dt = el.getAttribute("datetime");
  if (dt) return isoDay(new Date(dt));
  return null;
}

// Labels repeat across a page ("2d", "Yesterday at 10:00"): each is parsed once per day and rules
// (a rules update makes a new, empty memo).
// `written` holds the calendar date a label states, `parsed` its date of either kind: a post's
// link is asked both (isAbsoluteDate, then parseDateLabel), and each label is read once.
const labelMemo = derived(() => ({
  parsed: /** @type {Map<string, string|null>} */ (new Map()),
  written: /** @type {Map<string, string|null>} */ (new Map()),
  on: /** @type {string|null} */ (null),
  at: Number.NaN, // the last `now` asked with: a read asks with one, so its day is computed once
}));
const PARSED_MEMO = 4000;

/** The memo of labels read today (the answers depend on the local day only). @param {Date} now */
function memoOn(now) {
  const memo = labelMemo();
  const at = now.getTime();
  if (memo.at === at) return memo;
  const day = isoDay(now);
  memo.at = at;
  if (memo.on !== day) { memo.parsed.clear(); memo.written.clear(); memo.on = day; }
  return memo;
}

/** The calendar date a folded label states, or null, memoised. @param {string} text @param {Date} now */
function writtenOn(text, now) {
  const { written } = memoOn(now);
  let date = written.get(text);
  if (date === undefined) {
    date = absoluteDate(text, now);
    if (written.size >= PARSED_MEMO) written.clear();
    written.set(text, date);
  }
  return date;
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
  const { parsed } = memoOn(now);
  let date = parsed.get(text);
  if (date === undefined) {
    date = writtenOn(text, now) ?? relativeDate(text, now);
    if (parsed.size >= PARSED_MEMO) parsed.clear();
    parsed.set(text, date);
  }
  return date;
}


/** @param {string} text @param {Date} now @returns {string|null} */
function absoluteDate(text, now) {
  // Folded text is lower case; plain ASCII splits without the (slow, cold) Unicode property class.
  const numbered = numberedDate(text, now);
  if (numbered !== undefined) return numbered;
  const words = (/^[^\u0080-\uffff]*$/.test(text) ? text.split(/[^a-z\d]+/) : joinThai(text).split(/[^\p{L}\d]+/u)).filter(Boolean);
  /** @type {number|null} */
  let month = null;
  /** @type {number|null} */
  let day = null;
  /** @type {number|null} */
  let year = null;
  for (const w of words) {
    if (month === null && vocab().MONTH_BY_WORD.has(w)) month = vocab().MONTH_BY_WORD.get(w);
    else if (/^\d{4}$/.test(w) && year === null) year = Number(w);
    else if (/^\d{1,2}$/.test(w) && day === null && !/\d{1,2}:\d{2}/.test(text.slice(text.indexOf(w) - 1, text.indexOf(w) + 4))) day = Number(w);
  }
  if (month === null || day === null || day > 31) return null;
  // A Thai date may count years in the Buddhist era (2567 = 2024): no Gregorian year a page shows is that far ahead.
  if (year !== null && year >= 2400 && THAI.test(text)) year -= 543;
  return calendarDay(year, month, day, now);
}

/**
 * A date with the month as a number ("12月4日", "4 tháng 12, 2024"): the date, null when it is not
 * one (a 13th month), undefined when the text has no such date.
 * @param {string} text @param {Date} now @returns {string|null|undefined}
 */
function numberedDate(text, now) {
  for (const re of vocab().NUMBERED_DATES) {
    const g = text.match(re)?.groups;
    if (g) return calendarDay(g.y ? Number(g.y) : null, Number(g.m), Number(g.d), now);
  }
  return undefined;
}

/**
 * YYYY-MM-DD of a date as written, or null when there is no such day; without a year, the
 * latest such day not after `now`. @param {number|null} year @param {number} month @param {number} day @param {Date} now
 */
function calendarDay(year, month, day, now) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (year === null) {
    year = now.getFullYear();
    if (new Date(year, month - 1, day).getTime() > now.getTime()) year -= 1; // "January 5" seen in March = this year
  }
  // A calendar date as written: no time zone enters.
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && year >= 1000 && year <= 9999 ? `${year}-${pad(month)}-${pad(day)}` : null;
}

/**
 * A calendar date stated in running text ("Photo by Jane on October 31, 2021. May be …"): the
 * shortest run of words that ends in a four-digit year and reads as a date, so a name or the
 * words around it are never taken for its day or month. Null when the text states none.
 * @param {string} text
 */
export function writtenDate(text) {
  const words = fold(text).split(/[^\p{L}\d]+/u).filter(Boolean);
  const now = new Date();
  for (let end = 2; end < words.length; end += 1) {
    if (!/^\d{4}$/.test(words[end])) continue;
    for (let start = end - 2; start >= Math.max(0, end - 4); start -= 1) {
      const date = absoluteDate(words.slice(start, end + 1).join(" "), now); // the year is written: `now` is not used
      if (date) return date;
    }
  }
  return null;
}

/** True when the label states a calendar date ("3 May 2021"), not an age ("3 d"). @param {string} label @param {Date} now */
export function isAbsoluteDate(label, now) {
  const text = fold(label);
  return Boolean(text) && text.length <= 80 && writtenOn(text, now) !== null;
}

/**
 * An age: "22h", "3 days ago", "il y a 2 jours", "3時間前", "לפני שעה" (an hour ago: after a word
 * for "ago", the unit alone is one), "3 ש'" (a unit shortened with an apostrophe or a geresh).
 * @param {string} text @param {Date} now
 */
function relativeDate(text, now) {
  const { YESTERDAY_WORDS, TODAY_PHRASES, AGO_BEFORE, AGO_AFTER, DAYS_BY_UNIT } = vocab();
  const first = text.split(/[^\p{L}]+/u).find(Boolean);
  if ((first && YESTERDAY_WORDS.has(first)) || [...YESTERDAY_WORDS].some((w) => w.includes(" ") && text.startsWith(w))) return shift(now, 1);
  if (TODAY_PHRASES.some((p) => text === p || text.endsWith(` ${p}`))) return shift(now, 0);
  const lead = AGO_BEFORE.find((w) => text.startsWith(`${w} `));
  const rest = lead ? text.slice(lead.length + 1) : text;
  let m = rest.match(/^(\d+|an?|one)?\s*([\p{L}]+)[.'\u2019\u05F3]?(?:\s|$)/u);
  if (m && m[1] === undefined && !lead) m = null; // a word alone is no age
  m ??= rest.match(/(\d+|an?|one) ([\p{L}]+) ago$/u);
  if (!m) return null;
  const count = m[1] && /^\d+$/.test(m[1]) ? Number(m[1]) : 1;
  let unit = m[2];
  // "時間前": the unit with "ago" written onto it.
  const tail = DAYS_BY_UNIT.has(unit) ? undefined : AGO_AFTER.find((w) => unit.length > w.length && unit.endsWith(w));
  if (tail) unit = unit.slice(0, -tail.length);
  const days = DAYS_BY_UNIT.get(unit);
  return days === undefined ? null : shift(now, count * days);
}

function shift(now, days) {
  return isoDay(new Date(now.getTime() - days * 86_400_000));
}
