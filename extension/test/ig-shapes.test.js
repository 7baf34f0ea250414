// Issue 13, cause 5: each Instagram shape the real pages showed, as a small synthetic page, so
// every rule has a test that does not hang on one saved page (the older grid in one <article>,
// reels without permalinks, the person's own profile, public inferred from a visible grid, the
// page owner as the author, dates only from the item's own markup).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readPage } from "../src/page/page-reader.js";
import { load, plain } from "./helpers/dom.js";

const NOW = new Date(2022, 2, 23, 12);
const read = (html, path, profiles = {}) => {
  const { document } = load(`<!doctype html><html><body>${html}</body></html>`, `https://www.instagram.com${path}`);
  return readPage(document, { hostname: "www.instagram.com", pathname: path, now: NOW, profiles });
};
const json = (users) => `<script type="application/json">{"require":[${users.map(([u, p]) => `{"user":{"username":"${u}","is_private":${p}}}`).join(",")}]}</script>`;
const tile = (code, alt = "") => `<div><a href="https://www.instagram.com/p/${code}/" tabindex="0"><div><img alt="${alt}" src="data:,"></div></a></div>`;
const header = (user, controls) => `<header><section><h2>${user}</h2>${controls}</section>
  <ul><li><span>11</span> posts</li><li><a href="/${user}/followers/"><span>637</span> followers</a></li></ul></header>`;
/** The older profile page (2022): the whole grid inside one <article>, rows of three tiles. */
const oldGrid = (codes) => `<article><div><div>${codes.map(([code, alt]) => tile(code, alt)).join("")}</div></div></article>`;

test("the older profile grid inside one <article>: every tile is an item, dated by its photo's description", () => {
  const html = `<main role="main">${header("jane", "<button>Follow</button>")}${oldGrid([
    ["AAAAAA1", "Photo by Jane Doe on October 31, 2021. May be an image of one or more people."],
    ["AAAAAA2", "Photo by Jane Doe on May 03, 2021. May be an image of a dog."],
    ["AAAAAA3", "Photo shared by Jane Doe on March 15, 2021 tagging @friend."],
  ])}</main>${json([["jane", false]])}`;
  const { items } = read(html, "/jane/");
  assert.deepEqual(plain(items), [
    { kind: "post", audience: "public", created_at: "2021-10-31", author: "other" },
    { kind: "post", audience: "public", created_at: "2021-05-03", author: "other" },
    { kind: "post", audience: "public", created_at: "2021-03-15", author: "other" },
  ]);
  assert.equal(new Set(items.map((i) => i.facts.key)).size, 3);
  assert.ok(items.every((i) => i.anchor.tagName === "A" && i.anchor.getAttribute("href").includes("/p/")));
});

test("an <article> with one post is still one post, its date from its own time, never a comment's", () => {
  const post = (timeInLink) => `<main role="main"><article><a href="/jane/">jane</a><div><img alt="Photo by Jane on May 1, 2020."></div>
    ${timeInLink ? '<a href="/jane/p/POSTAAA1/"><time datetime="2022-03-20T10:00:00Z">3d</time></a>' : '<a href="/jane/p/POSTAAA1/"><img alt=""></a>'}
    <div><a href="/fan/">fan</a><a href="/p/POSTAAA1/c/1801/"><time datetime="2022-03-22T10:00:00Z">1d</time></a></div></article></main>`;
  assert.deepEqual(plain(read(post(true), "/").items), [
    { kind: "post", audience: "unknown", created_at: "2022-03-20", author: "other" },
    { kind: "comment", audience: "unknown", created_at: "2022-03-22", author: "other" },
  ]);
  // Without a time of its own, the comment's is not borrowed: the photo's description dates it.
  assert.equal(read(post(false), "/").items[0].facts.created_at, "2020-05-01");
});

