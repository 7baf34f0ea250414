// The person's opt-out record on the service: GET/PUT /v1/me/preferences with ETag/If-Match,
// clean input from the popup, and the outcomes the popup shows (saved, stale, conflict, invalid).

import { FILED_STATES, OBJECTION_STATES, PLATFORMS, SCOPES, SENT_STATES, isPlatform } from "../platforms.js";

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const dateOrNull = (v) => (typeof v === "string" && DATE_RE.test(v) ? v : null);

/**
 * The PUT body from what the popup sent: known fields only, each checked.
 * @param {any} input @param {string} today YYYY-MM-DD
 * @returns {{body?: object, error?: string}}
 */
export function cleanPreferences(input, today) {
  const region = input.region === null || input.region === "" ? null : String(input.region).toUpperCase();
  if (region !== null && !/^[A-Z]{2}$/.test(region)) return { error: "region" };
  if (!Array.isArray(input.accounts)) return { error: "accounts" };
  const accounts = [];
  for (const a of input.accounts) {
    if (!isPlatform(a?.platform) || accounts.some((x) => x.platform === a.platform)) return { error: "accounts.platform" };
    const profile = typeof a.profile === "string" && a.profile.trim() ? a.profile.trim().slice(0, 300) : null;
    const o = a.objection ?? {};
    const state = o.state ?? "not_started";
    if (!OBJECTION_STATES.includes(state)) return { error: "accounts.objection.state" };
    // Each date only with the state it belongs to: the service refuses a confirmation day on an
    // objection no longer confirmed, and a withdrawal day on one not withdrawn.
    const objection = {
      state,
      submitted_on: dateOrNull(o.submitted_on) ?? (SENT_STATES.includes(state) ? today : null),
      confirmed_on: state === "confirmed" ? dateOrNull(o.confirmed_on) ?? today : null,
      rejected_reason: state === "rejected" && typeof o.rejected_reason === "string" ? o.rejected_reason.slice(0, 500) : null,
      withdrawn_on: state === "withdrawn" ? dateOrNull(o.withdrawn_on) ?? today : null,
    };
    // Sent only when known: an account sent without it keeps the mark the service has.
    const center = typeof a.accounts_center === "boolean" ? { accounts_center: a.accounts_center } : {};
    accounts.push({ platform: a.platform, profile, objection, ...center });
  }
  const scope = input.scope === "all" ? "all"
    : Array.isArray(input.scope) && input.scope.length && input.scope.every((s) => SCOPES.includes(s)) ? [...new Set(input.scope)] : null;
  if (!scope) return { error: "scope" };
  return { body: { region, accounts, scope, listed: input.listed === true } };
}

/**
 * The objection that covers each platform's items, by the service's rule (api/explain/service.py):
 * the latest filed among the platform's own accounts and, when one of them is marked as in the
 * same Accounts Center, among every marked account. A withdrawn one carries its withdrawal day.
 * @param {any} prefs the service's preferences body
 * @returns {Record<string, {filed_on: string, scope: any, withdrawn_on?: string}>}
 */
export function objectionsByPlatform(prefs) {
  const accounts = Array.isArray(prefs?.accounts) ? prefs.accounts : [];
  const filed = accounts
    .filter((a) => FILED_STATES.includes(a.objection?.state) && dateOrNull(a.objection?.submitted_on))
    .map((a) => ({ account: a, filed_on: a.objection.submitted_on, withdrawn_on: dateOrNull(a.objection.withdrawn_on) }));
  const centre = filed.filter((f) => f.account.accounts_center === true);
  /** @type {Record<string, {filed_on: string, scope: any, withdrawn_on?: string}>} */
  const found = {};
  for (const platform of new Set(accounts.map((a) => a.platform))) {
    const own = filed.filter((f) => f.account.platform === platform);
    const marked = accounts.some((a) => a.platform === platform && a.accounts_center === true);
    const latest = (marked ? [...own, ...centre] : own).reduce((best, f) => (!best || later(f, best) ? f : best), null);
    if (!latest) continue;
    found[platform] = { filed_on: latest.filed_on, scope: prefs?.scope ?? "all", ...(latest.withdrawn_on ? { withdrawn_on: latest.withdrawn_on } : {}) };
  }
  return found;
}

/** Filed later, or on the same day and withdrawn (it covers less). */
const later = (a, b) => a.filed_on > b.filed_on || (a.filed_on === b.filed_on && Boolean(a.withdrawn_on) && !b.withdrawn_on);

