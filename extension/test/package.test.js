// `npm run package`: what it accepts and refuses, the key set it pins, the store manifests it
// writes, and a staged package whose background defaults to the pinned service.
// (tests/extension/test_package.py builds real packages for a live service and loads one in Chromium.)

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CONTENT_MATCHES } from "../src/platforms.js";
import { main, stage } from "../tools/package.mjs";
import { Refusal, parseCommand, pinnedServiceModule, publicKeySet, serviceHostPermission, storeManifest } from "../tools/store-build.mjs";
import { fakeBrowser } from "./helpers/fake-browser.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const devManifest = JSON.parse(await readFile(join(ROOT, "manifest.json"), "utf8"));
const SITES = [...CONTENT_MATCHES];
const KEY = { kty: "OKP", crv: "Ed25519", x: "kZn76WeBJ_eDFsEKJO49lGU7yn9x8_USmGVE_Dt7TI4", kid: "3340f3fe3a274ccb", alg: "Ed25519", use: "sig" };
const build = (browser, apiBase = "https://optout.example.org") =>
  storeManifest(devManifest, { apiBase, version: "1.2.3", browser, geckoId: "ai-optout@optout.example.org", sites: SITES });

test("the service must be https; plain http only on a loopback host", () => {
  assert.equal(parseCommand(["--service", "https://optout.example.org/"]).apiBase, "https://optout.example.org");
  assert.equal(parseCommand(["--service", "https://example.org:8443/optout/"]).apiBase, "https://example.org:8443/optout");
  for (const loopback of ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"]) {
    assert.equal(parseCommand(["--service", loopback]).apiBase, loopback);
  }
  for (const refused of ["http://optout.example.org", "http://10.0.0.1", "ftp://optout.example.org", "optout.example.org",
    "https://user:pw@optout.example.org", "https://optout.example.org/?next=x", "https://optout.example.org/#x"]) {
    assert.throws(() => parseCommand(["--service", refused]), Refusal, refused);
  }
});

test("the command line: --service required, unknown options refused, out and add-on id defaulted", () => {
  assert.throws(() => parseCommand([]), /--service is required/);
  assert.throws(() => parseCommand(["--service", "https://a.example", "--sevice", "x"]), Refusal);
  assert.throws(() => parseCommand(["https://a.example"]), Refusal);
  assert.deepEqual(parseCommand(["--service", "https://a.example"]), { apiBase: "https://a.example", out: "dist", geckoId: "ai-optout@a.example" });
  assert.equal(parseCommand(["--service", "https://a.example", "--gecko-id", "{12345678-1234-1234-1234-123456789abc}"]).geckoId, "{12345678-1234-1234-1234-123456789abc}");
  assert.throws(() => parseCommand(["--service", "https://a.example", "--gecko-id", "no id"]), /not an add-on id/);
});

test("the key set: public members only; no keys, a key without kid, or a private member are refused", () => {
  assert.deepEqual(publicKeySet({ keys: [{ ...KEY, extra: "dropped" }] }), { keys: [KEY] });
  assert.throws(() => publicKeySet({ keys: [] }), /holds no keys/);
  assert.throws(() => publicKeySet({}), /holds no keys/);
  assert.throws(() => publicKeySet(null), /holds no keys/);
  assert.throws(() => publicKeySet({ keys: [{ kty: "OKP" }] }), /no kty or kid/);
  assert.throws(() => publicKeySet({ keys: [{ ...KEY, d: "secret" }] }), /private member "d"/);
});

