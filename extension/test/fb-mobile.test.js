// The mobile sites (m., mbasic., touch.) in their plain markup, and the Stories viewer. No page of
// them is saved here; the synthetic pages follow the shapes public projects recorded
// (extension/docs/mobile.md; each fixture names its source). What is NOT known, and so not
// claimed: the container markup Meta has served on m. since about 2023, and touch's privacy icon
// (its posts read "unknown" when no audience word is written).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readPage } from "../src/page/page-reader.js";
import { isoDay } from "../src/page/dates.js";
import { BUNDLED_RULES } from "../src/page/rules-document.js";
import { CONTENT_MATCHES, platformOf } from "../src/platforms.js";
import { load, plain } from "./helpers/dom.js";
import { MBASIC_FEED, MBASIC_PERMALINK, M_GROUP, M_TIMELINE, TOUCH_FEED, TOUCH_POST, storyViewer } from "./fixtures/fb-mobile-pages.js";

const HOST = "m.facebook.com";
const NOW = new Date(2025, 5, 2, 12);
const T = 1748779200; // 2025-06-01T12:00:00Z

const story = (author, id, { time = T, inner = "", label = "1 hr" } = {}) => `
  <article data-ft='{"top_level_post_id":"${id}","content_owner_id_new":"5${id}"}' data-store='{"linkdata":"x"}'>
    <header><h3><strong><a href="/${author}?refid=8&amp;__tn__=C-R">${author}</a></strong> shared a post.</h3></header>
    <div data-ft='{"tn":"*s"}'><span><p>Words of post ${id}.</p></span></div>${inner}
    <footer><div><abbr data-store='{"time":${time},"flags":0}'>${label}</abbr></div>
      <a href="/story.php?story_fbid=${id}&amp;id=5${id}&amp;refid=8">Full Story</a>
      <div data-sigil="comment" id="77${id}"><h3><a href="/john.roe?refid=8">John</a></h3><abbr>2 hrs</abbr></div>
    </footer>
  </article>`;

function read(body, { profiles } = {}) {
  const html = `<div id="viewport"><div id="root" role="main"><div id="m_newsfeed_stream"><section>${body}</section></div></div></div>`;
  const { document } = load(html, `https://${HOST}/`);
  return readPage(document, { hostname: HOST, pathname: "/", now: NOW, profiles });
}

test("the mobile site is a Facebook host the content script runs on", () => {
  assert.equal(platformOf(HOST), "facebook");
  assert.ok(CONTENT_MATCHES.includes(`https://${HOST}/*`));
});

test("mobile stories are posts with their machine date; the audience the markup does not show is unknown", () => {
  const got = read(story("jane.doe", "1001") + story("john.roe", "1002", { time: T - 3 * 86_400 }));
  const day = (t) => isoDay(new Date(t * 1000));
  const posts = got.items.filter((it) => it.facts.kind === "post");
  assert.deepEqual(plain(posts), [
    { kind: "post", audience: "unknown", created_at: day(T), author: "other" },
    { kind: "post", audience: "unknown", created_at: day(T - 3 * 86_400), author: "other" },
  ]);
  // Keyed by the story's id, so a post keeps its badge across scans; each footer's comment is keyed by its own.
  assert.deepEqual(got.items.map((it) => it.raw), ["fb:post:1001", "fb:post:1002", "fb:comment:771001", "fb:comment:771002"]);
});

test("a shared story holds the original as a nested article: each is an item, with its own date and id", () => {
  const original = `<div><article data-ft='{"top_level_post_id":"9009"}'><h3><a href="/paco">Paco</a></h3>
    <abbr data-store='{"time":${T - 400 * 86_400}}'>May 2024</abbr><a href="/story.php?story_fbid=9009&amp;id=1">x</a></article></div>`;
  const got = read(story("sara", "1003", { inner: original }));
  assert.deepEqual(got.items.filter((it) => it.facts.kind === "post").map((it) => [it.raw, it.facts.created_at]), [
    ["fb:post:1003", isoDay(new Date(T * 1000))],
    ["fb:post:9009", isoDay(new Date((T - 400 * 86_400) * 1000))],
  ]);
});

