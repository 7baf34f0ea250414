import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { expectedItems, syntheticFeed } from "./fixtures/synthetic-feed.js";
import { start } from "../src/content/content-main.js";
import { messagesFor } from "./helpers/fake-browser.js";
import { load } from "./helpers/dom.js";

const SCRIPT = fileURLToPath(new URL("./fixtures/synthetic-feed.js", import.meta.url));

test("the CLI prints the same page as the module, self-contained (no network URL)", () => {
  const out = execFileSync(process.execPath, [SCRIPT, "--posts", "7", "--comments", "2", "--lang", "fr", "--sponsored-every", "3"], { encoding: "utf8" });
  assert.equal(out, syntheticFeed({ posts: 7, comments: 2, lang: "fr", sponsoredEvery: 3 }));
  assert.ok(!/(src|href)="https?:\/\/(?!www\.facebook\.com)/.test(out));
  assert.equal(load(out).document.querySelectorAll("[aria-posinset]").length, 7);
});

test("expected items count posts and comments, minus the sponsored ones", () => {
  assert.equal(expectedItems({ posts: 100, comments: 2, sponsoredEvery: 10 }).length, 90 * 3);
});

test("the --grow page script appends, re-renders and unmounts posts", () => {
  const { window, document } = load(syntheticFeed({ posts: 3, grow: true }), undefined, { runScripts: "dangerously" });
  assert.equal(window.aiOptoutFixture.append(2), 5);
  assert.equal(document.querySelectorAll("[aria-posinset]").length, 5);
  const old = document.querySelector('[data-fixture-post="1"]');
  window.aiOptoutFixture.rerender(1);
  assert.notEqual(document.querySelector('[data-fixture-post="1"]'), old);
  window.aiOptoutFixture.virtualize(2);
  assert.equal(document.querySelector('[data-fixture-post="2"]'), null);
});

test("the scanner settles: inserting badges does not trigger endless rescans", async () => {
  const { window, document } = load(syntheticFeed({ posts: 20, comments: 1 }));
  const send = async () => ({ ok: true, paused: false, salt: "s", profiles: {} });
  const explain = async (items, onPart) => {
    onPart({ results: Object.fromEntries(items.map((f) => [f.key, { verdict: "uncertain", reasons: [], actions: [], flip: [] }])) });
    return { ok: true, results: {} };
  };
  const app = await start(window, { send, explain, translate: messagesFor("en"), watchStorage: false });
  await sleep(700);
  const scans = document.documentElement.dataset.aiOptoutScans;
  assert.equal(document.querySelectorAll('[data-ai-optout-verdict="uncertain"]').length, 40);
  await sleep(700);
  assert.equal(document.documentElement.dataset.aiOptoutScans, scans);
  assert.ok(Number(scans) <= 3, `${scans} scans`);
  app.scanner.stop();
});