test("the person's own profile: 'Edit profile' in any language marks the owner's items as the person's; private + own → followers", () => {
  const editLink = '<div><a href="https://www.instagram.com/accounts/edit/">Editar perfil</a></div>';
  const editButton = '<div role="button" tabindex="0">Profili düzenle</div>';
  for (const control of [editLink, editButton]) {
    const html = `<main role="main">${header("me.myself", control)}${oldGrid([["OWNAAA1", ""], ["OWNAAA2", ""]])}</main>${json([["me.myself", true]])}`;
    assert.deepEqual(plain(read(html, "/me.myself/").items), [
      { kind: "post", audience: "followers", created_at: null, author: "self" },
      { kind: "post", audience: "followers", created_at: null, author: "self" },
    ], control);
  }
  // Another person's profile: no "Edit profile", so their items are theirs.
  const other = `<main role="main">${header("jane", "<button>Following</button>")}${oldGrid([["JANEAA1", ""], ["JANEAA2", ""]])}</main>`;
  assert.ok(read(other, "/jane/").items.every((i) => i.facts.author === "other"));
});

test("public inferred when the grid is on show to a viewer who does not follow the profile", () => {
  const grid = `<div>${tile("PUBAAA1")}${tile("PUBAAA2")}</div>`;
  const suggested = '<ul><li><a href="/someone/">someone</a><div role="button">Follow</div></li></ul>';
  const page = (controls, body = grid) => `<main role="main">${header("jane", controls)}${body}</main>`;
  // "Follow" (and its Russian form) in the header, grid visible, no JSON: the account is public.
  for (const follow of ["<button><div><div>Follow</div></div></button>", '<div role="button">Подписаться</div>']) {
    assert.deepEqual(read(page(follow), "/jane/").items.map((i) => i.facts.audience), ["public", "public"], follow);
  }
  // The viewer follows: a private account shows its grid to followers too, so nothing is inferred.
  assert.deepEqual(read(page("<button>Following</button>"), "/jane/").items.map((i) => i.facts.audience), ["unknown", "unknown"]);
  // A suggested account's "Follow" in a list is not the profile's.
  assert.deepEqual(read(page(`<button>Following</button>${suggested}`), "/jane/").items.map((i) => i.facts.audience), ["unknown", "unknown"]);
  // The page's data beats the inference; a private account shows its notice and no grid.
  assert.deepEqual(read(page("<button>Follow</button>") + json([["jane", true]]), "/jane/").items.map((i) => i.facts.audience), ["followers", "followers"]);
  const notice = "<div><span>This account is private</span><span>Follow to see their photos and videos.</span></div>";
  assert.deepEqual(read(page("<button>Follow</button>", notice + suggested), "/jane/").items, []);
});

test("the page owner is the author when a tile names none, on the profile's own tabs only", () => {
  const grid = `<main role="main">${header("jane", "")}<div>${tile("OWNRAA1")}${tile("OWNRAA2")}</div></main>`;
  assert.deepEqual(read(grid, "/jane/", { instagram: "@jane" }).items.map((i) => i.facts.author), ["self", "self"]);
  assert.deepEqual(read(grid, "/jane/reels/", { instagram: "@jane" }).items.map((i) => i.facts.author), ["self", "self"]);
  // Tagged and saved tabs show other people's posts.
  assert.deepEqual(read(grid, "/jane/tagged/", { instagram: "@jane" }).items.map((i) => i.facts.author), ["other", "other"]);
  assert.deepEqual(read(grid, "/jane/saved/", { instagram: "@jane" }).items.map((i) => i.facts.author), ["other", "other"]);
});

/** The Reels viewer (2026): units without permalinks, the author's reels tab as its name, navigation to "#". */
const reelUnit = (user, extra = "") => `<div><div><img alt="" src="data:,"><div><div>
  <video playsinline="" preload="none" src="https://cdn.example.test/v/${user}.mp4?x=1"></video>
  <div role="group" aria-label="Video player"><div role="presentation"><div role="button" tabindex="0"><svg></svg></div>
    <a aria-label="Reels by ${user}" href="https://www.instagram.com/${user}/reels/" role="link"><img alt="${user}'s profile picture"><span>${user}</span></a>
    <div role="button">Follow</div><div dir="auto"><span>a caption</span></div>
    <a href="https://www.instagram.com/reels/audio/26156078474024945/">${user} · Original audio</a>${extra}</div></div>
  </div></div></div>
  <div><div role="button"><span>32 000</span></div><a href="https://www.instagram.com/reels/audio/26156078474024945/"><img alt="Audio image"></a></div></div>`;
