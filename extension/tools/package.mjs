#!/usr/bin/env node
// Builds the store packages of the extension for one operator's service:
//
//   npm run package -- --service https://optout.example.org [--out dist] [--gecko-id id@example.org]
//
// It asks the service two things only, at the address given and nowhere else (no redirects):
// /healthz (is it there?) and /.well-known/jwks.json (its public keys, pinned in the package).
// Then it stages the extension's files with that service as the default and the hosts narrowed
// to it (tools/store-build.mjs), builds ai-optout-chromium-<version>.zip and
// ai-optout-firefox-<version>.zip with web-ext, lints the Firefox one as addons.mozilla.org would,
// and prints what the operator sets on the service. Refusals are one line and exit with 2.
// docs/extension-store.md has the store steps that follow.

import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CONTENT_MATCHES } from "../src/platforms.js";
import { ROOT as EXTENSION, OUTPUT as CONTENT_SCRIPT, bundle } from "./bundle.mjs";
import { Refusal, parseCommand, pinnedServiceModule, publicKeySet, serviceHostPermission, storeManifest } from "./store-build.mjs";

/** What a package holds: the pages, the entry points, the modules, texts and icons. */
const SHIPPED = ["background.js", "popup.html", "options.html", "_locales", "icons", "src"];
const PINNED_MODULE = "src/background/pinned-service.js";
const TIMEOUT_MS = 10_000;

/** GET one JSON document from the service; any failure is a refusal naming the address. */
async function getJson(url) {
  let response;
  try {
    response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/json" } });
  } catch (err) {
    throw new Refusal(`the service does not answer at ${url} (${err.cause?.code ?? err.cause?.message ?? err.message})`);
  }
  if (response.status >= 300 && response.status < 400) {
    // Followed, a redirect would pin another address's keys: the operator names the final one.
    throw new Refusal(`the service redirects ${url} to ${response.headers.get("location") ?? "elsewhere"}: give the address it answers at`);
  }
  if (!response.ok) throw new Refusal(`the service answers ${url} with ${response.status}, not 200`);
  try {
    return await response.json();
  } catch {
    throw new Refusal(`the service's answer at ${url} is not JSON`);
  }
}

/** The service's pinned data: its address and public key set, checked. */
export async function pinService(apiBase, { now = new Date() } = {}) {
  await getJson(`${apiBase}/healthz`);
  const jwks = publicKeySet(await getJson(`${apiBase}/.well-known/jwks.json`));
  return { apiBase, jwks, pinnedAt: now.toISOString() };
}

/**
 * One browser's files in `dir`: the checkout's shipped files, a freshly bundled content script,
 * the pinned service and the store manifest.
 */
export async function stage(dir, { manifest, pinned }) {
  for (const name of SHIPPED) await cp(join(EXTENSION, name), join(dir, name), { recursive: true });
  await writeFile(join(dir, CONTENT_SCRIPT), bundle()); // never a stale copy of the sources
  await writeFile(join(dir, PINNED_MODULE), pinnedServiceModule(pinned));
  await writeFile(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function webExt() {
  const { cmd } = await import("web-ext");
  return cmd;
}

/** Build both packages into `out`; returns their paths and the Firefox lint's counts. */
export async function buildPackages({ apiBase, out, geckoId }, pinned) {
  const devManifest = JSON.parse(await readFile(join(EXTENSION, "manifest.json"), "utf8"));
  const { version } = JSON.parse(await readFile(join(EXTENSION, "package.json"), "utf8"));
  const cmd = await webExt();
  const work = await mkdtemp(join(tmpdir(), "ai-optout-package-"));
  await mkdir(out, { recursive: true });
  const built = {};
  try {
    for (const browser of /** @type {const} */ (["chromium", "firefox"])) {
      const dir = join(work, browser);
      const manifest = storeManifest(devManifest, { apiBase, version, browser, geckoId, sites: [...CONTENT_MATCHES] });
      await stage(dir, { manifest, pinned });
      const filename = `ai-optout-${browser}-${version}.zip`;
      await cmd.build({ sourceDir: dir, artifactsDir: out, filename, overwriteDest: true }, { showReadyMessage: false });
      built[browser] = join(out, filename);
      if (browser === "firefox") {
        // Listed on addons.mozilla.org: linted as AMO lints an upload, not as a self-hosted add-on.
        const report = await cmd.lint({ sourceDir: dir, output: "none", selfHosted: false }, { shouldExitProgram: false });
        built.lint = { errors: report.errors, warnings: report.warnings };
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { version, ...built };
}

/** What the operator reads at the end: the packages, the service's settings, the next steps. */
export function report({ apiBase, geckoId }, pinned, built) {
  const host = new URL(apiBase).hostname;
  const kids = pinned.jwks.keys.map((k) => k.kid).join(", ");
  return [
    `Built version ${built.version} for ${apiBase} (host permission ${serviceHostPermission(apiBase)}; pinned keys: ${kids})`,
    `  ${built.chromium}   Chrome Web Store`,
    `  ${built.firefox}   addons.mozilla.org (add-on id ${geckoId}; web-ext lint: ${built.lint.errors.length} errors, ${built.lint.warnings.length} warnings)`,
    "",
    "On the service, set:",
    "  AI_OPTOUT_EXTENSION_IDS='[\"<the id the Chrome Web Store gives the item>\"]'   lets its origin call the API and run passkey ceremonies",
    `  AI_OPTOUT_FIREFOX_ADDON_IDS='["${geckoId}"]'   lets the Firefox options page run passkey ceremonies`,
    `  AI_OPTOUT_WEBAUTHN_RP_ID=${host}`,
    `  AI_OPTOUT_WEBAUTHN_ORIGINS='["${new URL(apiBase).origin}"]'`,
    "  AI_OPTOUT_OIDC_REDIRECT_URIS: add https://<that id>.chromiumapp.org/ if OpenID Connect sign-in is on",
    "",
    "Next: upload the Chromium zip to the Chrome Web Store dashboard, copy the item id it shows into",
    "AI_OPTOUT_EXTENSION_IDS and restart the service; upload the Firefox zip to addons.mozilla.org",
    "with the source archive it asks for (the content script is generated). After rotating the",
    "service's signing key, build and publish again: the packages trust only the keys pinned now.",
    "Steps and permission texts: docs/extension-store.md",
  ].join("\n");
}

export async function main(argv) {
  let command;
  let pinned;
  try {
    command = parseCommand(argv);
    pinned = await pinService(command.apiBase);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    process.stderr.write(`package: refused: ${err.message}\n`);
    return 2;
  }
  const built = await buildPackages({ ...command, out: resolve(command.out) }, pinned);
  process.stdout.write(`${report(command, pinned, built)}\n`);
  if (built.lint.errors.length) {
    process.stderr.write(`package: web-ext lint found errors in the Firefox package:\n${JSON.stringify(built.lint.errors, null, 2)}\n`);
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
