// Every real page that has a ground truth (../shared/fixtures/real/ground-truth.json), read as the
// extension reads it: at the page's address, on the day it was saved, with no profile set (own
// items are recognised from the page). Found items are aligned with the truth in document order;
// a page passes when every item is found with its kind, audience, date and author and nothing
// else is badged. Pages still failing are listed in KNOWN_GAPS with their cause, never skipped.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readPage } from "../src/page/page-reader.js";
import { REAL_DIR, loadReal } from "./helpers/dom.js";

const TRUTH = JSON.parse(readFileSync(`${REAL_DIR}ground-truth.json`, "utf8"));

/** Pages not yet read right, with why. Tightened as causes are fixed: a page listed here that passes fails the test. */
const KNOWN_GAPS = {
  "facebook/own-profile-timeline-2024-08-fr.html": "the profile photo's date is letters reordered by CSS `order` rules from a style sheet the saved page lacks: read as unknown, not guessed",
};

/** The day the page was saved ("2022-03 (commit 2022-03-23)"), at local noon: relative labels are read against it. */
function savedAt(page) {
  const m = page.saved.match(/(\d{4})-(\d{2})-(\d{2})/);
  if (!m) throw new Error(`no saved date in ${page.saved}`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
}

/** Kinds the truth accepts for an item: its own, and any its note allows ("kind post or photo acceptable"). */
function kindsOf(item) {
  const alt = item.note?.match(/kind (\w+) or (\w+) acceptable/);
  return alt ? [item.kind, alt[1], alt[2]] : [item.kind];
}

const COMMENTS = ["comment", "reply"];
const sameFamily = (truth, found) => COMMENTS.includes(truth.kind) === COMMENTS.includes(found.kind);

/** Which fields of a found item agree with a truth item. */
function agreement(truth, found) {
  return {
    kind: kindsOf(truth).includes(found.kind),
    audience: found.audience === truth.audience,
    date: found.created_at === truth.date,
    author: found.author === truth.author,
  };
}
const score = (a) => 1 + Object.values(a).filter(Boolean).length;

/** Order-preserving alignment of truth and found items (the best total agreement). */
function align(truth, found) {
  const n = truth.length;
  const m = found.length;
  const best = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      const pair = sameFamily(truth[i], found[j]) ? score(agreement(truth[i], found[j])) + best[i + 1][j + 1] : 0;
      best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], pair);
    }
  }
  const pairs = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    const pair = sameFamily(truth[i], found[j]) ? score(agreement(truth[i], found[j])) + best[i + 1][j + 1] : -1;
    if (pair === best[i][j]) { pairs.push([truth[i], found[j]]); i += 1; j += 1; }
    else if (best[i + 1][j] === best[i][j]) i += 1;
    else j += 1;
  }
  return pairs;
}

/** Read one page and compare it with its truth. */
function measure(path, page) {
  const { document } = loadReal(path, page.url);
  const url = new URL(page.url);
  const { items } = readPage(document, { hostname: url.hostname, pathname: url.pathname, now: savedAt(page) });
  const found = items.map((i) => i.facts);
  const pairs = align(page.items, found);
  const agreements = pairs.map(([t, f]) => agreement(t, f));
  const problems = [];
  for (const [k, [t, f]] of pairs.entries()) {
    const wrong = Object.entries(agreements[k]).filter(([, ok]) => !ok).map(([field]) => field);
    if (wrong.length) problems.push(`${t.hint}: ${wrong.map((w) => `${w} ${JSON.stringify(f[w === "date" ? "created_at" : w])} ≠ ${JSON.stringify(t[w])}`).join(", ")}`);
  }
  const matched = new Set(pairs.map(([, f]) => f));
  for (const t of page.items) if (!pairs.some(([pt]) => pt === t)) problems.push(`missed: ${t.hint}`);
  for (const f of found) if (!matched.has(f)) problems.push(`false badge: ${f.kind} ${f.audience} ${f.created_at}`);
  return {
    truth: page.items.length, found: found.length, matched: pairs.length,
    audience: agreements.filter((a) => a.audience).length,
    right: agreements.filter((a) => Object.values(a).every(Boolean)).length,
    problems,
  };
}

const pct = (a, b) => (b === 0 ? "  —  " : `${Math.round((100 * a) / b).toString().padStart(3)}%`);
const row = (name, r) => `${name.padEnd(52)} ${String(r.truth).padStart(5)} ${String(r.found).padStart(5)}  recall ${pct(r.matched, r.truth)}  precision ${pct(r.matched, r.found)}  audience ${pct(r.audience, r.truth)}  all-fields ${pct(r.right, r.truth)}`;
const sum = (rows) => rows.reduce((t, r) => ({ truth: t.truth + r.truth, found: t.found + r.found, matched: t.matched + r.matched, audience: t.audience + r.audience, right: t.right + r.right }), { truth: 0, found: 0, matched: 0, audience: 0, right: 0 });

const results = new Map();
for (const [path, page] of Object.entries(TRUTH)) {
  test(`${path}: every item with kind, audience, date and author; no other badge`, () => {
    const result = measure(path, page);
    results.set(path, result);
    const passes = result.problems.length === 0;
    if (KNOWN_GAPS[path]) {
      assert.ok(!passes, `${path} now passes: remove it from KNOWN_GAPS`);
    } else {
      assert.deepEqual(result.problems, [], path);
    }
  });
}

test("recall, precision and audience accuracy over the real pages (printed)", () => {
  const lines = ["", `${"page".padEnd(52)} truth found`];
  for (const [path, r] of results) {
    lines.push(row(path, r));
    for (const p of r.problems) lines.push(`    ${p}`);
  }
  for (const platform of ["facebook", "instagram"]) {
    lines.push(row(`TOTAL ${platform}`, sum([...results].filter(([p]) => p.startsWith(platform)).map(([, r]) => r))));
  }
  lines.push(row("TOTAL", sum([...results.values()])));
  console.log(lines.join("\n"));
  assert.equal(results.size, Object.keys(TRUTH).length);
});
