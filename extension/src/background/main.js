// The background service worker (an event page in Firefox). Listeners are registered at the top
// level, synchronously, and await one init promise; all state lives in storage, so the worker can
// be stopped and woken at any time.

import { getURL, identityRedirectUrl, launchWebAuthFlow, onMessage, onStorageChanged, onStreamRequest, runtimeId, storageGet, storageRemove, storageSet, uiLanguage } from "../ext.js";
import { EXPLAIN_PORT, MSG } from "../messages.js";
import { CONTENT_HOSTS } from "../platforms.js";
import { SIGNED_OUT, createApiClient } from "./api-client.js";
import { ageBand, setAgeBand } from "./age-band.js";
import { createDispatcher } from "./dispatcher.js";
import { createExplainCache } from "./explain-cache.js";
import { createExplainService } from "./explain-service.js";
import { oidcHandlers } from "./oidc.js";
import { createRulesUpdater } from "./page-rules.js";
import { passkeyHandlers } from "./passkeys.js";
import { createPolicyNotices } from "./policy-notices.js";
import { createPreferencesService, objectionsByPlatform } from "./preferences.js";
import * as settings from "./settings.js";

/** One holder of the sign-in at a time across the extension's contexts (the worker's flights join in memory). */
const locks = /** @type {any} */ (globalThis.navigator)?.locks;
const api = createApiClient({
  fetch: (input, init) => globalThis.fetch(input, init), // looked up per call: tests replace it
  apiBase: settings.apiBase,
  loadAuth: settings.loadAuth,
  saveAuth: settings.saveAuth,
  lock: locks ? (fn) => locks.request("ai-optout-sign-in", fn) : (fn) => fn(),
});
const cache = createExplainCache({
  get: (keys) => storageGet("session", keys),
  set: (values) => storageSet("session", values),
  remove: (keys) => storageRemove("session", keys),
});
const pageRules = createRulesUpdater({
  fetch: (input, init) => globalThis.fetch(input, init),
  apiBase: settings.apiBase,
  trustedKeys: settings.TRUSTED_KEYS,
  load: async () => (await storageGet("local", { pageRules: null })).pageRules,
  save: (cached) => storageSet("local", { pageRules: cached }),
});
/** Check for newer page rules when due (a day after the last check, or for another service): on
 * the first page a worker serves, so a worker that starts makes no request before a page needs it.
 * A failure only waits for the next check. */
const refreshRules = () => { pageRules.refresh().catch(() => null); };
// The region as last read from the record: kept on this device, so it is known signed out too.
const policyNotices = createPolicyNotices({
  fetch: (input, init) => globalThis.fetch(input, init),
  apiBase: settings.apiBase,
  region: async () => (await settings.recordStore.load()).preferences?.region ?? null,
  language: uiLanguage,
  load: async () => (await storageGet("local", { policyNotices: null })).policyNotices,
  save: (state) => storageSet("local", { policyNotices: state }),
});
const preferences = createPreferencesService({ api, store: settings.recordStore, onChange: () => explainer.clear() });

/** The record answers are made for: the service, the account on it, and the record's version. */
async function answersTag() {
  const [base, account, record] = await Promise.all([settings.apiBase(), api.account(), settings.recordStore.load()]);
  return `${base}|${account?.accountId ?? ""}|${record.etag ?? ""}`;
}

/** The record as last read: what explaining without a sign-in goes by (each platform's covering
 * objection by the service's own rule: withdrawals and accounts in one Accounts Center count). */
async function lastKnown() {
  const prefs = (await settings.recordStore.load()).preferences ?? null;
  return { region: prefs?.region ?? null, objections: objectionsByPlatform(prefs) };
}

const explainer = createExplainService({ api, cache, tag: answersTag, freshen: () => preferences.refreshIfDue(), lastKnown, ownAge: ageBand });

/** Another account is this extension's now: its record is read afresh and every tab asks again. */
async function accountChanged() {
  await settings.recordStore.clear({ changed: true });
  await explainer.clear();
  await preferences.get({ refresh: true }).catch(() => null);
}

/** A call for an extension page: the service's answer body, or the problem. */
async function forPage(path, init = {}) {
  const res = await api.request(path, init);
  return res.ok ? { ok: true, ...res.body } : { ok: false, status: res.status, problem: res.body };
}

