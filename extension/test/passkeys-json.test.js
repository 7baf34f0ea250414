// The JSON forms of WebAuthn options and credentials: every byte string round-trips through base64url,
// and the shapes match what the service's py_webauthn parses.
import assert from "node:assert/strict";
import { test } from "node:test";

import { MSG, messageError } from "../src/messages.js";
import { creationOptions, credentialJSON, fromBase64url, requestOptions, toBase64url } from "../src/ui/passkeys-json.js";

const bytes = (...values) => new Uint8Array(values).buffer;

test("base64url round-trips bytes of every length, without padding or + and /", () => {
  for (let n = 0; n < 40; n += 1) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 251) % 256);
    const text = toBase64url(data);
    assert.doesNotMatch(text ?? "", /[+/=]/);
    assert.deepEqual(new Uint8Array(fromBase64url(text ?? "")), data);
  }
  assert.equal(toBase64url(bytes(0xfb, 0xff)), "-_8");
  assert.equal(toBase64url(null), undefined);
});

test("creation options decode the challenge, the user handle and the excluded credentials", () => {
  const options = creationOptions({
    rp: { id: "localhost", name: "AI Opt-Out" }, challenge: "AAEC", user: { id: "_w", name: "AI Opt-Out account", displayName: "AI Opt-Out account" },
    pubKeyCredParams: [{ type: "public-key", alg: -7 }], excludeCredentials: [{ id: "AQ", type: "public-key", transports: ["internal"] }],
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  assert.deepEqual(new Uint8Array(options.challenge), new Uint8Array([0, 1, 2]));
  assert.deepEqual(new Uint8Array(options.user.id), new Uint8Array([255]));
  assert.equal(options.user.name, "AI Opt-Out account");
  assert.deepEqual(new Uint8Array(options.excludeCredentials[0].id), new Uint8Array([1]));
  assert.deepEqual(options.excludeCredentials[0].transports, ["internal"]);
  assert.equal(options.authenticatorSelection.residentKey, "required");
});

test("request options name no credential: the authenticator offers its own", () => {
  const options = requestOptions({ rpId: "localhost", challenge: "AAEC", userVerification: "preferred" });
  assert.deepEqual(options.allowCredentials, []);
  assert.equal(options.rpId, "localhost");
});

test("a registration and an assertion become the JSON the service parses", () => {
  const registration = credentialJSON({
    id: "AQ", rawId: bytes(1), type: "public-key", authenticatorAttachment: "platform",
    response: { clientDataJSON: bytes(123, 125), attestationObject: bytes(160), getTransports: () => ["internal"] },
    getClientExtensionResults: () => ({}),
  });
  assert.deepEqual(registration, {
    id: "AQ", rawId: "AQ", type: "public-key", authenticatorAttachment: "platform", clientExtensionResults: {},
    response: { clientDataJSON: "e30", attestationObject: "oA", transports: ["internal"] },
  });
  const assertion = credentialJSON({
    id: "AQ", rawId: bytes(1), type: "public-key",
    response: { clientDataJSON: bytes(123, 125), authenticatorData: bytes(2), signature: bytes(3), userHandle: null },
  });
  assert.deepEqual(assertion.response, { clientDataJSON: "e30", authenticatorData: "Ag", signature: "Aw", userHandle: undefined });
});

test("passkey messages are checked before any handler runs", () => {
  const credential = { id: "AQ", response: {} };
  const challengeId = "0".repeat(32);
  assert.equal(messageError({ type: MSG.PASSKEYS }), null);
  assert.equal(messageError({ type: MSG.PASSKEY_OPTIONS, purpose: "register" }), null);
  assert.match(messageError({ type: MSG.PASSKEY_OPTIONS, purpose: "steal" }) ?? "", /purpose/);
  assert.equal(messageError({ type: MSG.ADD_PASSKEY, challengeId, credential, label: "Laptop" }), null);
  assert.match(messageError({ type: MSG.ADD_PASSKEY, challengeId: "x", credential }) ?? "", /challengeId/);
  assert.match(messageError({ type: MSG.ADD_PASSKEY, challengeId, credential, label: "" }) ?? "", /label/);
  assert.match(messageError({ type: MSG.PASSKEY_SIGN_IN, challengeId, credential: "nope" }) ?? "", /credential/);
  assert.match(messageError({ type: MSG.PASSKEY_SIGN_IN, challengeId, credential: { id: "AQ", response: { x: "y".repeat(20000) } } }) ?? "", /credential/);
  assert.equal(messageError({ type: MSG.RENAME_PASSKEY, id: "a".repeat(32), label: "Phone" }), null);
  assert.match(messageError({ type: MSG.RENAME_PASSKEY, id: "../accounts", label: "Phone" }) ?? "", /id/);
  assert.match(messageError({ type: MSG.REMOVE_PASSKEY, id: "a".repeat(31) }) ?? "", /id/);
});
