// Page rules that update without a release: a document is taken only when signed by a trusted
// key, untouched, well-formed and newer than what the extension has; the bundled rules are the
// floor; a build that pins no keys trusts its service's key set only on this machine.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { createRulesUpdater, isLoopback, verifyRules } from "../src/background/page-rules.js";
import { BUNDLED_RULES, BUNDLED_RULES_VERSION, bundledDocument, compileDocument, toData } from "../src/page/rules-document.js";
import * as pageRules from "../src/page-rules.js";

const { subtle } = globalThis.crypto;
const b64url = (bytes) => Buffer.from(bytes).toString("base64url");

async function makeKey(kid) {
  const pair = await subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
  const jwk = await subtle.exportKey("jwk", pair.publicKey);
  return { kid, privateKey: pair.privateKey, jwk: { kty: "OKP", crv: "Ed25519", x: jwk.x, kid, alg: "Ed25519", use: "sig" } };
}

async function sign(key, document, header = {}) {
  const head = b64url(JSON.stringify({ alg: "Ed25519", kid: key.kid, typ: "page-rules+json", ...header }));
  const body = b64url(JSON.stringify(document));
  const signature = await subtle.sign({ name: "Ed25519" }, key.privateKey, new TextEncoder().encode(`${head}.${body}`));
  return `${head}.${body}.${b64url(new Uint8Array(signature))}`;
}

/** The bundled document, newer, with "Ad" no longer read as Sponsored. */
function newer(version = BUNDLED_RULES_VERSION + 1) {
  const doc = bundledDocument();
  doc.version = version;
  doc.rules.SPONSORED_LABELS = doc.rules.SPONSORED_LABELS.filter((label) => label !== "Ad");
  return doc;
}

const key = await makeKey("k1");
const stranger = await makeKey("k2");

describe("the bundled document", () => {
  it("holds every rule page-rules.js exports, and compiles back to the same rules", () => {
    const exported = Object.keys(pageRules);
    const missing = exported.filter((name) => !(name in BUNDLED_RULES));
    // Words added since the document was last folded: listed so none is forgotten silently.
    assert.deepEqual(missing, []);
    const doc = JSON.parse(JSON.stringify(bundledDocument()));
    const { version, rules } = compileDocument(doc);
    assert.equal(version, BUNDLED_RULES_VERSION);
    assert.deepEqual(toData(rules), toData(BUNDLED_RULES));
    assert.ok(rules.FB.permalinks[0][0] instanceof RegExp);
  });

  it("refuses a document missing a rule or giving one the wrong shape, naming where", () => {
    const cases = [
      [(d) => { delete d.rules.FB; }, /rules\.FB: missing/],
      [(d) => { d.rules.FB.permalinks[0][0] = "posts"; }, /rules\.FB\.permalinks\[0\]\[0\]: a RegExp/],
      [(d) => { d.rules.IG.postLink = { re: "([" }; }, /rules\.IG\.postLink: not a RegExp/],
      [(d) => { d.rules.SPONSORED_LABELS = "Sponsored"; }, /a list expected/],
      [(d) => { d.rules.FB.article = ["x"]; }, /rules\.FB\.article: a string expected/],
      [(d) => { d.version = 0; }, /version/],
      [(d) => { d.issued_at = "soon"; }, /issued_at/],
    ];
    for (const [spoil, said] of cases) {
      const doc = newer();
      spoil(doc);
      assert.throws(() => compileDocument(doc), said);
    }
  });
});

describe("verifyRules", () => {
  it("takes a document signed by a trusted key", async () => {
    const answer = await verifyRules(await sign(key, newer()), [key.jwk]);
    assert.equal(answer.ok, true);
    assert.equal(answer.document.version, BUNDLED_RULES_VERSION + 1);
  });

  it("refuses a tampered payload, a signature by a key it does not trust, and other statement types", async () => {
    const good = await sign(key, newer());
    const [head, payload, sig] = good.split(".");
    const tampered = `${head}.${b64url(JSON.stringify({ ...newer(), version: BUNDLED_RULES_VERSION + 9 }))}.${sig}`;
    assert.deepEqual(await verifyRules(tampered, [key.jwk]), { ok: false, error: "bad signature" });
    // One bit of the signature's first byte: the last characters of its base64url carry padding
    // bits a decoder ignores, so changing them may leave the signature as it was.
    const bytes = Buffer.from(sig, "base64url");
    bytes[0] ^= 1;
    const flipped = `${head}.${payload}.${bytes.toString("base64url")}`;
    assert.equal((await verifyRules(flipped, [key.jwk])).ok, false);
    assert.match((await verifyRules(await sign(stranger, newer()), [key.jwk])).error, /does not trust/);
    // The stranger claims the trusted key's id: its signature still fails.
    assert.equal((await verifyRules(await sign({ ...stranger, kid: "k1" }, newer()), [key.jwk])).error, "bad signature");
    assert.match((await verifyRules(await sign(key, newer(), { typ: "receipt+jwt" }), [key.jwk])).error, /not page rules/);
    assert.match((await verifyRules(await sign(key, newer(), { alg: "none" }), [key.jwk])).error, /not accepted/);
    assert.match((await verifyRules("a.b", [key.jwk])).error, /compact/);
  });

  it("refuses a signed document the readers could not use", async () => {
    const broken = newer();
    broken.rules.FB.commentId = { re: "(" };
    assert.match((await verifyRules(await sign(key, broken), [key.jwk])).error, /not a usable document: rules\.FB\.commentId/);
  });
});