test("the person's own mobile story, by the handle they gave", () => {
  const got = read(story("jane.doe", "1004"), { profiles: { facebook: "https://m.facebook.com/jane.doe" } });
  assert.equal(got.items[0].facts.author, "self");
});

test("a mobile page with no story (suggestions, a menu) gets no badge", () => {
  const got = read('<div><h3>People you may know</h3><a href="/jane.doe?refid=8">Jane</a><a href="/friends/center/">See all</a></div>');
  assert.deepEqual(got.items, []);
});

test("an unlabelled article nested in a story that links only to a comment (a language whose labels are not shipped) is no post", () => {
  const reply = '<div><article><h3><a href="/john.roe?refid=8">John</a></h3><a href="/story.php?story_fbid=1005&amp;id=1&amp;comment_id=55">2 hrs</a></article></div>';
  assert.deepEqual(read(story("jane.doe", "1005", { inner: reply })).items.map((it) => it.raw), ["fb:post:1005", "fb:comment:771005"]);
});

const ON = NOW.getTime();
const day = (t) => isoDay(new Date(t * 1000));
const ago = (days) => isoDay(new Date(ON - days * 86_400_000));

function readFixture({ url, html }, profiles = { facebook: "jane.doe" }) {
  const { document } = load(html, url);
  const { hostname, pathname } = new URL(url);
  return readPage(document, { hostname, pathname, now: NOW, profiles });
}

// Per page: every item, as [raw key, kind, audience, date, author], in document order.
const PAGES = [
  ["mbasic's feed: an <article> and a data-ft block, the date and the audience as written; no group suggestion, composer or top bar", MBASIC_FEED, [
    ["fb:post:123", "post", "public", "2024-12-22", "other"],
    ["fb:post:456", "post", "friends", ago(0), "self"],
  ]],
  ["mbasic's post page: the post and its comments beside it under ufi_<post id>, in German", MBASIC_PERMALINK, [
    ["fb:post:456", "post", "friends", ago(0), "other"],
    ["fb:comment:777", "comment", "friends", "2024-06-14", "other"],
    ["fb:comment:888", "comment", "friends", ago(1), "self"],
  ]],
  ["touch: data-ft's publish time, data-sigil comments and an inline reply; no audience shown", TOUCH_POST, [
    ["fb:post:789", "post", "unknown", day(T - 2 * 86_400), "other"],
    ["fb:comment:9001", "comment", "unknown", day(T - 86_400), "other"],
    ["fb:reply:9002", "reply", "unknown", ago(0), "other"],
  ]],
  ["touch's feed: the subtitle's date, a comment in the footer, no audience shown; no composer or stories tray", TOUCH_FEED, [
    ["fb:post:1111", "post", "unknown", day(T - 3 * 86_400), "other"],
    ["fb:comment:2222", "comment", "unknown", day(T), "self"],
  ]],
  ["a group's feed on m.: the audience the group's header writes", M_GROUP, [
    ["fb:post:3333", "post", "group_private", day(T), "other"],
  ]],
  ["m. without scripts: role=article posts; a shared original without a permalink is part of its share", M_TIMELINE, [
    ["fb:post:321", "post", "public", "2024-06-22", "other"],
    ["fb:post:654", "post", "friends", "2024-06-13", "other"],
  ]],
  ["the Stories viewer: the story on show, its author from the header, its age and its privacy icon", storyViewer(), [
    ["fb:story:UzpfSVNDOjk4NzY1", "story", "public", ago(0), "self"],
  ]],
  ["the Stories viewer without a privacy icon: audience unknown", storyViewer({ icon: false, author: "paco.m", age: "23h" }), [
    ["fb:story:UzpfSVNDOjk4NzY1", "story", "unknown", ago(0), "other"],
  ]],
];

