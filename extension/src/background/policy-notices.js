// "Meta's rules for your region changed": a one-time notice in the popup (issue 11 item 7). When
// the popup opens, and at most once a day, the background reads the service's feed of policy changes
// (GET /v1/policies/changes?since=…&region=…) for the versions that took effect since the person last
// looked, and keeps them until the person dismisses them; a dismissed version never comes back.
// The request carries the region, a date and the UI language (to answer in it), nothing else: no
// token, no cookie, no page data. A failed check (offline, the service down) changes nothing and is
// tried again the next time the popup opens.
//
// First run, and a region the person newly gives: today is remembered and nothing from before is
// shown. Whoever installs the extension (or says they moved) has not looked at the old rules; the
// rules in force now are what every badge and popup answer already explains, and a "changed" notice
// about something that happened before they arrived would read as news that is not.

import { isHttpUrl, isPolicyId } from "../messages.js";

export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;
/** Dismissed versions remembered: a region sees a few new versions a year. */
export const KEEP_DISMISSED = 100;
const REGION_RE = /^[A-Z]{2}$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** @typedef {{text: string, source: string}} Change */
/** One version that took effect, as the popup shows it; `lang`: the language of its texts (null: not said).
 * @typedef {{id: string, title: string, effective_from: string, changes: Change[], lang: string|null}} Notice */
/** What is kept in storage.local: the region it is about, the day last looked, the last check, the
 * versions not yet dismissed, and the dismissed ones' ids.
 * @typedef {{region: string, lastLooked: string, checkedAt: number, pending: Notice[], dismissed: string[]}} NoticeState */

/** The local calendar day of `ms` as YYYY-MM-DD: policy versions take effect on a day where the person is. @param {number} ms */
export function localDay(ms) {
  const d = new Date(ms);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The day after `day` (both YYYY-MM-DD). @param {string} day */
export function nextDay(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Newer effective day first. @param {Notice} a @param {Notice} b */
const newestFirst = (a, b) => (a.effective_from < b.effective_from ? 1 : a.effective_from > b.effective_from ? -1 : 0);

/**
 * The feed's entries as notices: the well-formed ones that have taken effect by `today` (a version
 * announced for later is told when it does). Newest first, as the feed answers.
 * @param {unknown} body @param {string|null} lang @param {string} today
 * @returns {Notice[]}
 */
export function noticesFrom(body, lang, today) {
  if (!Array.isArray(body)) throw new Error("policy changes: not a list");
  return body
    .filter((v) => isPolicyId(v?.id) && typeof v.effective_from === "string" && DAY_RE.test(v.effective_from) && v.effective_from <= today)
    .map((v) => ({
      id: v.id,
      title: typeof v.title === "string" ? v.title : "",
      effective_from: v.effective_from,
      changes: (Array.isArray(v.changes) ? v.changes : [])
        .filter((c) => typeof c?.text === "string" && c.text.trim())
        .map((c) => ({ text: c.text, source: isHttpUrl(c.source) ? c.source : "" })),
      lang,
    }))
    .sort(newestFirst);
}

/**
 * @param {{fetch: typeof globalThis.fetch, apiBase: () => Promise<string>, region: () => Promise<string|null>,
 *   language: () => string, load: () => Promise<NoticeState|null>, save: (state: NoticeState) => Promise<void>,
 *   now?: () => number, checkEveryMs?: number}} deps
 */
export function createPolicyNotices({ fetch, apiBase, region, language, load, save, now = Date.now, checkEveryMs = CHECK_EVERY_MS }) {
  /** @type {Promise<NoticeState>|null} */
  let flight = null;

  /** Ask the feed what took effect since the day last looked; the state with it, or a throw. @param {NoticeState} state */
  async function check(state) {
    const base = await apiBase();
    const query = new URLSearchParams({ since: nextDay(state.lastLooked), region: state.region });
    const res = await fetch(`${base}/v1/policies/changes?${query}`, {
      credentials: "omit",
      headers: { Accept: "application/json", "Accept-Language": language() },
    });
    if (!res.ok) throw new Error(`policy changes: HTTP ${res.status}`);
    const today = localDay(now());
    const found = noticesFrom(await res.json(), res.headers.get("Content-Language"), today);
    const known = new Set([...state.pending.map((n) => n.id), ...state.dismissed]);
    const pending = [...found.filter((n) => !known.has(n.id)), ...state.pending]
      .sort(newestFirst);
    return { ...state, lastLooked: today, checkedAt: now(), pending };
  }

  /** The state for `place`, checked against the feed when due. @param {string} place */
  async function refreshed(place) {
    const state = await load();
    if (!state || state.region !== place || !DAY_RE.test(state.lastLooked ?? "")) {
      const fresh = { region: place, lastLooked: localDay(now()), checkedAt: now(), pending: [], dismissed: state?.dismissed ?? [] };
      await save(fresh);
      return fresh;
    }
    const elapsed = now() - (state.checkedAt ?? 0);
    if (elapsed >= 0 && elapsed < checkEveryMs) return state;
    try {
      const checked = await check(state);
      await save(checked);
      return checked;
    } catch {
      return state; // offline or refused: what is kept still shows; the next opening tries again
    }
  }

  /**
   * What the popup shows: the versions for the person's region not yet dismissed, newest first
   * (none while the region is unknown: there is nothing to ask about).
   * `site`: the service's page, which answers what the rules now mean for the person.
   * @returns {Promise<{ok: true, region: string|null, site: string|null, notices: Notice[]}>}
   */
  async function current() {
    const place = await region();
    if (!place || !REGION_RE.test(place)) return { ok: true, region: null, site: null, notices: [] };
    if (!flight) flight = refreshed(place).finally(() => { flight = null; });
    const state = await flight;
    const site = `${await apiBase()}/?${new URLSearchParams({ region: place })}`;
    if (state.region !== place) return { ok: true, region: place, site, notices: [] };
    const dismissed = new Set(state.dismissed);
    return { ok: true, region: place, site, notices: state.pending.filter((n) => !dismissed.has(n.id)) };
  }

  /** The person dismissed these versions: they never show again. @param {string[]} ids */
  async function dismiss(ids) {
    await flight;
    const state = await load();
    if (!state) return { ok: true };
    const gone = new Set(ids);
    const dismissed = [...ids, ...state.dismissed.filter((id) => !gone.has(id))].slice(0, KEEP_DISMISSED);
    await save({ ...state, pending: state.pending.filter((n) => !gone.has(n.id)), dismissed });
    return { ok: true };
  }

  return { current, dismiss };
}