async function state({ refresh }) {
  const [apiBase, paused, band, before] = await Promise.all([settings.apiBase(), settings.paused(), ageBand(), api.account()]);
  /** @type {{ok: boolean, preferences?: object, etag?: string|null, receipt?: object|null, problem?: object}|null} */
  let record = null;
  if (refresh || before) record = await preferences.get({ refresh }).catch((err) => ({ ok: false, problem: { title: String(err.message) } }));
  const account = await api.account(); // reading the record may have created the account
  const signedOut = account?.status === SIGNED_OUT;
  return {
    ok: true,
    state: {
      apiBase, paused, ageBand: band,
      accountId: account?.accountId ?? null,
      signedIn: Boolean(account) && !signedOut,
      signedOut,
      preferences: record?.ok ? record.preferences : null,
      etag: record?.ok ? record.etag ?? null : null,
      receipt: record?.ok ? record.receipt : null,
      problem: record && !record.ok ? record.problem ?? null : null,
    },
  };
}

const handlers = {
  // Over a port every batch goes to the tab as it arrives (`post`); the final answer then repeats no result.
  [MSG.EXPLAIN]: async ({ items }, sender, post) => {
    const answer = await explainer.explain(items, { onPartial: post });
    return post ? { ...answer, results: {} } : answer;
  },
  [MSG.GET_PAGE_CONFIG]: async () => {
    refreshRules();
    return { ok: true, ...(await settings.pageConfig()), rules: await pageRules.current() };
  },
  // Anonymous on purpose: a report is tied to no account (api/page_reports).
  [MSG.SEND_PAGE_REPORT]: ({ report }) => forPage("/v1/page-reports", { method: "POST", body: report, auth: "none" }),
  [MSG.GET_STATE]: ({ refresh }) => state({ refresh: refresh === true }),
  [MSG.SAVE_PREFERENCES]: ({ preferences: input, etag }) => preferences.save(input, etag ?? null),
  [MSG.SET_PAUSED]: async ({ paused }) => { await settings.setPaused(paused); return { ok: true }; },
  [MSG.SET_API_BASE]: async ({ apiBase }) => { await settings.setApiBase(apiBase); return { ok: true }; },
  [MSG.SET_AGE_BAND]: async ({ ageBand: band }) => { await setAgeBand(band); return { ok: true }; },
  [MSG.POLICY_NOTICES]: () => policyNotices.current(),
  [MSG.DISMISS_POLICY_NOTICES]: ({ ids }) => policyNotices.dismiss(ids),
  [MSG.REDEEM_CODE]: async ({ kind, code }) => {
    const before = await api.account();
    const answer = await api.redeem(kind, code.trim());
    if (!answer.ok) return answer;
    if (before?.accountId !== answer.auth.accountId || before?.status === SIGNED_OUT) await accountChanged();
    return { ok: true, accountId: answer.auth.accountId, next: answer.next };
  },
  [MSG.START_OVER]: async () => {
    const auth = await api.startOver();
    await accountChanged();
    return { ok: true, accountId: auth?.accountId ?? null };
  },
  [MSG.RECOVERY_CODES]: () => forPage("/v1/me/recovery-codes"),
  [MSG.NEW_RECOVERY_CODES]: () => forPage("/v1/me/recovery-codes", { method: "POST" }),
  [MSG.NEW_LINK_CODE]: () => forPage("/v1/me/link-codes", { method: "POST" }),
  ...passkeyHandlers({ api, accountChanged }),
  ...oidcHandlers({ api, accountChanged, webAuthFlow: launchWebAuthFlow, redirectUrl: identityRedirectUrl }),
};

const ready = Promise.resolve().then(() => settings.salt());
const dispatch = createDispatcher({
  handlers,
  extensionId: runtimeId(),
  extensionBase: getURL(""),
  contentHosts: [...CONTENT_HOSTS],
});

onMessage(async (message, sender) => {
  await ready;
  return dispatch(message, sender);
});

onStreamRequest(EXPLAIN_PORT, async (message, sender, post) => {
  await ready;
  if (message?.type !== MSG.EXPLAIN) return { ok: false, error: "only explain goes over this port" };
  return dispatch(message, sender, post);
});

// Another service means other answers and another account's record: drop what belonged to the old one.
onStorageChanged((changes, area) => {
  if (area === "local" && changes.apiBase) ready.then(() => explainer.clear());
});
