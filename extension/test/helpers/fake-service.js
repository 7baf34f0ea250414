// A fake fetch that plays the AI Opt-Out service's contract in memory, recording every request.
// Its answers follow the service's OpenAPI document: tools/contract.mjs checks them against it.

const POLICY = { id: "meta-eu-2025", title: "Meta AI training, EU/EEA", effective_from: "2025-05-27", effective_until: null };

export function fakeService({ expiresIn = 900 } = {}) {
  const calls = [];
  const tokens = new Set();
  const refreshTokens = new Map(); // refresh token → account id
  let n = 0;
  let prefs = { region: null, accounts: [], scope: "all", listed: false, version: 1, updated_at: "2026-01-01T00:00:00Z" };
  const hooks = {};
  const json = (status, body, headers = {}) => new Response(JSON.stringify(body), {
    status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json", ...headers },
  });
  let accounts = 0;
  const issue = (status, accountId) => {
    n += 1;
    const account = accountId ?? `acct-${(accounts += 1)}`;
    const access = `at-${n}`;
    const refresh = `rt-${n}-secret`; // the service's refresh tokens are 10 to 200 characters
    tokens.add(access);
    refreshTokens.set(refresh, account);
    return json(status, { account_id: account, access_token: access, refresh_token: refresh, token_type: "Bearer", expires_in: expiresIn });
  };
  const etag = () => `"v${prefs.version}"`;

  async function fetch(url, init = {}) {
    const u = new URL(url);
    const body = init.body ? JSON.parse(init.body) : undefined;
    const auth = init.headers?.Authorization?.replace("Bearer ", "");
    calls.push({ method: init.method ?? "GET", path: u.pathname, origin: u.origin, body, auth, ifMatch: init.headers?.["If-Match"] });
    const hook = hooks[`${init.method ?? "GET"} ${u.pathname}`];
    if (hook) { const r = hook(body); if (r) return r; }
    if (u.pathname === "/v1/accounts") return issue(201);
    if (u.pathname === "/v1/auth/refresh") {
      const account = refreshTokens.get(body.refresh_token);
      if (!account) return json(401, { type: "about:blank", title: "Invalid refresh token", status: 401 });
      refreshTokens.delete(body.refresh_token); // rotation: the old one is spent
      return issue(200, account);
    }
    if (!tokens.has(auth)) return json(401, { type: "about:blank", title: "Unauthorized", status: 401 });
    if (u.pathname === "/v1/explain") {
      return json(200, { policy: POLICY, as_of: "2026-01-15", region: prefs.region, results: body.items.map((it) => ({
        id: it.id, verdict: it.audience === "public" ? "included" : "excluded", may_already_be_used: null, reasons: [], actions: [], flip: [],
        policy_id: POLICY.id,
      })) });
    }
    if (u.pathname === "/v1/me/preferences" && (init.method ?? "GET") === "GET") return json(200, prefs, { ETag: etag() });
    if (u.pathname === "/v1/me/preferences" && init.method === "PUT") {
      if (init.headers["If-Match"] !== etag()) return json(412, { type: "about:blank", title: "Precondition Failed", status: 412 });
      const accounts = body.accounts.map((a) => ({ ...a, profile_url: null }));
      prefs = { ...prefs, ...body, accounts, version: prefs.version + 1 };
      return json(200, { ...prefs, receipt: { id: `r-${prefs.version}`, jws: "a.b.c", event_hash: "ab".repeat(32), position: prefs.version } }, { ETag: etag() });
    }
    return json(404, { title: "Not Found", status: 404 });
  }
  return {
    fetch, calls, hooks, tokens,
    /** Invalidate all access tokens (as if they expired on the server). */
    expireAll: () => tokens.clear(),
    /** Someone else saves meanwhile: the stored ETag goes stale. */
    bumpVersion: () => { prefs = { ...prefs, version: prefs.version + 1 }; },
  };
}
