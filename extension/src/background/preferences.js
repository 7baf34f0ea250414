// The person's opt-out record on the service: GET/PUT /v1/me/preferences with ETag/If-Match,
// clean input from the popup, and the outcomes the popup shows (saved, stale, conflict, invalid).

import { PLATFORMS } from "../messages.js";
import { OBJECTION_STATES, SCOPES } from "../opt-out-data.js";

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
    if (!PLATFORMS.includes(a?.platform) || accounts.some((x) => x.platform === a.platform)) return { error: "accounts.platform" };
    const profile = typeof a.profile === "string" && a.profile.trim() ? a.profile.trim().slice(0, 300) : null;
    const o = a.objection ?? {};
    const state = o.state ?? "not_started";
    if (!OBJECTION_STATES.includes(state)) return { error: "accounts.objection.state" };
    const objection = {
      state,
      submitted_on: dateOrNull(o.submitted_on) ?? (["submitted", "confirmed", "rejected", "needs_resubmission"].includes(state) ? today : null),
      confirmed_on: dateOrNull(o.confirmed_on) ?? (state === "confirmed" ? today : null),
      rejected_reason: typeof o.rejected_reason === "string" ? o.rejected_reason.slice(0, 500) : null,
    };
    accounts.push({ platform: a.platform, profile, objection });
  }
  const scope = input.scope === "all" ? "all"
    : Array.isArray(input.scope) && input.scope.length && input.scope.every((s) => SCOPES.includes(s)) ? [...new Set(input.scope)] : null;
  if (!scope) return { error: "scope" };
  return { body: { region, accounts, scope, listed: input.listed === true } };
}

/**
 * @param {{api: {request: Function}, store: {load: () => Promise<any>, save: (values: object) => Promise<void>},
 *   onChange?: () => Promise<void>, today?: () => string}} deps
 */
export function createPreferencesService({ api, store, onChange = async () => {}, today = () => new Date().toISOString().slice(0, 10) }) {
  async function remember(res, receipt) {
    const prefs = res.body;
    const profiles = Object.fromEntries(PLATFORMS.map((p) => [p, prefs.accounts?.find((a) => a.platform === p)?.profile ?? null]));
    await store.save({ preferences: prefs, etag: res.etag, profiles, ...(receipt ? { receipt } : {}) });
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
      if (stored.preferences && !refresh) return { ok: true, preferences: stored.preferences, receipt: stored.receipt ?? null };
      const res = await fetchFresh();
      return res.ok ? { ok: true, preferences: res.body, receipt: stored.receipt ?? null } : { ok: false, code: "error", problem: res.body };
    },

    /** Save; on 412 re-read and report "stale", on 409 "conflict", on 422 "invalid" with the field errors. */
    async save(input) {
      const clean = cleanPreferences(input, today());
      if (clean.error) return { ok: false, code: "invalid", problem: { title: "Invalid preferences", errors: [{ field: clean.error, message: "invalid value" }] } };
      let { etag } = await store.load();
      if (!etag) {
        const fresh = await fetchFresh();
        if (!fresh.ok) return { ok: false, code: "error", problem: fresh.body };
        etag = fresh.etag;
      }
      const res = await api.request("/v1/me/preferences", { method: "PUT", body: clean.body, headers: etag ? { "If-Match": etag } : {} });
      if (res.ok) {
        await remember(res, res.body?.receipt);
        await onChange();
        return { ok: true, preferences: res.body, receipt: res.body?.receipt ?? null };
      }
      if (res.status === 412) {
        const fresh = await fetchFresh();
        return { ok: false, code: "stale", problem: res.body, preferences: fresh.ok ? fresh.body : null };
      }
      const code = res.status === 409 ? "conflict" : res.status === 422 ? "invalid" : "error";
      return { ok: false, code, problem: res.body ?? { title: `HTTP ${res.status}`, status: res.status } };
    },
  };
}
