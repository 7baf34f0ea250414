// The closed set of messages between the extension's parts, and the shape of the facts that may
// leave a page (their vocabulary is in platforms.js). The background validates every message
// against these before acting.

import { ID_RE } from "./ids.js";
import { AUDIENCES, AUTHORS, AUTHOR_AGES, KINDS, isPlatform } from "./platforms.js";

export const MSG = Object.freeze({
  EXPLAIN: "explain", // content → background: {items: Fact[]} → {ok, policy, results: {[key]: Result}}; also over a port (EXPLAIN_PORT)
  GET_PAGE_CONFIG: "getPageConfig", // content → background → {ok, paused, salt, profiles, rules}: rules, a newer signed page-rules document or null
  SEND_PAGE_REPORT: "sendPageReport", // content → background: {report} (page-shape.js: shapes and counts only) → {ok, id} | {ok: false, status, problem}
  REPORT_PAGE: "reportPage", // popup → the tab's content script: {} → the background's answer to its sendPageReport
  GET_STATE: "getState", // popup/options → background: {refresh?: boolean} → {ok, state}
  SAVE_PREFERENCES: "savePreferences", // popup → background: {preferences, etag?} → {ok, preferences, etag, receipt?} | problem
  SET_PAUSED: "setPaused", // options/popup → background: {paused: boolean}
  SET_API_BASE: "setApiBase", // options → background: {apiBase: string}
  SET_AGE_BAND: "setAgeBand", // popup → background: {ageBand: "adult"|"minor"|null} → {ok}: kept on this device only
  // Meta's rules for the person's region changed (background/policy-notices.js):
  POLICY_NOTICES: "policyNotices", // popup → background: {} → {ok, region, site, notices: [{id, title, effective_from, changes, lang}]}
  DISMISS_POLICY_NOTICES: "dismissPolicyNotices", // popup → background: {ids: string[]} → {ok}: those versions never show again
  // The ways back in and the account's credentials (popup/options → background):
  REDEEM_CODE: "redeemCode", // {kind: "recovery"|"link", code} → {ok, accountId, next} | {ok: false, status, problem}
  START_OVER: "startOver", // {confirm: true} → {ok, accountId}: a new, empty account, only on the person's request
  RECOVERY_CODES: "recoveryCodes", // {} → {ok, remaining?, ...} (GET /v1/me/recovery-codes)
  NEW_RECOVERY_CODES: "newRecoveryCodes", // {} → {ok, codes: string[], ...}: shown once
  NEW_LINK_CODE: "newLinkCode", // {} → {ok, code, expires_at, link, qr_svg}
  // Passkeys (options page → background; the ceremony itself runs in the page):
  PASSKEYS: "passkeys", // {} → {ok, passkeys: [{id, label, created_at, last_used_at}]}
  PASSKEY_OPTIONS: "passkeyOptions", // {purpose: "register"|"sign_in"} → {ok, challenge_id, options}
  ADD_PASSKEY: "addPasskey", // {challengeId, credential, label?} → {ok, id, label, ...} | {ok: false, status, problem}
  RENAME_PASSKEY: "renamePasskey", // {id, label} → {ok, id, label, ...}
  REMOVE_PASSKEY: "removePasskey", // {id} → {ok}
  PASSKEY_SIGN_IN: "passkeySignIn", // {challengeId, credential} → {ok, accountId} | {ok: false, status, problem}
  // OpenID Connect (options page → background; the provider's window opens from the background):
  OIDC_PROVIDERS: "oidcProviders", // {} → {ok, providers: [{name}]}
  OIDC_IDENTITIES: "oidcIdentities", // {} → {ok, identities: [{id, provider, issuer, created_at, last_used_at}]}
  OIDC_CONNECT: "oidcConnect", // {provider, purpose: "link"|"sign_in"} → link: {ok, id, provider, ...}; sign_in: {ok, accountId} | {ok: false, status, problem}
  OIDC_UNLINK: "oidcUnlink", // {id} → {ok}
});

/** The person's own age band, as they say it in the popup (null: not said). */
export const AGE_BANDS = Object.freeze(["adult", "minor"]);

/** The one-time codes a person can type to get back in. */
export const CODE_KINDS = Object.freeze(["recovery", "link"]);
export const MAX_CODE_LENGTH = 64; // the service's CodeIn

/** Passkeys: what a ceremony is for, the service's ids, a label's length, a credential's JSON size. */
export const PASSKEY_PURPOSES = Object.freeze(["register", "sign_in"]);
const HEX32_RE = /^[0-9a-f]{32}$/;

