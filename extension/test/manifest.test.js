// The extension as a package: least permissions, strict CSP, one manifest for both browsers, every
// text localised in all eight languages, and no HTML built from strings.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AUDIENCES, CONTENT_MATCHES, KINDS, VERDICTS } from "../src/platforms.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (path) => readFileSync(join(ROOT, path), "utf8");
const manifest = JSON.parse(read("manifest.json"));
const LOCALES = ["en", "de", "fr", "es", "it", "nl", "pl", "pt_BR"];
const messages = Object.fromEntries(LOCALES.map((l) => [l, JSON.parse(read(`_locales/${l}/messages.json`))]));
const SITES = [...CONTENT_MATCHES]; // the platforms registry's hosts

function files(dir, ext) {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(ROOT, rel)).isDirectory() ? files(rel, ext) : rel.endsWith(ext) ? [rel] : [];
  });
}
const SOURCES = ["background.js", ...files("src", ".js")];
const SHIPPED = [...SOURCES, "content-script.js"]; // the generated content script is code the browser runs too

test("least permissions: storage and identity; hosts are the two sites and the loopback service", () => {
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.permissions, ["storage", "identity"]);
  assert.deepEqual(manifest.host_permissions, [...SITES, "http://127.0.0.1/*", "http://localhost/*"]);
  assert.deepEqual(manifest.optional_host_permissions, ["https://*/*", "http://*/*"]);
  assert.deepEqual(manifest.content_scripts.map((c) => c.matches), [SITES]);
  assert.equal(manifest.web_accessible_resources, undefined, "no file of the extension is exposed to the sites");
});

test("strict CSP for extension pages; no remote code anywhere", () => {
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self'; object-src 'none'; base-uri 'none'");
  for (const page of ["popup.html", "options.html"]) {
    const html = read(page);
    assert.ok(!/<script(?![^>]*src="src\/)/.test(html), `${page}: only local module scripts`);
    assert.ok(!/https?:\/\/[^"]*\.(js|css)/.test(html), `${page}: nothing loaded from the network`);
  }
});

test("one manifest for Chromium and Firefox: module service worker, background.scripts fallback, gecko settings", () => {
  assert.deepEqual(manifest.background, { service_worker: "background.js", scripts: ["background.js"], type: "module" });
  // 140: the ESR in Debian's main suite (153 comes from its security suite) and the first desktop
  // Firefox with data_collection_permissions; Firefox for Android has them from 142.
  assert.equal(manifest.browser_specific_settings.gecko.strict_min_version, "140.0");
  assert.equal(manifest.browser_specific_settings.gecko_android.strict_min_version, "142.0");
  assert.ok(manifest.browser_specific_settings.gecko.id);
  assert.ok(manifest.browser_specific_settings.gecko.data_collection_permissions.required.length);
});

test("the content script is the one generated classic script, made of the content modules and no background code", () => {
  assert.deepEqual(manifest.content_scripts.map((c) => c.js), [["content-script.js"]]);
  const bundled = [...read("content-script.js").matchAll(/^\/\/ ---- (\S+)$/gm)].map((m) => m[1]);
  assert.ok(bundled.includes("src/content/content-main.js") && bundled.includes("src/page/page-reader.js"));
  assert.ok(!bundled.some((p) => p.startsWith("src/background/") || p.startsWith("src/ui/")), "the content script holds no background or page code");
});

test("every locale has exactly the English keys and placeholders; manifest texts exist", () => {
  assert.equal(manifest.default_locale, "en");
  for (const key of [manifest.name, manifest.description, manifest.action.default_title].map((v) => v.match(/^__MSG_(\w+)__$/)[1])) {
    assert.ok(messages.en[key], key);
  }
  for (const lang of LOCALES) {
    assert.deepEqual(Object.keys(messages[lang]).sort(), Object.keys(messages.en).sort(), lang);
    for (const [key, entry] of Object.entries(messages.en)) {
      const names = (m) => [...m.matchAll(/\$([A-Z]+)\$/g)].map((x) => x[1]).sort();
      assert.deepEqual(names(messages[lang][key].message), names(entry.message), `${lang}.${key}`);
      assert.ok(messages[lang][key].message.trim(), `${lang}.${key} is empty`);
    }
  }
});

test("every message key used by the code and pages exists", () => {
  const used = new Set();
  for (const file of [...SOURCES, "popup.html", "options.html"]) {
    const text = read(file);
    for (const [, key] of text.matchAll(/\bt\("([A-Za-z_]+)"/g)) used.add(key);
    for (const [, key] of text.matchAll(/data-i18n="([A-Za-z_]+)"/g)) used.add(key);
  }
  for (const prefix of ["verdict_", "badge_"]) for (const v of [...VERDICTS, "pending", "error"]) used.add(prefix + v);
  for (const k of KINDS) used.add(`kind_${k}`);
  for (const a of AUDIENCES) used.add(`audience_${a}`);
  const missing = [...used].filter((k) => !messages.en[k]);
  assert.deepEqual(missing, []);
});

test("no innerHTML, outerHTML, insertAdjacentHTML, document.write or eval in the extension's code", () => {
  for (const file of SHIPPED) {
    const text = read(file);
    assert.ok(!/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/.test(text), file);
  }
});

test("modules stay small: every file under 400 lines", () => {
  for (const file of [...SOURCES, ...files("test", ".js")]) {
    const lines = read(file).split("\n").length;
    assert.ok(lines <= 400, `${file}: ${lines} lines`);
  }
});

test("the platforms' hosts and forms are spelled in one place: src/platforms.js", () => {
  for (const file of SHIPPED.filter((f) => f !== "src/platforms.js" && f !== "content-script.js")) {
    // Also as a regular expression writes it, with an escaped dot.
    assert.ok(!/(facebook|instagram)\\*\.com/.test(read(file)), `${file}: import the address from src/platforms.js`);
  }
});

test("the page-reading code imports no browser API", () => {
  for (const file of files("src/page", ".js").concat("src/page-rules.js")) {
    const text = read(file);
    assert.ok(!/\b(chrome|browser)\.|from "\.\.\/ext\.js"/.test(text), file);
  }
});

test("docs/extension-permissions.md justifies every permission and host in the manifest", () => {
  const doc = readFileSync(join(ROOT, "..", "docs", "extension-permissions.md"), "utf8");
  for (const entry of [...manifest.permissions, ...manifest.host_permissions, ...manifest.optional_host_permissions]) {
    assert.ok(doc.includes(`\`${entry}\``) || doc.includes(`"${entry}"`), `${entry} is not explained`);
  }
  assert.ok(doc.includes(manifest.content_security_policy.extension_pages));
});
