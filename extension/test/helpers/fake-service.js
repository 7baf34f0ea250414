// A fake fetch that plays the AI Opt-Out service's contract in memory, recording every request.
// Its answers follow the service's OpenAPI document: tools/contract.mjs checks them against it.

const POLICY = { id: "meta-eu-2025", title: "Meta AI training, EU/EEA", effective_from: "2025-05-27", effective_until: null };

/** What the service sends as a link code's QR image: an SVG, with something a page must not run. */
export const QR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4" onload="globalThis.__qrRan = true"><script>globalThis.__qrRan = true</script><path d="M0 0h2v2H0z"/></svg>';

export function fakeService({ expiresIn = 900 } = {}) {
  const calls = [];
  const tokens = new Set();
  const tokenAccounts = new Map(); // access token → account id
  const refreshTokens = new Map(); // refresh token → account id
  const successors = new Map(); // a spent refresh token → the answer it got: the service's reuse interval
  const revoked = new Set(); // account ids whose sign-ins were revoked
  const recoveryCodes = new Map(); // code → account id (unused ones)
  const linkCodes = new Map(); // code → {account, expiresAt}
  let clock = Date.parse("2026-01-15T00:00:00Z");
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
    tokenAccounts.set(access, account);
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
    if (u.pathname === "/.well-known/jwks.json") return json(200, { keys: [] });
    if (u.pathname === "/v1/page-rules") return json(404, { title: "No page rules have been published", status: 404, code: "no-page-rules" });
    if (u.pathname === "/v1/accounts") return issue(201);
    if (u.pathname === "/v1/auth/refresh") {
      const again = successors.get(body.refresh_token);
      if (again && !revoked.has(again.account_id)) return json(200, again); // honest concurrency: the same successor
      const account = refreshTokens.get(body.refresh_token);
      if (!account || revoked.has(account)) return json(401, { type: "about:blank", title: "Invalid refresh token", status: 401, code: "unauthorized" });
      refreshTokens.delete(body.refresh_token); // rotation: the old one is spent
      const res = issue(200, account);
      successors.set(body.refresh_token, await res.clone().json());
      return res;
    }
    if (u.pathname === "/v1/auth/recovery" || u.pathname === "/v1/auth/link") {
      // As the service answers: an unknown or spent recovery code is one 401; link codes also say expired or used.
      const recovery = u.pathname.endsWith("recovery");
      const codes = recovery ? recoveryCodes : linkCodes;
      const found = codes.get(body.code);
      if (!recovery && found?.usedAt) return json(410, { type: "about:blank", title: "This link code was already used", status: 410, code: "link-code-used" });
      if (!recovery && found && found.expiresAt <= clock) return json(410, { type: "about:blank", title: "This link code has expired", status: 410, code: "link-code-expired" });
      if (!found) return json(401, { type: "about:blank", title: "This code is not valid", status: 401, code: recovery ? "recovery-code-invalid" : "link-code-invalid" });
      if (recovery) codes.delete(body.code);
      else found.usedAt = clock;
      const account = recovery ? found : found.account;
      const res = await issue(200, account).json();
      return json(200, { ...res, ...(codes === recoveryCodes ? { next: "add_passkey" } : {}) });
    }
    if (auth !== undefined && !tokens.has(auth)) return json(401, { type: "about:blank", title: "Unauthorized", status: 401 });
    if (u.pathname === "/v1/explain") {
      return json(200, { policy: POLICY, as_of: "2026-01-15", region: auth ? prefs.region : body.region ?? null, results: body.items.map((it) => ({
        // As the engine answers: a public item of unknown age is used unless its author is under 18.
        id: it.id, verdict: it.audience === "public" && it.author_age !== "minor" ? "included" : "excluded", may_already_be_used: null, reasons: [], actions: [], flip: [],
        policy_id: POLICY.id,
        condition: it.audience === "public" && it.author_age === "unknown" ? { fact: "author_age", unless: "minor", verdict: "excluded" } : null,
      })) });
    }
    if (auth === undefined) return json(401, { type: "about:blank", title: "Unauthorized", status: 401 });
    const caller = tokenAccounts.get(auth);
    if (u.pathname === "/v1/me/recovery-codes" && init.method === "POST") {
      for (const [code, account] of recoveryCodes) if (account === caller) recoveryCodes.delete(code);
      const codes = Array.from({ length: 10 }, (_, i) => `rc${n}-${i}-${caller}`);
      for (const code of codes) recoveryCodes.set(code, caller);
      return json(201, { codes, created_at: new Date(clock).toISOString(), remaining: codes.length });
    }
    if (u.pathname === "/v1/me/recovery-codes") {
      return json(200, { remaining: [...recoveryCodes.values()].filter((a) => a === caller).length });
    }
    if (u.pathname === "/v1/me/link-codes" && init.method === "POST") {
      const code = `LINK${(n += 1)}`;
      const expiresAt = clock + 600_000;
      linkCodes.set(code, { account: caller, expiresAt });
      return json(201, { code, expires_at: new Date(expiresAt).toISOString(), link: `${u.origin}/link#${code}`, qr_svg: QR_SVG });
    }
    if (u.pathname === "/v1/me/preferences" && (init.method ?? "GET") === "GET") return json(200, prefs, { ETag: etag() });
    if (u.pathname === "/v1/me/preferences" && init.method === "PUT") {
      if (init.headers["If-Match"] !== etag()) return json(412, { type: "about:blank", title: "Precondition Failed", status: 412 });
      const accounts = body.accounts.map((a) => ({ accounts_center: false, ...a, profile_url: null }));
      prefs = { ...prefs, ...body, accounts, version: prefs.version + 1 };
      return json(200, { ...prefs, receipt: { id: `r-${prefs.version}`, jws: "a.b.c", event_hash: "ab".repeat(32), position: prefs.version } }, { ETag: etag() });
    }
    return json(404, { title: "Not Found", status: 404 });
  }
  return {
    fetch, calls, hooks, tokens,
    /** How many accounts were made (POST /v1/accounts). */
    accountsMade: () => accounts,
    /** Revoke every sign-in of `account` (as the person would from another device). */
    revoke: (account) => { revoked.add(account); for (const [t, a] of tokenAccounts) if (a === account) tokens.delete(t); },
    /** Move the service's clock (link codes expire). @param {number} ms */
    advance: (ms) => { clock += ms; },
    /** Invalidate all access tokens (as if they expired on the server). */
    expireAll: () => tokens.clear(),
    /** Someone else saves meanwhile: the stored ETag goes stale. */
    bumpVersion: () => { prefs = { ...prefs, version: prefs.version + 1 }; },
  };
}