/** OpenID Connect: what an attempt is for, and a provider's name as the service configures it. */
export const OIDC_PURPOSES = Object.freeze(["link", "sign_in"]);
const PROVIDER_RE = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const MAX_PASSKEY_LABEL = 100;
const MAX_CREDENTIAL_JSON = 16_384;

/** @param {unknown} value */
function isLabel(value) {
  return typeof value === "string" && value.trim().length > 0 && value.length <= MAX_PASSKEY_LABEL;
}

/** @param {any} value */
function isCredential(value) {
  if (!value || typeof value !== "object" || typeof value.id !== "string" || !value.response || typeof value.response !== "object") return false;
  return JSON.stringify(value).length <= MAX_CREDENTIAL_JSON;
}

/** The port a content script opens for one explain: it posts {type: "explain", items}; the background
 * answers {partial: {policy, results}} for each batch as it arrives, then {final: {ok, policy, error?}}. */
export const EXPLAIN_PORT = "ai-optout-explain";

/** Which message types content scripts may send; the rest are for the extension's own pages. */
/** @type {ReadonlySet<string>} */
export const CONTENT_TYPES = new Set([MSG.EXPLAIN, MSG.GET_PAGE_CONFIG, MSG.SEND_PAGE_REPORT]);
/** @type {ReadonlySet<string>} */
export const PAGE_TYPES = new Set([
  MSG.GET_STATE, MSG.SAVE_PREFERENCES, MSG.SET_PAUSED, MSG.SET_API_BASE, MSG.SET_AGE_BAND,
  MSG.POLICY_NOTICES, MSG.DISMISS_POLICY_NOTICES,
  MSG.REDEEM_CODE, MSG.START_OVER, MSG.RECOVERY_CODES, MSG.NEW_RECOVERY_CODES, MSG.NEW_LINK_CODE,
  MSG.PASSKEYS, MSG.PASSKEY_OPTIONS, MSG.ADD_PASSKEY, MSG.RENAME_PASSKEY, MSG.REMOVE_PASSKEY, MSG.PASSKEY_SIGN_IN,
  MSG.OIDC_PROVIDERS, MSG.OIDC_IDENTITIES, MSG.OIDC_CONNECT, MSG.OIDC_UNLINK,
]);

export const MAX_ITEMS_PER_MESSAGE = 5000;
/** Policy versions dismissed at once: the popup shows a region's new versions, a handful at most. */
export const MAX_DISMISSED_AT_ONCE = 20;
const POLICY_ID_RE = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** A policy version's id, as the service's catalogue names them (lower case, digits, dashes). @param {unknown} value */
export function isPolicyId(value) {
  return typeof value === "string" && POLICY_ID_RE.test(value);
}
/** A page report's size as JSON: the service takes at most 256 KiB of shape. */
export const MAX_REPORT_JSON = 262_144;

/** A message between the extension's parts: its type, and the fields that type takes (see messageError).
 * @typedef {{type: string, [field: string]: unknown}} Message */

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * key: the item's salted hash (the cache key; it never leaves the extension). ref: an opaque id
 * drawn at random once per item and page load (the id the service sees; the badge shows it).
 * @typedef {{key: string, ref?: string, platform: import("./platforms.js").Platform, kind: string, audience: string,
 *   created_at: string|null, author: "self"|"other", author_age: string}} Fact
 */

/**
 * The service's answer for one item (its ItemResult, without the id). `condition`: the verdict holds
 * for an adult author; for an under-18 one it is `condition.verdict` (no page shows the author's age).
 * @typedef {{verdict: string, may_already_be_used: boolean|null,
 *   reasons: Array<{text: string, source: string, source_date: string}>,
 *   actions: Array<{text: string, url: string|null}>, flip: Array<{fact: string, to: string, verdict: string}>,
 *   condition?: {fact: "author_age", unless: "minor", verdict: string}|null}} Result
 */

/** True when `item` is a well-formed fact record and nothing more. @param {any} item */
export function isFact(item) {
  if (!item || typeof item !== "object") return false;
  const allowed = ["key", "ref", "platform", "kind", "audience", "created_at", "author", "author_age"];
  if (Object.keys(item).some((k) => !allowed.includes(k))) return false;
  return ID_RE.test(item.key)
    && (item.ref === undefined || ID_RE.test(item.ref))
    && isPlatform(item.platform)
    && KINDS.includes(item.kind)
    && AUDIENCES.includes(item.audience)
    && (item.created_at === null || (typeof item.created_at === "string" && DATE_RE.test(item.created_at)))
    && AUTHORS.includes(item.author)
    && AUTHOR_AGES.includes(item.author_age);
}

