// OpenID Connect in the background: an attempt is started at the service, the provider's window
// opens, the redirect must answer that attempt, and only then is it finished; a sign-in the person
// asked for changes the account, a link never does.

import { test } from "node:test";
import assert from "node:assert/strict";
import { codeFromRedirect, oidcHandlers } from "../src/background/oidc.js";
import { MSG, messageError } from "../src/messages.js";

const REDIRECT = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/";

/** A fake service and browser: records calls, answers from `answers` by path. */
function world({ redirect = (/** @type {string} */ state) => `${REDIRECT}?code=the-code&state=${state}`, before = { accountId: "a".repeat(32) } } = {}) {
  /** @type {Array<{path: string, init: any}>} */
  const calls = [];
  /** @type {string[]} */
  const opened = [];
  let changed = 0;
  const api = {
    /** @param {string} path @param {any} init */
    async request(path, init = {}) {
      calls.push({ path, init });
      if (path.endsWith("/start")) return { ok: true, status: 200, body: { authorization_url: "https://idp.example/auth?x=1", state: "the-state", expires_in: 600 } };
      if (path.endsWith("/finish")) return { ok: true, status: 200, body: { id: "1".repeat(32), provider: "idp" } };
      return { ok: true, status: 200, body: { providers: [{ name: "idp" }] } };
    },
    account: async () => before,
    /** @param {string} path @param {any} body */
    async signIn(path, body) {
      calls.push({ path, init: { method: "POST", body, signIn: true } });
      return /** @type {const} */ ({ ok: true, auth: { accountId: "b".repeat(32) } });
    },
  };
  const handlers = oidcHandlers({
    api,
    accountChanged: async () => { changed += 1; },
    webAuthFlow: async (url) => { opened.push(url); return redirect("the-state"); },
    redirectUrl: () => REDIRECT,
  });
  return { handlers, calls, opened, changed: () => changed };
}

test("a link starts with the person's token, opens the provider and finishes with the code", async () => {
  const w = world();

  const answer = await w.handlers[MSG.OIDC_CONNECT]({ provider: "idp", purpose: "link" });

  assert.equal(answer.ok, true);
  assert.deepEqual(w.opened, ["https://idp.example/auth?x=1"]);
  assert.deepEqual(w.calls.map((c) => c.path), ["/v1/auth/oidc/idp/start", "/v1/auth/oidc/idp/finish"]);
  assert.deepEqual(w.calls[0].init, { method: "POST", body: { purpose: "link", redirect_uri: REDIRECT } });
  assert.deepEqual(w.calls[1].init.body, { code: "the-code", state: "the-state" });
  assert.equal(w.changed(), 0, "a link never changes the account");
});

test("a sign-in starts without a token and makes the identity's account this extension's", async () => {
  const w = world();

  const answer = await w.handlers[MSG.OIDC_CONNECT]({ provider: "idp", purpose: "sign_in" });

  assert.deepEqual(answer, { ok: true, accountId: "b".repeat(32) });
  assert.equal(w.calls[0].init.auth, "none");
  assert.equal(w.calls[1].init.signIn, true);
  assert.equal(w.changed(), 1);
});

test("a redirect for another attempt is refused and nothing is finished", async () => {
  const w = world({ redirect: () => `${REDIRECT}?code=the-code&state=someone-elses` });

  const answer = await w.handlers[MSG.OIDC_CONNECT]({ provider: "idp", purpose: "sign_in" });

  assert.equal(answer.ok, false);
  assert.match(answer.problem.type, /state-mismatch/);
  assert.deepEqual(w.calls.map((c) => c.path), ["/v1/auth/oidc/idp/start"]);
  assert.equal(w.changed(), 0);
});

test("a closed window or a refusal at the provider finishes nothing", async () => {
  const closed = world();
  closed.handlers[MSG.OIDC_CONNECT] = oidcHandlers({
    api: /** @type {any} */ ({ request: async () => ({ ok: true, status: 200, body: { authorization_url: "https://idp.example/a", state: "s" } }) }),
    accountChanged: async () => { throw new Error("must not change"); },
    webAuthFlow: async () => { throw new Error("The user did not approve access."); },
    redirectUrl: () => REDIRECT,
  })[MSG.OIDC_CONNECT];
  const denied = world({ redirect: (state) => `${REDIRECT}?error=access_denied&state=${state}` });

  const cancelled = await closed.handlers[MSG.OIDC_CONNECT]({ provider: "idp", purpose: "sign_in" });
  const refused = await denied.handlers[MSG.OIDC_CONNECT]({ provider: "idp", purpose: "link" });

  assert.equal(cancelled.ok, false);
  assert.match(cancelled.problem.title, /did not approve/);
  assert.equal(refused.ok, false);
  assert.match(refused.problem.type, /access_denied/);
  assert.deepEqual(denied.calls.map((c) => c.path), ["/v1/auth/oidc/idp/start"]);
});

test("the code is read only from a redirect that carries the attempt's state", () => {
  assert.deepEqual(codeFromRedirect(`${REDIRECT}?code=c&state=s`, "s"), { code: "c" });
  assert.deepEqual(codeFromRedirect(`${REDIRECT}?code=c&state=t`, "s"), { error: "state-mismatch" });
  assert.deepEqual(codeFromRedirect(`${REDIRECT}?code=c`, "s"), { error: "state-mismatch" });
  assert.deepEqual(codeFromRedirect(`${REDIRECT}?state=s`, "s"), { error: "no-code" });
  assert.deepEqual(codeFromRedirect("", "s"), { error: "no-redirect" });
});

test("OpenID Connect messages are checked before the background acts", () => {
  assert.equal(messageError({ type: MSG.OIDC_CONNECT, provider: "idp", purpose: "link" }), null);
  assert.match(String(messageError({ type: MSG.OIDC_CONNECT, provider: "../me", purpose: "link" })), /provider/);
  assert.match(String(messageError({ type: MSG.OIDC_CONNECT, provider: "idp", purpose: "take_over" })), /purpose/);
  assert.equal(messageError({ type: MSG.OIDC_UNLINK, id: "1".repeat(32) }), null);
  assert.match(String(messageError({ type: MSG.OIDC_UNLINK, id: "x" })), /id/);
  assert.equal(messageError({ type: MSG.OIDC_PROVIDERS }), null);
  assert.equal(messageError({ type: MSG.OIDC_IDENTITIES }), null);
});
