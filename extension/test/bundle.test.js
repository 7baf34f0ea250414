// content-script.js, the classic script the manifest injects, is exactly what tools/bundle.mjs makes
// of the content modules, and it runs: in a page it reads the posts and shows the verdicts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OUTPUT, ROOT, bundle } from "../tools/bundle.mjs";
import { EXPLAIN_PORT, MSG } from "../src/messages.js";
import { syntheticFeed } from "./fixtures/synthetic-feed.js";
import { fakeBrowser } from "./helpers/fake-browser.js";
import { load } from "./helpers/dom.js";

test("content-script.js is up to date with the modules (run `npm run bundle` after changing them)", () => {
  assert.equal(readFileSync(join(ROOT, OUTPUT), "utf8"), bundle());
});

test("the bundle is a classic script: no import or export statement is left", () => {
  const text = readFileSync(join(ROOT, OUTPUT), "utf8");
  assert.equal(/^\s*(import|export)\s/m.test(text), false);
});

test("injected into a page, the bundle reads it, asks over the explain port and badges every item; twice is once", async () => {
  const { window, document } = load(syntheticFeed({ posts: 4, comments: 1 }), undefined, { runScripts: "outside-only" });
  const browser = fakeBrowser();
  browser.runtime.onMessage.addListener((message, sender, reply) => {
    if (message.type === MSG.GET_PAGE_CONFIG) reply({ ok: true, paused: false, salt: "s", profiles: {} });
  });
  const asked = [];
  browser.runtime.onConnect.addListener((port) => {
    assert.equal(port.name, EXPLAIN_PORT);
    port.onMessage.addListener(({ items }) => {
      asked.push(...items);
      port.postMessage({ partial: { results: Object.fromEntries(items.map((f) => [f.key, { verdict: "uncertain", reasons: [], actions: [], flip: [] }])) } });
      port.postMessage({ final: { ok: true, results: {} } });
    });
  });
  browser.runtime.sendMessage = (message) => new Promise((resolve) => {
    for (const fn of browser.messageListeners) fn(structuredClone(message), {}, resolve);
  });
  window.chrome = browser;
  const code = readFileSync(join(ROOT, OUTPUT), "utf8");
  window.eval(code);
  window.eval(code);
  const end = Date.now() + 3000;
  while (document.querySelectorAll('[data-ai-optout-verdict="uncertain"]').length < 8 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  assert.equal(document.querySelectorAll('[data-ai-optout-verdict="uncertain"]').length, 8);
  assert.equal(asked.length, 8, "one content script, whatever the number of injections");
  window.close();
});
