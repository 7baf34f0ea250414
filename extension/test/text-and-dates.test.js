import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanText, fold, lettersOnly } from "../src/page/text.js";
import { dateFromElement, parseDateLabel } from "../src/page/dates.js";
import { useRules } from "../src/page/active-rules.js";
import { BUNDLED_RULES, BUNDLED_RULES_VERSION } from "../src/page/rules-document.js";
import { fnv1a64, itemKey } from "../src/page/hash.js";
import { load } from "./helpers/dom.js";

const NOW = new Date("2025-08-16T12:00:00Z");

test("zero-width and soft-hyphen characters are removed before matching", () => {
  for (const ch of ["\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\uFEFF", "\u2060", "\u00AD", "\u034F"]) {
    assert.equal(cleanText(`Spon${ch}sored`), "Sponsored", `U+${ch.codePointAt(0).toString(16)}`);
  }
  assert.equal(fold("  Öffentlich\u200B "), "offentlich");
  assert.equal(lettersOnly("-S--p-on-so-re--d-"), "sponsored");
});

const LABELS = [
  ["May 3, 2021", "2021-05-03"],
  ["Thursday, May 26, 2022 at 12:26 PM", "2022-05-26"],
  ["January 5 at 9:30 PM", "2025-01-05"], // no year: this year
  ["December 24", "2024-12-24"], // no year, would be in the future: last year
  ["3. Mai 2021", "2021-05-03"],
  ["3 mai 2021", "2021-05-03"],
  ["3 de mayo de 2021", "2021-05-03"],
  ["3 maggio 2021", "2021-05-03"],
  ["3 mei 2021", "2021-05-03"],
  ["3 maja 2021", "2021-05-03"],
  ["3 de maio de 2021", "2021-05-03"],
  ["22h", "2025-08-16"],
  ["22 hours ago", "2025-08-16"],
  ["3 days ago", "2025-08-13"],
  ["a day ago", "2025-08-15"],
  ["2w", "2025-08-02"],
  ["Yesterday at 10:00", "2025-08-15"],
  ["Gestern um 10:00", "2025-08-15"],
  ["vor 3 Tagen", "2025-08-13"],
  ["il y a 2 jours", "2025-08-14"],
  ["Comment by Jane Doe a day ago", "2025-08-15"],
  ["1y", "2024-08-16"], // issue 13: short forms of years and months, in the languages
  ["4 y", "2021-08-17"],
  ["4 a", "2021-08-17"],
  ["3 j", "2025-08-13"], // a French day, not a year
  ["2 mo", "2025-06-17"],
  ["5 yıl", "2020-08-17"],
  ["3 г.", "2022-08-17"],
  ["2 дн.", "2025-08-14"],
  ["3 год.", null], // Ukrainian hours or Russian years: unknown, never a guess
  ["3 ngày", "2025-08-13"],
  ["Hace un momento", "2025-08-16"],
  ["только что", "2025-08-16"],
  ["hôm qua lúc 10:00", "2025-08-15"],
  ["3日", "2025-08-13"],
  ["news.com.au", null],
  ["Shared with Public", null],
  ["February 30, 2021", null],
];

for (const [label, expected] of LABELS) {
  test(`date label ${JSON.stringify(label)} → ${expected}`, () => {
    assert.equal(parseDateLabel(label, NOW), expected);
  });
}

test("no unit word is an age of two different lengths (one map holds them all)", () => {
  const days = new Map();
  for (const [n, list] of [...BUNDLED_RULES.RELATIVE, ...BUNDLED_RULES.RELATIVE_UNITS]) {
    for (const word of list) {
      const w = fold(word);
      assert.ok(!days.has(w) || days.get(w) === n, `${JSON.stringify(word)} is ${days.get(w)} and ${n} days`);
      days.set(w, n);
    }
  }
});

test("a rules update is read at once: a label parsed under the old rules is parsed again", () => {
  assert.equal(parseDateLabel("3 zz", NOW), null);
  const RELATIVE_UNITS = [...BUNDLED_RULES.RELATIVE_UNITS, /** @type {[number, string[]]} */ ([1, ["zz"]])];
  try {
    useRules({ version: BUNDLED_RULES_VERSION + 1, rules: { ...BUNDLED_RULES, RELATIVE_UNITS } });
    assert.equal(parseDateLabel("3 zz", NOW), "2025-08-13");
  } finally {
    useRules(null);
  }
  assert.equal(parseDateLabel("3 zz", NOW), null, "and back to the bundled rules");
});

test("issue 13: the date is the page's local calendar day, not the UTC day", () => {
  const zone = process.env.TZ;
  try {
    process.env.TZ = "America/Los_Angeles"; // 2022-05-26T19:26Z is the evening of the 26th there…
    const { document } = load('<abbr data-utime="1653593204"></abbr><time datetime="2025-08-16T02:00:00Z"></time>');
    assert.equal(dateFromElement(document.querySelector("abbr")), "2022-05-26");
    assert.equal(dateFromElement(document.querySelector("time")), "2025-08-15", "…and 02:00Z on the 16th is still the 15th");
    assert.equal(parseDateLabel("22h", new Date("2025-08-16T03:00:00Z")), "2025-08-15", "ages count back from the local day");
    process.env.TZ = "Asia/Tokyo";
    assert.equal(dateFromElement(document.querySelector("time")), "2025-08-16");
    assert.equal(parseDateLabel("3 May 2021", new Date("2025-08-16T03:00:00Z")), "2021-05-03", "a written date is taken as written");
  } finally {
    process.env.TZ = zone ?? "";
    if (zone === undefined) delete process.env.TZ;
  }
});

test("machine dates: abbr[data-utime] (unix seconds, UTC) and time[datetime]", () => {
  const { document } = load('<abbr data-utime="1653593204">May 26</abbr><time datetime="2025-08-15T17:02:25.000Z">19h</time>');
  assert.equal(dateFromElement(document.querySelector("abbr")), "2022-05-26");
  assert.equal(dateFromElement(document.querySelector("time")), "2025-08-15");
});

test("item keys: 16 hex digits, stable, salted, never the raw id", () => {
  assert.match(fnv1a64("fb:post:123"), /^[0-9a-f]{16}$/);
  assert.equal(fnv1a64("x"), fnv1a64("x"));
  assert.equal(fnv1a64(""), "cbf29ce484222325"); // FNV-1a 64 offset basis
  assert.notEqual(itemKey("salt-a", "fb:post:1"), itemKey("salt-b", "fb:post:1"));
  assert.ok(!itemKey("s", "fb:post:1234567").includes("1234567"));
});