/** How long a record read from the service is trusted before explaining reads it again. */
export const RECHECK_MS = 5 * 60_000;
const RETRY_MS = 60_000; // after a failed re-read, explain does not try again for a minute

/**
 * The record as last read is what cached verdicts were made under. Whenever a read shows another
 * ETag than the one stored (the extension's own save, the popup opening, a 412, or the periodic
 * re-read while explaining), the store is told the record changed, so the verdicts made for the
 * old one are dropped, in the background and in the open tabs.
 * @param {{api: {request: Function},
 *   store: {load: () => Promise<any>, save: (values: object, how?: {changed: boolean}) => Promise<void>},
 *   onChange?: () => Promise<void>, today?: () => string, now?: () => number, maxAge?: number}} deps
 */
export function createPreferencesService({
  api, store, onChange = async () => {}, today = () => new Date().toISOString().slice(0, 10),
  now = Date.now, maxAge = RECHECK_MS,
}) {
  /** @type {{known: boolean, done: Promise<void>}|null} */
  let check = null; // the re-read in flight
  let failedAt = -Infinity;

  /** Store a record read or written; `wrote`: our own PUT made a new version. */
  async function remember(res, { receipt = null, wrote = false } = {}) {
    const prefs = res.body;
    const before = await store.load();
    const changed = wrote || (Boolean(before.etag) && before.etag !== res.etag);
    const profiles = Object.fromEntries(PLATFORMS.map((p) => [p, prefs.accounts?.find((a) => a.platform === p)?.profile ?? null]));
    await store.save({ preferences: prefs, etag: res.etag, profiles, checkedAt: now(), ...(receipt ? { receipt } : {}) }, { changed });
    if (changed) await onChange();
  }

  async function fetchFresh() {
    const res = await api.request("/v1/me/preferences");
    if (res.ok) await remember(res);
    return res;
  }

  return {
    /** The stored record, or a fresh one from the service when asked or when none is stored. */
    async get({ refresh = false } = {}) {
      const stored = await store.load();
      if (stored.preferences && !refresh) return { ok: true, preferences: stored.preferences, etag: stored.etag ?? null, receipt: stored.receipt ?? null };
      const res = await fetchFresh();
      return res.ok ? { ok: true, preferences: res.body, etag: res.etag, receipt: stored.receipt ?? null } : { ok: false, code: "error", problem: res.body };
    },

    /**
     * Read the record again when none was read yet or the last read is older than `maxAge`.
     * Null when that is not needed (or a re-read failed under a minute ago); otherwise
     * `known` (a record had been read before) and `done`, settled once the re-read is stored.
     * @returns {Promise<{known: boolean, done: Promise<void>}|null>}
     */
    async refreshIfDue() {
      if (check) return check;
      const stored = await store.load();
      const known = Boolean(stored.etag);
      if (known && now() - (stored.checkedAt ?? 0) < maxAge) return null;
      if (check) return check; // another caller started it while the store was read
      if (now() - failedAt < RETRY_MS) return null;
      const done = fetchFresh()
        .then((res) => { if (!res.ok) failedAt = now(); }, () => { failedAt = now(); })
        .finally(() => { check = null; });
      check = { known, done };
      return check;
    },

    /**
     * Save; on 412 re-read and report "stale", on 409 "conflict", on 422 "invalid" with the field errors.
     * `etag`: the version the person was shown (the popup's), else the one last stored.
     */
    async save(input, etag = null) {
      const clean = cleanPreferences(input, today());
      if (clean.error) return { ok: false, code: "invalid", problem: { title: "Invalid preferences", errors: [{ field: clean.error, message: "invalid value" }] } };
      etag ??= (await store.load()).etag;
      if (!etag) {
        const fresh = await fetchFresh();
        if (!fresh.ok) return { ok: false, code: "error", problem: fresh.body };
        etag = fresh.etag;
      }
      const res = await api.request("/v1/me/preferences", { method: "PUT", body: clean.body, headers: etag ? { "If-Match": etag } : {} });
      if (res.ok) {
        await remember(res, { receipt: res.body?.receipt, wrote: true });
        return { ok: true, preferences: res.body, etag: res.etag, receipt: res.body?.receipt ?? null };
      }
      if (res.status === 412) {
        const fresh = await fetchFresh();
        return { ok: false, code: "stale", problem: res.body, preferences: fresh.ok ? fresh.body : null, etag: fresh.ok ? fresh.etag : null };
      }
      const code = res.status === 409 ? "conflict" : res.status === 422 ? "invalid" : "error";
      return { ok: false, code, problem: res.body ?? { title: `HTTP ${res.status}`, status: res.status } };
    },
  };
}