/** A service at `base` serving `jws` (or 404), its key set, and an updater over fake storage. */
function world({ base = "http://127.0.0.1:8000", jws = null, jwks = [key.jwk], trustedKeys = [], now = () => 1e12 } = {}) {
  const calls = [];
  const service = { jws };
  let stored = null;
  const fetch = async (url) => {
    calls.push(url);
    if (url.endsWith("/.well-known/jwks.json")) return new Response(JSON.stringify({ keys: jwks }), { status: 200 });
    if (url.endsWith("/v1/page-rules")) return service.jws ? new Response(service.jws, { status: 200 }) : new Response("{}", { status: 404 });
    return new Response("", { status: 500 });
  };
  const updater = createRulesUpdater({
    fetch, apiBase: async () => base, trustedKeys, now,
    load: async () => stored, save: async (value) => { stored = structuredClone(value); },
  });
  return { updater, calls, service, stored: () => stored };
}

describe("createRulesUpdater", () => {
  it("takes a newer signed document, keeps it, and hands it out until a newer one comes", async () => {
    const w = world({ jws: await sign(key, newer()) });
    assert.equal(await w.updater.current(), null, "the bundled rules before any check");
    assert.deepEqual(await w.updater.refresh(), { ok: true, updated: true, version: BUNDLED_RULES_VERSION + 1 });
    assert.equal((await w.updater.current()).version, BUNDLED_RULES_VERSION + 1);
    assert.equal(w.stored().apiBase, "http://127.0.0.1:8000");
  });

  it("refuses a tampered document and one not newer than what it has, keeping what it had", async () => {
    const w = world({ jws: await sign(key, newer(BUNDLED_RULES_VERSION + 2)) });
    await w.updater.refresh();
    const [head, , sig] = (await sign(key, newer(BUNDLED_RULES_VERSION + 3))).split(".");
    w.service.jws = `${head}.${b64url(JSON.stringify(newer(BUNDLED_RULES_VERSION + 4)))}.${sig}`;
    assert.deepEqual(await w.updater.refresh({ force: true }), { ok: false, error: "bad signature" });
    w.service.jws = await sign(key, newer(BUNDLED_RULES_VERSION + 1));
    assert.match((await w.updater.refresh({ force: true })).error, /not newer/);
    assert.equal((await w.updater.current()).version, BUNDLED_RULES_VERSION + 2);
    assert.match(w.stored().refused, /not newer/);
  });

  it("never takes a document older than or equal to the bundled rules", async () => {
    const w = world({ jws: await sign(key, newer(BUNDLED_RULES_VERSION)) });
    assert.match((await w.updater.refresh()).error, /not newer/);
    assert.equal(await w.updater.current(), null);
  });

  it("checks at most daily, and again at once for another service", async () => {
    let clock = 1e12;
    const w = world({ jws: await sign(key, newer()), now: () => clock });
    await w.updater.refresh();
    const asked = w.calls.length;
    clock += 23 * 3600e3;
    assert.equal((await w.updater.refresh()).skipped, true);
    assert.equal(w.calls.length, asked);
    clock += 3600e3;
    await w.updater.refresh();
    assert.ok(w.calls.length > asked);
  });

  it("with pinned keys trusts only them, never the key set a service publishes", async () => {
    const w = world({ base: "https://optout.example.org", jws: await sign(stranger, newer()), jwks: [stranger.jwk], trustedKeys: [key.jwk] });
    assert.match((await w.updater.refresh()).error, /does not trust/);
    assert.ok(!w.calls.some((url) => url.includes("jwks")));
    w.service.jws = await sign(key, newer());
    assert.equal((await w.updater.refresh({ force: true })).updated, true);
  });

  it("without pinned keys fetches the service's key set only from a loopback service", async () => {
    const remote = world({ base: "https://optout.example.org", jws: await sign(key, newer()) });
    assert.deepEqual(await remote.updater.refresh(), { ok: false, error: "no trusted keys for this service" });
    assert.deepEqual(remote.calls, []);
    assert.equal(await remote.updater.current(), null);
    const local = world({ base: "http://127.0.0.1:8000", jws: await sign(key, newer()) });
    assert.equal((await local.updater.refresh()).updated, true);
    assert.deepEqual([isLoopback("http://localhost:8000"), isLoopback("http://[::1]:8000"), isLoopback("http://127.0.0.1.example.org")], [true, true, false]);
  });

  it("keeps the bundled rules while nothing is published", async () => {
    const w = world({ jws: null });
    assert.deepEqual(await w.updater.refresh(), { ok: true, updated: false });
    assert.equal(await w.updater.current(), null);
  });
});

describe("reading with a newer document", async () => {
  const { readPage } = await import("../src/page/page-reader.js");
  const { load } = await import("./helpers/dom.js");
  const page = () => load(`<div role="main"><div role="feed"><div aria-posinset="1"><div role="article">
    <h3><a href="https://www.facebook.com/oswin.b">Oswin</a></h3>
    <a href="https://www.facebook.com/oswin.b/posts/pfbid02abcdef">3h</a>
    <span role="img" aria-label="Shared with Zorblic"></span><div>Hello</div></div></div></div></div>`).document;
  const read = (rules) => readPage(page(), { hostname: "www.facebook.com", pathname: "/", now: new Date("2026-12-05T12:00:00Z"), rules })
    .items.map((it) => it.facts.audience);

  it("reads a word the bundled rules lack, and goes back to the bundled rules when none is given", () => {
    const doc = newer();
    doc.rules.AUDIENCE_WORDS = doc.rules.AUDIENCE_WORDS.map(([value, words]) => [value, value === "public" ? [...words, "zorblic"] : words]);
    const rules = compileDocument(JSON.parse(JSON.stringify(doc)));
    assert.deepEqual(read(undefined), ["unknown"]);
    assert.deepEqual(read(rules), ["public"]);
    assert.deepEqual(read(null), ["unknown"], "nothing kept from the last read's rules");
  });
});
