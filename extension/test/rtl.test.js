// Issue 13: right-to-left pages (Arabic, Hebrew). The page says `dir="rtl"`, wraps words in
// bidirectional marks and isolates, and may write its digits in its own script ("٣ س"). The
// reader must read them as it reads any page, and the badge and its explanation must mirror.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readPage } from "../src/page/page-reader.js";
import { parseDateLabel } from "../src/page/dates.js";
import { audienceFromLabel } from "../src/page/audience.js";
import { BADGE_CSS } from "../src/content/badge-styles.js";
import { createBadge, placePanel } from "../src/content/badge-view.js";
import { load, plain } from "./helpers/dom.js";

const NOW = new Date(2025, 5, 10, 12);
const RLI = "\u2067";
const PDI = "\u2069";
const RLM = "\u200F";

/** One Comet feed unit: author, date link, audience icon; or a sponsored one (its slot says so). */
const unit = (i, { date, audience, sponsored = "" }) => `<div aria-posinset="${i}" role="article">
  <h4><a href="/person.${i}/">${RLI}شخص ${i}${PDI}</a></h4>
  ${sponsored ? `<a href="#" role="link"><span>${sponsored}</span></a>` : `<a href="/person.${i}/posts/${1000 + i}/" aria-label="${date}"><span>${date}</span></a>`}
  <span aria-hidden="true"> · </span><svg><title>${audience}</title></svg>
  <div data-ad-preview="message"><div dir="auto">نص المنشور ${i}</div></div></div>`;

const page = (lang, units) => `<!doctype html><html lang="${lang}" dir="rtl"><body><div role="main"><div role="feed">${units}</div></div></body></html>`;
const read = (html) => readPage(load(html).document, { hostname: "www.facebook.com", pathname: "/", now: NOW });

test("an Arabic right-to-left feed: audience words, dates in Arabic-Indic digits and months, bidi marks, the ad skipped", () => {
  const html = page("ar", [
    unit(1, { date: `${RLM}٣ س`, audience: `${RLI}تمت المشاركة مع: العامة${PDI}` }),
    unit(2, { date: "٥ مايو ٢٠٢١", audience: "مشاركة مع الأصدقاء" }),
    unit(3, { date: "أمس في ١٠:٠٠ م", audience: "أصدقاء الأصدقاء" }),
    unit(4, { date: "منذ ٢ أسبوع", audience: `${RLM}أنا فقط` }),
    unit(5, { sponsored: "ممول", audience: "العامة" }),
  ].join(""));
  const got = read(html);
  assert.deepEqual(plain(got.items), [
    { kind: "post", audience: "public", created_at: "2025-06-10", author: "other" },
    { kind: "post", audience: "friends", created_at: "2021-05-05", author: "other" },
    { kind: "post", audience: "friends_of_friends", created_at: "2025-06-09", author: "other" },
    { kind: "post", audience: "only_me", created_at: "2025-05-27", author: "other" },
  ]);
  assert.deepEqual(got.skipped, [{ reason: "sponsored" }]);
  // Each badge follows the audience icon, in the page's logical order: the browser mirrors it.
  assert.ok(got.items.every((it) => it.anchor.localName === "svg" && it.position === "after"));
});

test("a Hebrew right-to-left feed: audience words, dates (short units, month names with their prefix) and the ad", () => {
  const html = page("he", [
    unit(1, { date: "3 ש'", audience: "ציבורי" }),
    unit(2, { date: "3 במאי 2021", audience: "חברים של חברים" }),
    unit(3, { date: "", audience: `${RLI}רק אני${PDI}` }),
    unit(4, { sponsored: "ממומן", audience: "ציבורי" }),
  ].join(""));
  const got = read(html);
  // "3 ש'": three hours; "3 במאי 2021": "in May"; no date shown: unknown, never guessed.
  assert.deepEqual(got.items.map((it) => [it.facts.audience, it.facts.created_at]), [["public", "2025-06-10"], ["friends_of_friends", "2021-05-03"], ["only_me", null]]);
  assert.equal(got.skipped.length, 1);
});

test("digits of other scripts read as numbers in dates; bidi isolates are invisible in labels", () => {
  assert.equal(parseDateLabel("٢ ي", NOW), "2025-06-08");
  assert.equal(parseDateLabel("۳ س", NOW), "2025-06-10"); // Persian digits
  assert.equal(parseDateLabel("३ दिन", NOW), "2025-06-07"); // Devanagari
  assert.equal(audienceFromLabel(`${RLI}الأصدقاء${PDI}`), "friends");
});

test("the badge's styles use logical sides only, so a right-to-left page mirrors them", () => {
  assert.doesNotMatch(BADGE_CSS, /(?:^|[\s;{-])(?:left|right)\s*:|(?:margin|padding|border)-(?:left|right)\b|float:\s*(?:left|right)|text-align:\s*(?:left|right)/);
});

test("on a right-to-left page the explanation opens from the badge's right edge, leftwards, inside the window", () => {
  const view = { width: 1366, height: 768 };
  const panel = { width: 340, height: 300 };
  const badge = { left: 900, right: 960, top: 100, bottom: 118 };
  assert.equal(placePanel(badge, panel, view).left, 900);
  assert.equal(placePanel(badge, panel, view, { rtl: true }).left, 960 - 340);
  // Near the left edge it is kept inside the window.
  assert.equal(placePanel({ left: 20, right: 80, top: 100, bottom: 118 }, panel, view, { rtl: true }).left, 8);
});

test("the badge keeps the extension's own direction and language on a right-to-left page", () => {
  const { document } = load('<html lang="ar" dir="rtl"><body></body></html>');
  const facts = { key: "k", platform: "facebook", kind: "post", audience: "public", created_at: null, author: "other", author_age: "unknown" };
  for (const [dir, locale, lang] of [["ltr", "en_US", "en-US"], ["rtl", "ar", "ar"]]) {
    const t = (key) => ({ "@@bidi_dir": dir, "@@ui_locale": locale })[key] ?? key;
    const host = createBadge(document, facts, t, "r1");
    const button = host.shadowRoot.querySelector("button");
    assert.deepEqual([button.dir, button.lang], [dir, lang]);
  }
});
