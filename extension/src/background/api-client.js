// The one HTTP client of the extension: talks to the AI Opt-Out service at the configured base URL,
// creates the anonymous account on first use, keeps its tokens, refreshes them (the refresh token
// rotates) and retries once on 401; creates a new account only when refreshing fails.

const SKEW_MS = 30_000;

/**
 * @typedef {{apiBase: string, accountId: string, accessToken: string, refreshToken: string, expiresAt: number}} Auth
 * @typedef {{ok: boolean, status: number, etag: string|null, body: any}} ApiResponse
 * @param {{fetch: typeof globalThis.fetch, apiBase: () => Promise<string>, loadAuth: () => Promise<Auth|null>,
 *   saveAuth: (auth: Auth|null) => Promise<void>, now?: () => number}} deps
 */
export function createApiClient({ fetch, apiBase, loadAuth, saveAuth, now = Date.now }) {
  let flight = null; // one account creation or refresh at a time

  /**
   * @param {string} base @param {string} path
   * @param {{method?: string, body?: unknown, headers?: Record<string, string>}} [init]
   * @returns {Promise<ApiResponse>}
   */
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
    return { ok: res.ok, status: res.status, etag: res.headers.get("ETag"), body: parsed };
  }

  function toAuth(base, body) {
    return {
      apiBase: base, accountId: body.account_id, accessToken: body.access_token,
      refreshToken: body.refresh_token, expiresAt: now() + Number(body.expires_in ?? 900) * 1000,
    };
  }

  async function createAccount(base) {
    const res = await call(base, "/v1/accounts", { method: "POST" });
    if (!res.ok || !res.body?.access_token) throw new ApiError(res);
    const auth = toAuth(base, res.body);
    await saveAuth(auth);
    return auth;
  }

  async function refresh(base, auth) {
    const res = await call(base, "/v1/auth/refresh", { method: "POST", body: { refresh_token: auth.refreshToken } });
    if (res.ok && res.body?.access_token) {
      const next = toAuth(base, { account_id: auth.accountId, ...res.body });
      await saveAuth(next);
      return next;
    }
    if (res.status === 0) throw new ApiError(res);
    return createAccount(base); // the refresh token is no longer valid: start a new anonymous account
  }

  function single(fn) {
    flight ??= fn().finally(() => { flight = null; });
    return flight;
  }

  /** Tokens for `base`: stored ones, refreshed when about to expire, or a new account. */
  async function tokens(base, { forceRefresh = false } = {}) {
    const stored = await loadAuth();
    if (!stored || stored.apiBase !== base) return single(() => createAccount(base));
    if (forceRefresh || stored.expiresAt - SKEW_MS <= now()) return single(() => refresh(base, stored));
    return stored;
  }

  return {
    /**
     * An authenticated call; on 401 refresh once and retry.
     * @param {string} path @param {{method?: string, body?: any, headers?: Record<string,string>}} [init]
     * @returns {Promise<ApiResponse>}
     */
    async request(path, init = {}) {
      const base = await apiBase();
      let auth = await tokens(base);
      const send = (a) => call(base, path, { ...init, headers: { ...init.headers, Authorization: `Bearer ${a.accessToken}` } });
      let res = await send(auth);
      if (res.status === 401) {
        auth = await tokens(base, { forceRefresh: true });
        res = await send(auth);
      }
      return res;
    },
    /** The stored account for the current service, without creating one. */
    async account() {
      const [base, stored] = await Promise.all([apiBase(), loadAuth()]);
      return stored && stored.apiBase === base ? stored : null;
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
