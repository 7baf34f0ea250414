// The one HTTP client of the extension: talks to the AI Opt-Out service at the configured base URL,
// creates the anonymous account on first use, keeps its tokens and refreshes them (the refresh token
// rotates). It never replaces an account on its own:
// - one refresh at a time across the worker: every caller awaits the same flight, a lock guards it
//   from other contexts, and its progress (the token being spent, the attempt, when to try next) is
//   in storage, so a worker stopped mid-refresh is followed by one that carries on with it;
// - 429 (after its Retry-After), 5xx and network errors are retried with capped, jittered backoff,
//   keeping the account throughout;
// - a 401 (or 403) from /v1/auth/refresh is definitive: the account is marked signed out (its id kept, so a
//   recovery or link code leads back to the same record) and authenticated calls stop. A new account
//   is made only by `startOver()`, when the person asks for one.

import { RETRY, backoffMs, retryAfterMs } from "./backoff.js";

const SKEW_MS = 30_000;
/** How long a call that can do without a token (explain) waits for a refresh before going without. */
export const OPTIONAL_WAIT_MS = 3_000;

/**
 * @typedef {{token: string, attempt: number, retryAt: number}} Refreshing
 * @typedef {{apiBase: string, accountId: string, status?: "signed_in"|"signed_out", accessToken?: string,
 *   refreshToken?: string, expiresAt?: number, refreshing?: Refreshing, signedOutAt?: number}} Auth
 * @typedef {{ok: boolean, status: number, etag: string|null, retryAfter?: string|null, body: any}} ApiResponse
 * @typedef {{method?: string, body?: unknown, headers?: Record<string, string>, auth?: "required"|"none", wait?: boolean}} CallInit
 *   auth "none": send no token; wait false: do not wait (beyond OPTIONAL_WAIT_MS) for a refresh.
 */

/** An answer made here, not by the service: no token could be had. */
const local = (status, code, title) => ({ ok: false, status, etag: null, body: { type: "about:blank", status, code, title } });
export const SIGNED_OUT = "signed_out";
export const SIGN_IN_UNAVAILABLE = "sign_in_unavailable";

/**
 * @param {{fetch: typeof globalThis.fetch, apiBase: () => Promise<string>, loadAuth: (base?: string) => Promise<Auth|null>,
 *   saveAuth: (auth: Auth|null) => Promise<void>, now?: () => number, sleep?: (ms: number) => Promise<void>,
 *   random?: () => number, lock?: <T>(fn: () => Promise<T>) => Promise<T>, retry?: typeof RETRY, optionalWaitMs?: number}} deps
 */
