// The JSON forms of WebAuthn options and credentials (base64url for every byte string), for
// browsers without PublicKeyCredential.parseCreationOptionsFromJSON / .toJSON(). Pure: no DOM.

/** @param {string} text base64url, padded or not @returns {ArrayBuffer} */
export function fromBase64url(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return bytes.buffer;
}

/** @param {ArrayBuffer|ArrayBufferView|null|undefined} data @returns {string|undefined} */
export function toBase64url(data) {
  if (!data) return undefined;
  const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** @param {{id: string, type: string, transports?: string[]}} d */
const descriptor = (d) => ({ ...d, id: fromBase64url(d.id) });

/** PublicKeyCredentialCreationOptionsJSON → what navigator.credentials.create() takes. @param {any} json */
export function creationOptions(json) {
  return {
    ...json,
    challenge: fromBase64url(json.challenge),
    user: { ...json.user, id: fromBase64url(json.user.id) },
    excludeCredentials: (json.excludeCredentials ?? []).map(descriptor),
  };
}

/** PublicKeyCredentialRequestOptionsJSON → what navigator.credentials.get() takes. @param {any} json */
export function requestOptions(json) {
  return { ...json, challenge: fromBase64url(json.challenge), allowCredentials: (json.allowCredentials ?? []).map(descriptor) };
}

/** A PublicKeyCredential (registration or assertion) as JSON, the shape the service parses. @param {any} credential */
export function credentialJSON(credential) {
  const r = credential.response;
  const response = r.attestationObject
    ? { clientDataJSON: toBase64url(r.clientDataJSON), attestationObject: toBase64url(r.attestationObject), transports: r.getTransports?.() ?? [] }
    : { clientDataJSON: toBase64url(r.clientDataJSON), authenticatorData: toBase64url(r.authenticatorData), signature: toBase64url(r.signature), userHandle: toBase64url(r.userHandle) };
  return {
    id: credential.id, rawId: toBase64url(credential.rawId), type: credential.type, response,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
  };
}
