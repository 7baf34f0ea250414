// Issue 13: each shape the real pages showed, as a small synthetic page, so every rule has a test
// that does not hang on one saved page.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readPage } from "../src/page/page-reader.js";
import { audienceFromLabel } from "../src/page/audience.js";
import { load, plain } from "./helpers/dom.js";

const NOW = new Date(2022, 2, 23, 12);
const read = (html, path = "/") => readPage(load(html, `https://www.facebook.com${path}`).document, { hostname: "www.facebook.com", pathname: path, now: NOW });
const MENU = '<div role="button" aria-haspopup="menu" aria-label="Actions for this post"></div>';
const header = (name, date, audience) => `<h4><a href="/${name}">${name}</a></h4><a href="#" aria-label="${date}">${date}</a><svg><title>Shared with ${audience}</title></svg>${MENU}`;

test("shares nested in one feed unit are items of their own; a comment takes its share's audience, not the unit's", () => {
  const html = `<div role="feed"><div aria-posinset="1" role="article">
    <div>${header("paco", "March 20, 2022", "Public")}<a href="/paco/posts/634">post</a></div>
    <div><div>${header("sara", "1 min", "Friends")}<p>Sara's words</p></div></div>
    <div><div>${header("eva", "12 h", "Friends")}<p>Eva's words</p>
      <div role="article" aria-label="Comment by Laura 10 hours ago"><a href="/laura?comment_id=1">Laura</a><a href="/eva/posts/2?comment_id=5">10 h</a></div></div></div>
  </div></div>`;
  assert.deepEqual(plain(read(html).items), [
    { kind: "post", audience: "public", created_at: "2022-03-20", author: "other" },
    { kind: "post", audience: "friends", created_at: "2022-03-23", author: "other" },
    { kind: "post", audience: "friends", created_at: "2022-03-23", author: "other" },
    { kind: "comment", audience: "friends", created_at: "2022-03-23", author: "other" },
  ]);
});

test("a disguised timestamp is read as displayed: letters the page's style hides are left out, a written date beats the age", () => {
  const soup = [..."2x0 dqe mkarzo"].map((c) => `<span${"xqk".includes(c) ? ' class="h"' : ""}>${c}</span>`).join("");
  const html = `<style>.h.h{position:absolute}</style><div role="article">${header("paco", "", "Public").replace('<a href="#" aria-label=""></a>', `<a href="#" aria-label="1 d">${soup}</a>`)}</div>`;
  assert.equal(read(html).items[0].facts.created_at, "2022-03-20");
});

test("a disguised timestamp that cannot be read leaves the date unknown: no other link's date stands in", () => {
  const soup = [..."qwzrtyuiop"].map((c) => `<span>${c}</span>`).join("");
  const html = `<div role="article"><h4><a href="/jane">Jane</a></h4><a href="/jane/posts/1"><img alt=""></a>
    <a href="/jane?x=1">${soup}</a><svg><title>Shared with Public</title></svg><a href="/other">May 3, 2021</a></div>`;
  assert.equal(read(html).items[0].facts.created_at, null);
});

test("the person's own post: 'Edit privacy' button with an icon alt; their other posts by the signed-in id from the page's data", () => {
  const session = '<script>{"USER_ID":"61500000000001","ACCOUNT_ID":"61500000000001"}</script>';
  const html = `${session}<div role="main">
    <div role="article"><h4><a href="/profile.php?id=61500000000001">Me</a></h4><a href="/photo/?fbid=1&set=a.2">July 11, 2024</a>
      <span>Partagé avec Public</span><div role="button" aria-label="Modifier la confidentialité"><img alt="Public"></div></div>
    <div role="article"><h4><a href="/profile.php?id=61500000000001">Me</a></h4><a href="/permalink.php?story_fbid=pfbid0ab&id=1">25 octobre 2007</a>
      <svg><title>Partagé avec Les ami(e)s de vos ami(e)s</title></svg></div></div>`;
  assert.deepEqual(plain(read(html, "/profile.php").items), [
    { kind: "photo", audience: "public", created_at: "2024-07-11", author: "self" },
    { kind: "post", audience: "friends_of_friends", created_at: "2007-10-25", author: "self" },
  ]);
});

test("a Page's cover photo and profile picture (/photo/?fbid= links with nothing else) are not posts", () => {
  const html = '<div role="main"><a href="/photo/?fbid=1&set=a.1"><img alt="cover"></a><a href="/photo/?fbid=2&set=a.2"><svg><image></image></svg></a><h1>Page</h1></div>';
  assert.deepEqual(read(html, "/profile.php").items, []);
});

test("hidden and navigation elements get no badge; behind an open photo viewer neither", () => {
  const post = (n) => `<div role="article"><h4><a href="/p${n}">P</a></h4><a href="/p${n}/posts/${n}">May 3, 2021</a><svg><title>Shared with Public</title></svg></div>`;
  assert.equal(read(`<div hidden>${post(1)}</div><div aria-hidden="true">${post(3)}</div><div role="navigation">${post(4)}</div>${post(5)}`).items.length, 1);
  const viewer = `<div role="dialog" aria-modal="true"><a href="/photo/?fbid=9">photo</a></div>`;
  assert.equal(read(`${post(6)}${viewer}`).items.length, 0);
});

test("audience labels in the added languages, inclusive French, and 'label: word' forms", () => {
  for (const [label, audience] of [
    ["Partagé avec Les ami(e)s de vos ami(e)s", "friends_of_friends"], ["Paylaşılan kişiler: Herkese açık", "public"],
    ["تمت المشاركة مع: العامة", "public"], ["Dibagikan dengan Teman", "friends"], ["Đã chia sẻ với Công khai", "public"],
    ["Поделились с: Друзья друзей", "friends_of_friends"], ["共有範囲: 友達の友達", "friends_of_friends"], ["공유 대상: 전체 공개", "public"],
    ["Ibinahagi sa Ako lang", "only_me"], ["Gizliliği düzenle. Paylaşılan kişiler: Arkadaşlar", "friends"], ["Friends of the Earth", null],
  ]) assert.equal(audienceFromLabel(label), audience, label);
});
