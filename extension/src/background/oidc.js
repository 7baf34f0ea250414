// OpenID Connect, the background's half: start an attempt at the service, open the provider's
// window (identity.launchWebAuthFlow), check the redirect answers the attempt we started, and
// finish it. A link adds the identity to this account; a sign-in, which the person asked for,
// makes the identity's account this extension's account. Tokens never reach the page.

import { MSG } from "../messages.js";

/**
 * The code in the provider's redirect back, if it answers the attempt with `state`.
 * @param {string} redirected @param {string} state
 * @returns {{code: string} | {error: string}}
 */
export function codeFromRedirect(redirected, state) {
  let url;
  try {
    url = new URL(redirected);
  } catch {
    return { error: "no-redirect" };
  }
  const params = url.searchParams;
  if (params.get("state") !== state) return { error: "state-mismatch" };
  const error = params.get("error");
  if (error) return { error };
  const code = params.get("code");
  return code ? { code } : { error: "no-code" };
}

/** A refusal the page shows like the service's problems. @param {string} code @param {string} title */
function refused(code, title) {
  return { ok: false, status: 0, problem: { type: `urn:ai-optout:extension:${code}`, title } };
}

/**
 * @param {{api: {request: (path: string, init?: any) => Promise<{ok: boolean, status: number, body: any}>,
 *   account: () => Promise<{accountId: string, status?: string}|null>,
 *   signIn: (path: string, body: unknown) => Promise<{ok: true, auth: {accountId: string}} | {ok: false, status: number, problem: any}>},
 *   accountChanged: () => Promise<void>,
 *   webAuthFlow: (url: string) => Promise<string|undefined>,
 *   redirectUrl: () => string}} deps
 */
export function oidcHandlers({ api, accountChanged, webAuthFlow, redirectUrl }) {
  /** @param {string} path @param {any} [init] */
  async function forPage(path, init = {}) {
    const res = await api.request(path, init);
    return res.ok ? { ok: true, ...res.body } : { ok: false, status: res.status, problem: res.body };
  }

  /** @param {{provider: string, purpose: "link"|"sign_in"}} message */
  async function connect({ provider, purpose }) {
    const base = `/v1/auth/oidc/${provider}`;
    const startInit = { method: "POST", body: { purpose, redirect_uri: redirectUrl() } };
    const started = await forPage(`${base}/start`, purpose === "sign_in" ? { ...startInit, auth: "none" } : startInit);
    if (!started.ok) return started;
    let redirected;
    try {
      redirected = await webAuthFlow(started.authorization_url);
    } catch (err) {
      return refused("oidc-cancelled", String(/** @type {any} */ (err)?.message ?? err));
    }
    const back = codeFromRedirect(redirected ?? "", started.state);
    if (!("code" in back)) return refused(`oidc-${back.error}`, back.error);
    const body = { code: back.code, state: started.state };
    if (purpose === "link") return forPage(`${base}/finish`, { method: "POST", body });
    const before = await api.account();
    const answer = await api.signIn(`${base}/finish`, body);
    if (!answer.ok) return answer;
    if (before?.accountId !== answer.auth.accountId || before?.status === "signed_out") await accountChanged();
    return { ok: true, accountId: answer.auth.accountId };
  }

  return {
    [MSG.OIDC_PROVIDERS]: () => forPage("/v1/auth/oidc/providers", { auth: "none" }),
    [MSG.OIDC_IDENTITIES]: () => forPage("/v1/me/oidc-identities"),
    [MSG.OIDC_CONNECT]: connect,
    [MSG.OIDC_UNLINK]: ({ id }) => forPage(`/v1/me/oidc-identities/${id}`, { method: "DELETE" }),
  };
}