export function createApiClient({
  fetch, apiBase, loadAuth, saveAuth, now = Date.now, sleep = (ms) => new Promise((done) => setTimeout(done, ms)),
  random = Math.random, lock = (fn) => fn(), retry = RETRY, optionalWaitMs = OPTIONAL_WAIT_MS,
}) {
  /** @type {Map<string, Promise<Auth|null>>} */
  const flights = new Map(); // base → the account creation or refresh in flight

  /** @param {string} base @param {string} path @param {CallInit} [init] @returns {Promise<ApiResponse>} */
  async function call(base, path, { method = "GET", body, headers = {} } = {}) {
    let res;
    try {
      res = await fetch(new URL(path, base).href, {
        method,
        headers: { Accept: "application/json", ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        credentials: "omit",
        cache: "no-store",
      });
    } catch (err) {
      return { ok: false, status: 0, etag: null, body: { type: "about:blank", title: "Network error", status: 0, detail: err instanceof Error ? err.message : String(err) } };
    }
    const type = res.headers.get("Content-Type") ?? "";
    const parsed = type.includes("json") ? await res.json().catch(() => null) : null;
    return { ok: res.ok, status: res.status, etag: res.headers.get("ETag"), retryAfter: res.headers.get("Retry-After"), body: parsed };
  }

  /** @returns {Auth} */
  function toAuth(base, body) {
    return {
      apiBase: base, accountId: body.account_id, status: "signed_in", accessToken: body.access_token,
      refreshToken: body.refresh_token, expiresAt: now() + Number(body.expires_in ?? 900) * 1000,
    };
  }

  /** One flight per service; later callers join it. */
  function single(base, fn) {
    let flight = flights.get(base);
    if (!flight) {
      flight = lock(fn).finally(() => flights.delete(base));
      flights.set(base, flight);
    }
    return flight;
  }

  /** base → the Idempotency-Key of a sign-up whose answer never came (docs/idempotency.md). */
  const signUpKeys = new Map();

  async function createAccount(base) {
    // The next attempt sends the same key: if the lost answer's account was made, the service
    // answers with it again instead of making a second one.
    const key = signUpKeys.get(base) ?? crypto.randomUUID();
    signUpKeys.set(base, key);
    const res = await call(base, "/v1/accounts", { method: "POST", headers: { "Idempotency-Key": key } });
    const unanswered = res.status === 0 || res.status === 409 || res.status === 429 || res.status >= 500;
    if (!unanswered) signUpKeys.delete(base);
    if (!res.ok || !res.body?.access_token) throw new ApiError(res);
    const auth = toAuth(base, res.body);
    await saveAuth(auth);
    return auth;
  }

  const usable = (auth) => auth?.status !== SIGNED_OUT && Boolean(auth?.accessToken) && (auth.expiresAt ?? 0) - SKEW_MS > now();

  /**
   * Refresh until it works, it is refused (→ signed out), or this flight's attempts are spent
   * (→ SignInUnavailable; the account and the time of the next try stay stored).
   * @param {string} base @param {string|null} refused an access token the service refused, if any
   * @returns {Promise<Auth|null>}
   */
  async function refreshFlight(base, refused) {
    for (let tries = 0; ; tries += 1) {
      const auth = await loadAuth(base);
      if (!auth || auth.apiBase !== base || auth.status === SIGNED_OUT || !auth.refreshToken) return auth;
      // Someone (this flight's caller's rival, another context, a worker before this one) refreshed already.
      if (!auth.refreshing && usable(auth) && auth.accessToken !== refused) return auth;
      const marker = auth.refreshing?.token === auth.refreshToken ? auth.refreshing : { token: auth.refreshToken, attempt: 0, retryAt: 0 };
      const wait = marker.retryAt - now();
      if (wait > retry.maxWaitMs || tries >= retry.attempts) throw new SignInUnavailable(marker.retryAt);
      await saveAuth({ ...auth, refreshing: marker }); // a worker stopped from here on finds it
      if (wait > 0) await sleep(wait);
      const res = await call(base, "/v1/auth/refresh", { method: "POST", body: { refresh_token: auth.refreshToken } });
      if (res.ok && res.body?.access_token) {
        const next = toAuth(base, { ...res.body, account_id: auth.accountId });
        await saveAuth(next);
        return next;
      }
      if (res.status === 401 || res.status === 403) {
        // Definitive: the sign-in is gone. Keep who the account was; forget the dead tokens.
        /** @type {Auth} */
        const out = { apiBase: base, accountId: auth.accountId, status: SIGNED_OUT, signedOutAt: now() };
        await saveAuth(out);
        return out;
      }
      // Anything else (429, 5xx, a network error, an answer no service of ours gives) may pass: keep the account.
      const delay = Math.max(retryAfterMs(res.retryAfter, now()) ?? 0, backoffMs(marker.attempt, retry, random));
      await saveAuth({ ...auth, refreshing: { token: auth.refreshToken, attempt: marker.attempt + 1, retryAt: now() + delay } });
    }
  }

  /**
   * Tokens for `base`: stored ones, refreshed when about to expire, or a new account on first use;
   * the signed-out account as it is. Null when `wait` is false and a refresh takes longer than
   * OPTIONAL_WAIT_MS (it carries on).
   * @param {string} base @param {{refused?: string|null, wait?: boolean}} [how] @returns {Promise<Auth|null>}
   */
  async function tokens(base, { refused = null, wait = true } = {}) {
    const stored = await loadAuth(base);
    if (!stored || stored.apiBase !== base) return single(base, () => createAccount(base));
    if (stored.status === SIGNED_OUT) return stored;
    if (usable(stored) && !stored.refreshing && stored.accessToken !== refused) return stored;
    const flight = single(base, () => refreshFlight(base, refused));
    if (wait) return flight;
    return Promise.race([flight, sleep(optionalWaitMs).then(() => null)]);
  }

  /**
   * Signed-in tokens, or the local answer to give instead.
   * @param {string} base @param {{refused?: string|null, wait?: boolean}} [how] @returns {Promise<Auth|ApiResponse>}
   */
  async function obtain(base, { refused = null, wait = true } = {}) {
    let auth;
    try {
      auth = await tokens(base, { refused, wait });
    } catch (err) {
      if (err instanceof SignInUnavailable) return local(503, SIGN_IN_UNAVAILABLE, "Cannot sign in right now");
      throw err;
    }
    if (auth === null) return local(503, SIGN_IN_UNAVAILABLE, "Cannot sign in right now");
    if (auth.status === SIGNED_OUT || !auth.accessToken) return local(401, SIGNED_OUT, "Signed out");
    return auth;
  }

  return {
    /**
     * A call to the service; with a token unless `auth: "none"`. On 401 refresh once and retry.
     * Signed out: a local 401 {code: "signed_out"}; no refresh now: a local 503 {code: "sign_in_unavailable"}.
     * @param {string} path @param {CallInit} [init] @returns {Promise<ApiResponse>}
     */
    async request(path, init = {}) {
      const { auth: mode = "required", wait = true, ...rest } = init;
      const base = await apiBase();
      if (mode === "none") return call(base, path, rest);
      const send = (a) => call(base, path, { ...rest, headers: { ...rest.headers, Authorization: `Bearer ${a.accessToken}` } });
      let auth = await obtain(base, { wait });
      if ("ok" in auth) return auth;
      let res = await send(auth);
      if (res.status === 401) {
        auth = await obtain(base, { refused: auth.accessToken ?? null, wait });
        if ("ok" in auth) return auth;
        res = await send(auth);
      }
      return res;
    },

    /** The stored account for the current service, signed in or out, without creating one. */
    async account() {
      const base = await apiBase();
      const stored = await loadAuth(base);
      return stored && stored.apiBase === base ? stored : null;
    },

    /** Start again with a new, empty account: only ever on the person's explicit request. */
    async startOver() {
      const base = await apiBase();
      return single(base, () => createAccount(base));
    },

    /**
     * Sign in through a route that answers a token pair (a one-time code, a passkey). On success the
     * account it names becomes this extension's account; on failure nothing changes.
     * @param {string} path @param {unknown} body
     * @returns {Promise<{ok: true, auth: Auth, next: string|null} | {ok: false, status: number, problem: any}>}
     */
    async signIn(path, body) {
      const base = await apiBase();
      const res = await call(base, path, { method: "POST", body });
      if (!res.ok || !res.body?.access_token) return { ok: false, status: res.status, problem: res.body };
      const auth = toAuth(base, res.body);
      await flights.get(base)?.catch(() => null); // a refresh in flight must not write over it afterwards
      await lock(() => saveAuth(auth));
      return { ok: true, auth, next: res.body.next ?? null };
    },

    /**
     * Sign in with a one-time code: a recovery code (/v1/auth/recovery) or a link code (/v1/auth/link).
     * @param {"recovery"|"link"} kind @param {string} code
     */
    redeem(kind, code) {
      return this.signIn(`/v1/auth/${kind}`, { code });
    },
  };
}

/** A failed call, carrying the problem+json body. */
export class ApiError extends Error {
  /** @param {ApiResponse} res */
  constructor(res) {
    super(res.body?.title ?? `HTTP ${res.status}`);
    this.status = res.status;
    this.problem = res.body;
  }
}

/** The service could not refresh the sign-in for now; the account is kept. */
export class SignInUnavailable extends Error {
  /** @param {number} retryAt epoch ms of the next try */
  constructor(retryAt) {
    super("Cannot sign in right now");
    this.retryAt = retryAt;
  }
}