const nav = '<nav><a href="https://www.instagram.com/">Home</a><a href="https://www.instagram.com/reels/REELAAA1/#"><svg></svg>Search</a></nav>';
const media = (code, user, takenAt) => `<script type="application/json">{"items":[{"media":{"code":"${code}","pk":"1","user":{"username":"${user}","is_private":false},"taken_at":${takenAt},"caption":{"text":"x"}}}]}</script>`;

test("reels without permalinks: each unit by its one video and its author; navigation to '#' is never the post", () => {
  const html = `${nav}<main role="main"><div>${reelUnit("first.user")}${reelUnit("second.user", '<a href="https://www.instagram.com/reels/REELAAA1/#"><span>3 people</span></a>')}${reelUnit("third.user")}</div></main>
    ${media("REELAAA1", "first.user", 1647950000)}${json([["second.user", false], ["third.user", true]])}`;
  const { items } = read(html, "/reels/REELAAA1/");
  assert.deepEqual(plain(items), [
    // The address names the first user's reel: the page's data gives its date.
    { kind: "reel", audience: "public", created_at: "2022-03-22", author: "other" },
    { kind: "reel", audience: "public", created_at: null, author: "other" },
    { kind: "reel", audience: "followers", created_at: null, author: "other" },
  ]);
  assert.equal(new Set(items.map((i) => i.facts.key)).size, 3);
  assert.ok(items.every((i) => i.root.querySelectorAll("video").length === 1 && !i.root.contains(i.root.ownerDocument.querySelector("nav"))));
  assert.ok(items.every((i) => !i.anchor.closest("nav") && !(i.anchor.getAttribute("href") ?? "").endsWith("#")));
  // The same units read as videos of nobody in particular elsewhere are not badged: only a viewer's address says what they are.
  assert.deepEqual(read(html, "/explore/").items, []);
});

test("a unit with its own permalink is keyed by it; the same reel is never read twice", () => {
  const html = `<main role="main"><div>${reelUnit("first.user", '<a href="/reel/REELBBB1/"><span>view</span></a>')}</div></main>`;
  const once = read(html, "/reels/");
  assert.equal(once.items.length, 1);
  const withTile = `<main role="main"><div><a href="/first.user/reel/REELBBB1/"><video src="https://cdn.example.test/v.mp4"></video><img alt="" src="data:,"></a></div></main>`;
  assert.deepEqual(plain(read(withTile, "/reels/").items), [{ kind: "reel", audience: "unknown", created_at: null, author: "other" }]);
});

test("dates: time[datetime] where present; a photo's own generated description; otherwise unknown", () => {
  const grid = (alt) => `<main role="main"><div>${tile("DATEAA1", alt)}${tile("DATEAA2")}</div></main>`;
  // A description the person wrote names a date that may be anything: not read.
  assert.deepEqual(read(grid("Our trip, May 3, 2019"), "/jane/").items.map((i) => i.facts.created_at), [null, null]);
  assert.deepEqual(read(grid("Photo by Jane on May 3, 2019. May be art."), "/jane/").items.map((i) => i.facts.created_at), ["2019-05-03", null]);
  // Another item's time is never a tile's.
  const near = `<main role="main"><div>${tile("DATEAA3")}<a href="/p/DATEAA4/"><time datetime="2022-01-01T10:00:00Z">Jan 1</time></a></div></main>`;
  assert.deepEqual(plain(read(near, "/jane/").items).map((f) => f.created_at).sort(), ["2022-01-01", null].sort());
});
