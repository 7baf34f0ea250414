// Passkeys on this page: the service's JSON options through the browser's own parsers
// (PublicKeyCredential.parseCreationOptionsFromJSON / parseRequestOptionsFromJSON and toJSON).
// They count only where the service lists this origin (AI_OPTOUT_WEBAUTHN_ORIGINS) and its host
// is the relying party (AI_OPTOUT_WEBAUTHN_RP_ID); anywhere else the service refuses them.

const PKC = globalThis.PublicKeyCredential;

/** The browser can run a ceremony from the service's JSON. */
export function passkeysSupported() {
  return Boolean(PKC?.parseCreationOptionsFromJSON && PKC?.parseRequestOptionsFromJSON && navigator.credentials);
}

async function ceremony(optionsAnswer, run) {
  if (!optionsAnswer.ok) return { ok: false, problem: optionsAnswer.problem };
  try {
    const credential = await run(optionsAnswer.body.options);
    return { ok: true, challengeId: optionsAnswer.body.challenge_id, credential: credential.toJSON() };
  } catch {
    return { ok: false, problem: null }; // cancelled, timed out, or no passkey here
  }
}

/** Add a passkey to the signed-in account. */
export async function registerPasskey(api) {
  const options = await api.request("/v1/me/passkeys/registration-options", { method: "POST" });
  const done = await ceremony(options, (json) =>
    navigator.credentials.create({ publicKey: PKC.parseCreationOptionsFromJSON(json) }));
  if (!done.ok) return done;
  const answer = await api.request("/v1/me/passkeys", {
    method: "POST",
    body: { challenge_id: done.challengeId, credential: done.credential, label: navigator.userAgentData?.platform || "Web" },
  });
  return answer.ok ? { ok: true } : { ok: false, problem: answer.problem };
}

/** Sign this browser in to the account a passkey belongs to. */
export async function passkeySignIn(api) {
  const options = await api.publicCall("/v1/auth/passkey/options", { method: "POST" });
  const done = await ceremony(options, (json) =>
    navigator.credentials.get({ publicKey: PKC.parseRequestOptionsFromJSON(json) }));
  if (!done.ok) return done;
  const answer = await api.signIn("/v1/auth/passkey", { challenge_id: done.challengeId, credential: done.credential });
  return answer.ok ? { ok: true } : { ok: false, problem: answer.problem };
}