for (const [name, page, expected] of PAGES) {
  test(name, () => {
    const got = readFixture(page).items.map((it) => [it.raw, ...Object.values(plain([it])[0])]);
    assert.deepEqual(got, expected.map(([raw, kind, audience, created, author]) => [raw, kind, audience, created, author]));
  });
}

test("no badge goes on a control: composer, group suggestion, top bar, story tray, create-story tile", () => {
  for (const page of [MBASIC_FEED, TOUCH_FEED, storyViewer()]) {
    for (const item of readFixture(page).items) {
      assert.ok(!item.anchor.closest('form, #MComposer, #m_stream_stories, [role="banner"], [role="complementary"], [role="grid"]'), item.raw);
    }
  }
  const { document } = load(MBASIC_FEED.html, MBASIC_FEED.url);
  const suggestions = document.querySelector("#u_0_c");
  const items = readPage(document, { hostname: "mbasic.facebook.com", pathname: "/", now: NOW }).items;
  assert.ok(items.every((it) => !suggestions.contains(it.root) && !suggestions.contains(it.anchor)));
});

test("a Stories viewer still loading (no author in its header yet) has no item", () => {
  const loading = storyViewer();
  loading.html = loading.html.replace(/<a role="link"[^]*?<\/div><\/div>/, "<div></div>");
  assert.deepEqual(readFixture(loading).items, []);
});

test("the Stories tray on the desktop feed is no story: only the feed's post is read", () => {
  const html = `<div role="main"><div role="grid" aria-label="Stories tray"><a href="/stories/create/">Create story</a>
    <a href="/stories/100099999/UzpfSVNDOjEx/"><img alt="Paco"><span>Paco</span></a></div>
    <div role="feed"><div><div aria-posinset="1"><h3><a href="/jane.doe">Jane</a></h3>
      <a href="/jane.doe/posts/pfbid0abc" aria-label="3h">3h</a><i role="img" aria-label="Shared with Public"></i></div></div></div></div>`;
  const got = readFixture({ url: "https://www.facebook.com/", html });
  assert.deepEqual(got.items.map((it) => [it.raw, it.facts.kind, it.facts.audience]), [["fb:post:pfbid0abc", "post", "public"]]);
});

test("the mobile sites are Facebook hosts the content script runs on", () => {
  for (const host of ["mbasic.facebook.com", "touch.facebook.com"]) {
    assert.equal(platformOf(host), "facebook");
    assert.ok(CONTENT_MATCHES.includes(`https://${host}/*`));
  }
});

test("a desktop page is never searched for the mobile markup: a re-scan of a long feed pays no whole-page query for it", () => {
  const { document } = load('<div role="main"><div role="feed"><div><div aria-posinset="1"><h3><a href="/jane.doe">Jane</a></h3></div></div></div></div>');
  const asked = [];
  const query = document.querySelector.bind(document);
  document.querySelector = (selector) => { asked.push(selector); return query(selector); };
  readPage(document, { hostname: "www.facebook.com", pathname: "/", now: NOW });
  assert.ok(!asked.includes(BUNDLED_RULES.FB.mobile.markup), asked.join(" | "));
});

test("an ad on touch is skipped with the comments inside it; the page's one post does not take them", () => {
  const ad = `<article data-ft='{"top_level_post_id":"7777"}'><h3><a href="/shop?refid=8">Shop</a></h3><abbr data-store='{"time":${T}}'>1 hr</abbr>
    <a href="/ads/about/?entry_product=m">Why am I seeing this ad?</a>
    <div data-sigil="comment" id="7778"><a href="/jane.doe?refid=18">Jane</a><abbr>2 hrs</abbr></div></article>`;
  const got = read(story("jane.doe", "1006") + ad);
  assert.deepEqual(got.items.map((it) => it.raw), ["fb:post:1006", "fb:comment:771006"]);
  assert.deepEqual(got.skipped, [{ reason: "sponsored" }]);
});
