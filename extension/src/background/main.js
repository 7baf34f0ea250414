// The background service worker (an event page in Firefox). Listeners are registered at the top
// level, synchronously, and await one init promise; all state lives in storage, so the worker can
// be stopped and woken at any time.

import { getURL, onMessage, onStorageChanged, onStreamRequest, runtimeId, storageGet, storageRemove, storageSet } from "../ext.js";
import { EXPLAIN_PORT, MSG } from "../messages.js";
import { CONTENT_HOSTS } from "../platforms.js";
import { createApiClient } from "./api-client.js";
import { createDispatcher } from "./dispatcher.js";
import { createExplainCache } from "./explain-cache.js";
import { createExplainService } from "./explain-service.js";
import { createPreferencesService } from "./preferences.js";
import * as settings from "./settings.js";

const api = createApiClient({
  fetch: (input, init) => globalThis.fetch(input, init), // looked up per call: tests replace it
  apiBase: settings.apiBase,
  loadAuth: settings.loadAuth,
  saveAuth: settings.saveAuth,
});
const cache = createExplainCache({
  get: (keys) => storageGet("session", keys),
  set: (values) => storageSet("session", values),
  remove: (keys) => storageRemove("session", keys),
});
const preferences = createPreferencesService({ api, store: settings.recordStore, onChange: () => explainer.clear() });

/** The record answers are made for: the service, the account on it, and the record's version. */
async function answersTag() {
  const [base, account, record] = await Promise.all([settings.apiBase(), api.account(), settings.recordStore.load()]);
  return `${base}|${account?.accountId ?? ""}|${record.etag ?? ""}`;
}

const explainer = createExplainService({ api, cache, tag: answersTag, freshen: () => preferences.refreshIfDue() });

async function state({ refresh }) {
  const [apiBase, paused, before] = await Promise.all([settings.apiBase(), settings.paused(), api.account()]);
  /** @type {{ok: boolean, preferences?: object, etag?: string|null, receipt?: object|null, problem?: object}|null} */
  let record = null;
  if (refresh || before) record = await preferences.get({ refresh }).catch((err) => ({ ok: false, problem: { title: String(err.message) } }));
  const account = await api.account(); // reading the record may have created the account
  return {
    ok: true,
    state: {
      apiBase, paused,
      accountId: account?.accountId ?? null,
      signedIn: Boolean(account),
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
  [MSG.GET_PAGE_CONFIG]: async () => ({ ok: true, ...(await settings.pageConfig()) }),
  [MSG.GET_STATE]: ({ refresh }) => state({ refresh: refresh === true }),
  [MSG.SAVE_PREFERENCES]: ({ preferences: input, etag }) => preferences.save(input, etag ?? null),
  [MSG.SET_PAUSED]: async ({ paused }) => { await settings.setPaused(paused); return { ok: true }; },
  [MSG.SET_API_BASE]: async ({ apiBase }) => { await settings.setApiBase(apiBase); return { ok: true }; },
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
