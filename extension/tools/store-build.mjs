// The pure half of `npm run package` (tools/package.mjs): what the command accepts, what it pins
// and the manifests it writes. No network, no files: test/package.test.js checks each rule here.

import { parseArgs } from "node:util";

/** Hosts a plain-http service may have: a service on this machine, for tests and development. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** The members of a public key worth pinning (RFC 7517/8037); anything else is dropped. */
const PUBLIC_MEMBERS = ["kty", "crv", "x", "y", "n", "e", "kid", "alg", "use"];
/** Members that only a private key has: a key set holding one is refused, never pinned. */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k"];

/** A refusal the command reports in one line, exiting with status 2. */
export class Refusal extends Error {}

export const USAGE = "usage: npm run package -- --service https://optout.example.org [--out dist] [--gecko-id id@example.org]";

/**
 * The command line: `--service URL` (required), `--out DIR` (default dist), `--gecko-id ID`
 * (default ai-optout@<the service's host>: every AMO listing needs an id of its own).
 * @param {string[]} argv
 */
export function parseCommand(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { service: { type: "string" }, out: { type: "string", default: "dist" }, "gecko-id": { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new Refusal(`${err.message.split("\n")[0]} (${USAGE})`);
  }
  if (!values.service) throw new Refusal(`--service is required (${USAGE})`);
  const apiBase = serviceBase(values.service);
  const geckoId = values["gecko-id"] ?? `ai-optout@${new URL(apiBase).hostname.replace(/^\[|\]$/g, "").replace(/:/g, "-")}`;
  // addons.mozilla.org's own rule for an add-on id: a GUID in braces, or an e-mail-like string.
  if (!/^(\{[0-9a-f-]{36}\}|[a-z0-9-._]*@[a-z0-9-._]+)$/i.test(geckoId) || geckoId.length > 80) {
    throw new Refusal(`--gecko-id ${JSON.stringify(geckoId)} is not an add-on id (name@domain, or a GUID in braces)`);
  }
  return { apiBase, out: values.out, geckoId };
}

/**
 * The service's base URL, without a trailing slash: https, or http on a loopback host (tests).
 * No credentials, query or fragment: the extension appends its paths to it.
 * @param {string} value
 */
export function serviceBase(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Refusal(`--service ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
    throw new Refusal(`--service ${url.origin} is plain http: the store packages need an https service (http only on loopback, for tests)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Refusal(`--service ${JSON.stringify(value)} is not an https URL`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Refusal(`--service ${JSON.stringify(value)} must be a plain address, without credentials, query or fragment`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** The host permission that covers the service: its scheme and host (Firefox allows no port). */
export function serviceHostPermission(apiBase) {
  const url = new URL(apiBase);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * The service's key set, reduced to the public members of each key; refused when it has no keys,
 * a key without `kty`/`kid`, or any private member.
 * @param {unknown} document the parsed /.well-known/jwks.json
 */
export function publicKeySet(document) {
  const keys = /** @type {any} */ (document)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Refusal("the service's key set (/.well-known/jwks.json) holds no keys");
  return {
    keys: keys.map((key, i) => {
      if (typeof key !== "object" || key === null || typeof key.kty !== "string" || typeof key.kid !== "string") {
        throw new Refusal(`key ${i} of the service's key set has no kty or kid`);
      }
      const secret = PRIVATE_MEMBERS.find((name) => name in key);
      if (secret) throw new Refusal(`key ${key.kid} of the service's key set carries the private member "${secret}": fix the service before publishing anything`);
      return Object.fromEntries(PUBLIC_MEMBERS.filter((name) => name in key).map((name) => [name, key[name]]));
    }),
  };
}

/**
 * The manifest of one store package: the dev manifest with the hosts narrowed to the two sites and
 * the service, no optional hosts, no dev `key` (the store assigns the id), the package's version,
 * and what each browser reads of `background` (the other key only draws a warning).
 * @param {any} manifest the checkout's manifest.json
 * @param {{apiBase: string, version: string, browser: "chromium"|"firefox", geckoId: string, sites: string[]}} how
 */
export function storeManifest(manifest, { apiBase, version, browser, geckoId, sites }) {
  const out = { ...manifest, version, host_permissions: [...sites, serviceHostPermission(apiBase)] };
  const gecko = manifest.browser_specific_settings;
  delete out.key;
  delete out.optional_host_permissions;
  delete out.browser_specific_settings;
  if (browser === "chromium") {
    out.background = { service_worker: manifest.background.service_worker, type: manifest.background.type };
  } else {
    out.background = { scripts: manifest.background.scripts, type: manifest.background.type };
    out.browser_specific_settings = { ...gecko, gecko: { ...gecko.gecko, id: geckoId } };
  }
  return out;
}

/**
 * The module the store packages carry in place of src/background/pinned-service.js: data only,
 * the service's address and key set as the extension's default service and trusted keys.
 * @param {{apiBase: string, jwks: {keys: object[]}, pinnedAt: string}} pinned
 */
export function pinnedServiceModule(pinned) {
  return [
    `// GENERATED by tools/package.mjs for ${pinned.apiBase}: the service this package was built for`,
    "// and its key set at build time. Data only; the checkout's copy of this file pins nothing.",
    `export const PINNED_SERVICE = Object.freeze(${JSON.stringify(pinned, null, 2)});`,
    "",
  ].join("\n");
}
