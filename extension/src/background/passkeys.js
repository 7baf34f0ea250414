// Passkeys, the background's half: the calls to the service with the worker's tokens. The
// ceremonies (navigator.credentials) run in the options page, which sends their results here;
// tokens never reach the page.

import { MSG } from "../messages.js";

/**
 * @param {{api: {request: (path: string, init?: any) => Promise<{ok: boolean, status: number, body: any}>,
 *   account: () => Promise<{accountId: string, status?: string}|null>,
 *   signIn: (path: string, body: unknown) => Promise<{ok: true, auth: {accountId: string}} | {ok: false, status: number, problem: any}>},
 *   accountChanged: () => Promise<void>}} deps
 */
export function passkeyHandlers({ api, accountChanged }) {
  /** @param {string} path @param {any} [init] */
  async function forPage(path, init = {}) {
    const res = await api.request(path, init);
    return res.ok ? { ok: true, ...res.body } : { ok: false, status: res.status, problem: res.body };
  }

  return {
    [MSG.PASSKEYS]: () => forPage("/v1/me/passkeys"),
    [MSG.PASSKEY_OPTIONS]: ({ purpose }) => purpose === "register"
      ? forPage("/v1/me/passkeys/registration-options", { method: "POST" })
      : forPage("/v1/auth/passkey/options", { method: "POST", auth: "none" }),
    [MSG.ADD_PASSKEY]: ({ challengeId, credential, label }) => forPage("/v1/me/passkeys", {
      method: "POST", body: { challenge_id: challengeId, credential, ...(label ? { label: label.trim() } : {}) },
    }),
    [MSG.RENAME_PASSKEY]: ({ id, label }) => forPage(`/v1/me/passkeys/${id}`, { method: "PATCH", body: { label: label.trim() } }),
    [MSG.REMOVE_PASSKEY]: ({ id }) => forPage(`/v1/me/passkeys/${id}`, { method: "DELETE" }),
    // The person chose to sign in: the passkey's account becomes this extension's account.
    [MSG.PASSKEY_SIGN_IN]: async ({ challengeId, credential }) => {
      const before = await api.account();
      const answer = await api.signIn("/v1/auth/passkey", { challenge_id: challengeId, credential });
      if (!answer.ok) return answer;
      if (before?.accountId !== answer.auth.accountId || before?.status === "signed_out") await accountChanged();
      return { ok: true, accountId: answer.auth.accountId };
    },
  };
}
