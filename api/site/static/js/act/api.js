// The page's one client of the service, keeping the person's sign-in as the extension keeps its
// own (extension/src/background/api-client.js): an anonymous account made with an Idempotency-Key
// (a lost answer is asked again with the same key, never making a second account), short-lived
// access tokens refreshed with the rotating refresh token, one refresh at a time across this
// origin's tabs, and a definitive 401 from the refresh kept as "signed out" with the account's id,
// so a recovery or link code leads back. Nothing here replaces an account unless asked to.
// Pure: the browser's fetch, storage and lock come in, so Node tests drive it with fakes.

export const AUTH_KEY = "ai-optout-auth";
export const SIGN_UP_KEY = "ai-optout-sign-up-key";
export const SIGNED_OUT = "signed_out";
const SKEW_MS = 30_000;

/** An answer made here, not by the service. */
const local = (status, code, title) => ({
  ok: false, status, etag: null, body: null, text: null,
  problem: { type: `urn:ai-optout:problem:${code}`, title, status },
});

function read(storage, key) {
  try {
    return storage.getItem(key);
  } catch {
    return null; // storage refused (private mode): as if nothing were kept
  }
}

function write(storage, key, value) {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    // not kept: this tab still works until it closes
  }
}

/**
 * @param {{fetch: typeof globalThis.fetch, storage: Storage, now?: () => number,
 *   lock?: <T>(fn: () => Promise<T>) => Promise<T>, newKey?: () => string}} deps
 */
export function createClient({ fetch, storage, now = Date.now, lock = (fn) => fn(), newKey = () => crypto.randomUUID() }) {
  let flight = null; // the sign-up or refresh in flight in this tab

  const load = () => {
    const text = read(storage, AUTH_KEY);
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  };
  const save = (auth) => write(storage, AUTH_KEY, auth ? JSON.stringify(auth) : null);
  const toAuth = (body, accountId = body.account_id) => ({
    accountId, status: "signed_in", accessToken: body.access_token, refreshToken: body.refresh_token,
    expiresAt: now() + Number(body.expires_in ?? 900) * 1000,
  });
  const usable = (auth) => auth?.status !== SIGNED_OUT && Boolean(auth?.accessToken) && auth.expiresAt - SKEW_MS > now();

  async function call(path, { method = "GET", body, headers = {}, accept = "application/json" } = {}) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: { Accept: accept, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        credentials: "omit",
        cache: "no-store",
      });
    } catch {
      return local(0, "offline", "The service cannot be reached");
    }
    const type = response.headers.get("Content-Type") ?? "";
    const json = type.includes("json");
    const text = json ? null : await response.text().catch(() => null);
    const parsed = json ? await response.json().catch(() => null) : null;
    return {
      ok: response.ok, status: response.status, etag: response.headers.get("ETag"),
      body: response.ok ? parsed : null, text, problem: response.ok ? null : parsed ?? { title: `HTTP ${response.status}`, status: response.status },
    };
  }

  function single(fn) {
    flight ??= lock(fn).finally(() => { flight = null; });
    return flight;
  }

  async function signUp() {
    // Sent again after a lost answer, the same key gets the account the first attempt made.
    const key = read(storage, SIGN_UP_KEY) ?? newKey();
    write(storage, SIGN_UP_KEY, key);
    const answer = await call("/v1/accounts", { method: "POST", headers: { "Idempotency-Key": key } });
    const unanswered = answer.status === 0 || answer.status === 409 || answer.status >= 500;
    if (!unanswered) write(storage, SIGN_UP_KEY, null);
    if (!answer.ok) return answer;
    save(toAuth(answer.body));
    return answer;
  }

  async function refresh(refused) {
    const auth = load(); // read again under the lock: another tab may have refreshed already
    if (!auth || auth.status === SIGNED_OUT || !auth.refreshToken) return auth;
    if (usable(auth) && auth.accessToken !== refused) return auth;
    const answer = await call("/v1/auth/refresh", { method: "POST", body: { refresh_token: auth.refreshToken } });
    if (answer.ok) {
      const next = toAuth(answer.body, auth.accountId);
      save(next);
      return next;
    }
    if (answer.status === 401 || answer.status === 403) {
      // Definitive: this sign-in is over. Keep who the account was, forget the dead tokens.
      const out = { accountId: auth.accountId, status: SIGNED_OUT };
      save(out);
      return out;
    }
    return null; // the service is busy or unreachable: the sign-in is kept for the next try
  }

  async function tokens(refused = null) {
    const auth = load();
    if (!auth || auth.status === SIGNED_OUT) return auth;
    if (usable(auth) && auth.accessToken !== refused) return auth;
    return single(() => refresh(refused));
  }

  return {
    /** The stored account, signed in or out, or null: never makes one. */
    account: load,

    /** A new anonymous account for this browser, only when the person asks for a record. */
    signUp: () => single(signUp),

    /**
     * A call with the person's token; on 401 one refresh and one retry. With no account or a
     * sign-in that ended: a local 401 `signed_out`; when no refresh is possible now: 503.
     */
    async request(path, init = {}) {
      if (!load()) return local(401, "signed-out", "Signed out"); // no account: none is made here
      let auth = await tokens();
      const send = (a) => call(path, { ...init, headers: { ...init.headers, Authorization: `Bearer ${a.accessToken}` } });
      for (let attempt = 0; ; attempt += 1) {
        if (auth === null) return local(503, "sign-in-unavailable", "Cannot sign in right now");
        if (auth.status === SIGNED_OUT) return local(401, "signed-out", "Signed out");
        const answer = await send(auth);
        if (answer.status !== 401 || attempt > 0) return answer;
        const refused = auth.accessToken;
        auth = await single(() => refresh(refused));
      }
    },

    /** A call that needs no token (a public route). */
    publicCall: call,

    /** Sign in through a route that answers a token pair; only then does this browser's account change. */
    async signIn(path, body) {
      const answer = await call(path, { method: "POST", body });
      if (!answer.ok || !answer.body?.access_token) return answer;
      await flight?.catch(() => null); // a refresh in flight must not write over the new sign-in
      await lock(async () => save(toAuth(answer.body)));
      return answer;
    },

    /** End this browser's sign-in on the service, then forget it here. */
    async signOut() {
      const auth = load();
      if (auth?.accessToken) await this.request("/v1/auth/sign-out", { method: "POST" });
      save(null);
    },
  };
}

/** The stable code of a problem+json body (`urn:ai-optout:problem:<code>`), or null. */
export function problemCode(problem) {
  const type = typeof problem?.type === "string" ? problem.type : "";
  const match = /^urn:ai-optout:problem:([a-z0-9-]+)$/.exec(type);
  return match ? match[1] : null;
}