test("store manifest: hosts are the two sites and exactly the service; no wildcard, no optional hosts, no dev key", () => {
  for (const browser of ["chromium", "firefox"]) {
    const manifest = build(browser);
    assert.deepEqual(manifest.host_permissions, [...SITES, "https://optout.example.org/*"]);
    assert.equal(manifest.optional_host_permissions, undefined);
    assert.equal(manifest.key, undefined, "the store assigns the id; it refuses a manifest with `key`");
    assert.ok(!JSON.stringify(manifest).includes("*://*") && !manifest.host_permissions.some((h) => /:\/\/\*\//.test(h)));
    assert.equal(manifest.version, "1.2.3");
    assert.deepEqual(manifest.permissions, devManifest.permissions);
    assert.deepEqual(manifest.content_scripts, devManifest.content_scripts);
    assert.deepEqual(manifest.content_security_policy, devManifest.content_security_policy);
  }
  assert.ok(devManifest.key && devManifest.optional_host_permissions, "the dev manifest itself is left as it is");
});

test("store manifest: each browser gets the background key it reads; Firefox gets the operator's add-on id", () => {
  const chromium = build("chromium");
  assert.deepEqual(chromium.background, { service_worker: "background.js", type: "module" });
  assert.equal(chromium.browser_specific_settings, undefined);
  const firefox = build("firefox");
  assert.deepEqual(firefox.background, { scripts: ["background.js"], type: "module" });
  assert.equal(firefox.browser_specific_settings.gecko.id, "ai-optout@optout.example.org");
  assert.deepEqual(firefox.browser_specific_settings.gecko.data_collection_permissions, devManifest.browser_specific_settings.gecko.data_collection_permissions);
});

test("the service's host permission has no port: Firefox match patterns allow none", () => {
  assert.equal(serviceHostPermission("http://127.0.0.1:8765"), "http://127.0.0.1/*");
  assert.equal(serviceHostPermission("https://example.org:8443/optout"), "https://example.org/*");
  assert.deepEqual(build("chromium", "http://127.0.0.1:8765").host_permissions, [...SITES, "http://127.0.0.1/*"]);
});

test("a staged package defaults to the pinned service and trusts its keys; the checkout pins nothing", async () => {
  const dir = await mkdtemp(join(tmpdir(), "ai-optout-stage-"));
  try {
    const pinned = { apiBase: "https://optout.example.org", jwks: { keys: [KEY] }, pinnedAt: "2025-06-01T00:00:00.000Z" };
    await stage(dir, { manifest: build("chromium"), pinned });
    // eslint-disable-next-line no-unsanitized/method -- the package this test has just staged
    const ext = await import(pathToFileURL(join(dir, "src/ext.js")).href);
    ext.useBrowserApi(fakeBrowser());
    // eslint-disable-next-line no-unsanitized/method -- the package this test has just staged
    const staged = await import(pathToFileURL(join(dir, "src/background/settings.js")).href);
    assert.equal(await staged.apiBase(), "https://optout.example.org");
    assert.deepEqual(staged.TRUSTED_KEYS, [KEY]);
    assert.deepEqual(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")), build("chromium"));

    const checkout = await import("../src/background/settings.js");
    assert.equal(checkout.DEFAULT_API_BASE, "http://127.0.0.1:8000");
    assert.deepEqual(checkout.TRUSTED_KEYS, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the pinned module is data only", async () => {
  const pinned = { apiBase: "https://optout.example.org", jwks: { keys: [KEY] }, pinnedAt: "2025-06-01T00:00:00.000Z" };
  const text = pinnedServiceModule(pinned);
  assert.deepEqual(text.split("\n").filter((l) => l && !l.startsWith("//") && !/^\s|^}\);$/.test(l)), ["export const PINNED_SERVICE = Object.freeze({"]);
  assert.deepEqual(JSON.parse(text.slice(text.indexOf("Object.freeze(") + 14, text.lastIndexOf(");"))), pinned);
});

/** A loopback stand-in for the service: `routes[path]` → [status, body, headers?]; records what it was asked. */
async function standIn(routes) {
  const asked = [];
  const server = createServer((req, res) => {
    asked.push(req.url);
    const [status, body, headers = {}] = routes[req.url] ?? [404, { title: "Not Found" }];
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return { base: `http://127.0.0.1:${server.address().port}`, asked, close: () => new Promise((done) => server.close(done)) };
}

/** Run the command as an operator does (in a child: the stand-ins answer from this process). */
function run(...args) {
  return new Promise((done) => {
    execFile(process.execPath, ["tools/package.mjs", ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

test("refusals are one line with exit code 2: plain http, unreachable, an empty key set, a redirect", async () => {
  const out = await mkdtemp(join(tmpdir(), "ai-optout-out-"));
  const empty = await standIn({ "/healthz": [200, { status: "ok" }], "/.well-known/jwks.json": [200, { keys: [] }] });
  const elsewhere = await standIn({ "/healthz": [200, { status: "ok" }] });
  const redirects = await standIn({ "/healthz": [302, {}, { location: `${elsewhere.base}/healthz` }] });
  const down = await standIn({});
  await down.close(); // nothing listens there any more
  try {
    const cases = [
      [["--service", "http://optout.example.org"], /plain http/],
      [["--service", down.base], /does not answer/],
      [["--service", empty.base], /holds no keys/],
      [["--service", redirects.base], /redirects .*healthz to http:\/\/127\.0\.0\.1:\d+\/healthz: give the address/],
    ];
    for (const [args, reason] of cases) {
      const got = await run(...args, "--out", out);
      assert.equal(got.code, 2, `${args}: ${got.stderr}`);
      assert.match(got.stderr, /^package: refused: .+\n$/);
      assert.match(got.stderr, reason);
      assert.equal(got.stdout, "");
    }
    assert.deepEqual(empty.asked, ["/healthz", "/.well-known/jwks.json"]);
    assert.deepEqual(elsewhere.asked, [], "a redirect is never followed off the address given");
  } finally {
    await Promise.all([empty.close(), elsewhere.close(), redirects.close(), rm(out, { recursive: true, force: true })]);
  }
});

test("main() refuses without building anything when the service has no key set", async () => {
  const noKeys = await standIn({ "/healthz": [200, { status: "ok" }], "/.well-known/jwks.json": [503, {}] });
  const out = join(tmpdir(), `ai-optout-none-${process.pid}`);
  const write = process.stderr.write;
  let said = "";
  process.stderr.write = (chunk) => { said += chunk; return true; };
  try {
    assert.equal(await main(["--service", noKeys.base, "--out", out]), 2);
  } finally {
    process.stderr.write = write;
    await noKeys.close();
  }
  assert.match(said, /answers .*jwks\.json with 503/);
  await assert.rejects(readdir(out), { code: "ENOENT" }, "nothing was built");
});