/**
 * Check a message's shape for its type. Returns an error string, or null when valid.
 * @param {any} message
 */
export function messageError(message) {
  if (!message || typeof message !== "object" || typeof message.type !== "string") return "not a typed message";
  switch (message.type) {
    case MSG.EXPLAIN:
      if (!Array.isArray(message.items) || message.items.length > MAX_ITEMS_PER_MESSAGE) return "items must be an array";
      return message.items.every(isFact) ? null : "an item is not a fact record";
    case MSG.SEND_PAGE_REPORT:
      if (!message.report || typeof message.report !== "object" || !message.report.shape) return "report must be a page report";
      return JSON.stringify(message.report).length <= MAX_REPORT_JSON ? null : "the report is too large";
    case MSG.SET_PAUSED:
      return typeof message.paused === "boolean" ? null : "paused must be a boolean";
    case MSG.SET_API_BASE:
      return isHttpUrl(message.apiBase) ? null : "apiBase must be an http(s) URL";
    case MSG.SET_AGE_BAND:
      return message.ageBand === null || AGE_BANDS.includes(message.ageBand) ? null : "ageBand must be adult, minor or null";
    case MSG.DISMISS_POLICY_NOTICES:
      if (!Array.isArray(message.ids) || !message.ids.length || message.ids.length > MAX_DISMISSED_AT_ONCE) return "ids must be a short list";
      return message.ids.every(isPolicyId) ? null : "ids must be policy version ids";
    case MSG.SAVE_PREFERENCES:
      if (message.etag !== undefined && message.etag !== null && !(typeof message.etag === "string" && message.etag.length <= 200)) return "etag must be a string";
      return message.preferences && typeof message.preferences === "object" ? null : "preferences missing";
    case MSG.REDEEM_CODE:
      if (!CODE_KINDS.includes(message.kind)) return "kind must be recovery or link";
      return typeof message.code === "string" && message.code.trim() && message.code.length <= MAX_CODE_LENGTH ? null : "code must be a short string";
    case MSG.START_OVER:
      return message.confirm === true ? null : "starting over needs confirm: true";
    case MSG.PASSKEY_OPTIONS:
      return PASSKEY_PURPOSES.includes(message.purpose) ? null : "purpose must be register or sign_in";
    case MSG.ADD_PASSKEY:
    case MSG.PASSKEY_SIGN_IN:
      if (!HEX32_RE.test(message.challengeId)) return "challengeId must be 32 hex digits";
      if (message.type === MSG.ADD_PASSKEY && message.label !== undefined && !isLabel(message.label)) return "label must be 1-100 characters";
      return isCredential(message.credential) ? null : "credential must be a PublicKeyCredential's JSON";
    case MSG.RENAME_PASSKEY:
      if (!isLabel(message.label)) return "label must be 1-100 characters";
    // falls through: the id is checked as for removal
    case MSG.REMOVE_PASSKEY:
      return HEX32_RE.test(message.id) ? null : "id must be 32 hex digits";
    case MSG.PASSKEYS:
      return null;
    case MSG.OIDC_CONNECT:
      if (typeof message.provider !== "string" || !PROVIDER_RE.test(message.provider)) return "provider must be a provider's name";
      return OIDC_PURPOSES.includes(message.purpose) ? null : "purpose must be link or sign_in";
    case MSG.OIDC_UNLINK:
      return HEX32_RE.test(message.id) ? null : "id must be 32 hex digits";
    case MSG.OIDC_PROVIDERS:
    case MSG.OIDC_IDENTITIES:
      return null;
    case MSG.GET_STATE:
    case MSG.GET_PAGE_CONFIG:
    case MSG.POLICY_NOTICES:
    case MSG.RECOVERY_CODES:
    case MSG.NEW_RECOVERY_CODES:
    case MSG.NEW_LINK_CODE:
      return null;
    default:
      return `unknown message type ${message.type}`;
  }
}

/** @param {unknown} value */
export function isHttpUrl(value) {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** One string per distinct set of facts: the cache key for an answer (same item, same facts; the ref is
 * not part of it). @param {Fact} f */
export function factsSignature(f) {
  return `${f.key}|${f.platform}|${f.kind}|${f.audience}|${f.created_at ?? ""}|${f.author}|${f.author_age}`;
}
