import { test } from "node:test";
import assert from "node:assert/strict";
import { readPage } from "../src/page/page-reader.js";
import { expectedItems, syntheticFeed } from "./fixtures/synthetic-feed.js";
import { LABELS } from "./fixtures/fb-labels.js";
import { load, plain } from "./helpers/dom.js";

const NOW = new Date("2025-08-16T12:00:00Z");
const read = (document, extra = {}) => readPage(document, { hostname: "www.facebook.com", pathname: "/", now: NOW, ...extra });

for (const lang of Object.keys(LABELS)) {
  test(`logged-in feed (aria-posinset, action menu, SVG audience) in ${lang}: every post, comment and audience`, () => {
    const options = { posts: 12, comments: 2, lang, sponsoredEvery: 6, sharedEvery: 4 };
    const { document } = load(syntheticFeed(options));
    const { items, skipped } = read(document);
    assert.deepEqual(plain(items), expectedItems(options, NOW));
    assert.equal(skipped.filter((s) => s.reason === "sponsored").length, 2);
  });
}

test("a shared post gets one badge, with the sharer's audience, not the embedded original's", () => {
  const options = { posts: 2, sharedEvery: 1 }; // post 0: Public; post 1: Friends sharing a Public original
  const { document } = load(syntheticFeed(options));
  const { items } = read(document);
  assert.equal(items.length, 2);
  assert.deepEqual(items.map((i) => i.facts.audience), ["public", "friends"]);
  assert.equal(document.querySelectorAll('a[href^="/original.author/posts/"]').length, 2);
});

test("own posts: the author link matches the handle from preferences (handle or URL), else 'other'", () => {
  const options = { posts: 4, selfEvery: 2, selfHandle: "jane.doe" };
  const { document } = load(syntheticFeed(options));
  for (const profile of ["jane.doe", "@jane.doe", "https://www.facebook.com/jane.doe", "www.facebook.com/Jane.Doe/"]) {
    const { items } = read(document, { profiles: { facebook: profile } });
    assert.deepEqual(items.map((i) => i.facts.author), ["self", "other", "self", "other"], profile);
  }
  const { items } = read(document, { profiles: {} });
  assert.deepEqual(items.map((i) => i.facts.author), ["other", "other", "other", "other"]);
});

test("keys: stable across re-reads and re-renders, salted, 16 hex digits, no URL or id inside", () => {
  const html = syntheticFeed({ posts: 5, comments: 1 });
  const a = read(load(html).document, { salt: "s1" }).items.map((i) => i.facts.key);
  const b = read(load(html).document, { salt: "s1" }).items.map((i) => i.facts.key);
  const c = read(load(html).document, { salt: "s2" }).items.map((i) => i.facts.key);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(new Set(a).size, a.length);
  for (const key of a) assert.match(key, /^[0-9a-f]{16}$/);
  const facts = read(load(html).document).items.map((i) => i.facts);
  for (const f of facts) assert.deepEqual(Object.keys(f).sort(), ["audience", "author", "author_age", "created_at", "key", "kind", "platform"]);
});

const LOGGED_OUT = `<!doctype html><html lang="en"><body><div role="main">
  <div role="article"><div role="progressbar" aria-label="Loading..." data-visualcompletion="loading-state"></div></div>
  <div role="article">
    <h2><a href="https://www.facebook.com/some.page?__tn__=-UC">Some Page</a></h2>
    <a href="https://www.facebook.com/some.page/posts/pfbid02abcDEF?__cft__[0]=x"><abbr data-utime="1653593204">May 26, 2022</abbr></a>
    <div role="img" aria-label="Shared with: Public" data-tooltip-content="Shared with: Public"><i></i></div>
    <div data-testid="post_message"><p>Text</p></div>
    <div role="article" aria-label="Comment by Ann Example a day ago">
      <a href="/ann.example/">Ann Example</a> nice
      <a href="/some.page/posts/pfbid02abcDEF?comment_id=111">1d</a>
      <div role="article" aria-label="Reply by Bob Example 2 hours ago">
        <a href="/bob.example/">Bob</a> thanks
        <a href="/some.page/posts/pfbid02abcDEF?comment_id=111&amp;reply_comment_id=222">2h</a>
      </div>
    </div>
  </div>
</div></body></html>`;

test("logged-out page: role=article posts without aria-label, labelled comments and replies inherit Public", () => {
  const { items, skipped } = read(load(LOGGED_OUT).document);
  assert.deepEqual(plain(items), [
    { kind: "post", audience: "public", created_at: "2022-05-26", author: "other" },
    { kind: "comment", audience: "public", created_at: "2025-08-15", author: "other" },
    { kind: "reply", audience: "public", created_at: "2025-08-16", author: "other" },
  ]);
  assert.equal(skipped.length, 0, "the loading placeholder is neither an item nor a skip");
  const keys = items.map((i) => i.facts.key);
  assert.equal(new Set(keys).size, 3, "comment and reply are keyed by their own ids");
  assert.equal(items[0].anchor.getAttribute("role"), "img", "the post's badge goes after its audience icon");
  assert.equal(items[1].anchor.textContent, "1d", "the comment's badge goes after its timestamp link");
});

test("2026 home feed without role=article: posts are found from the 'Actions for this post' menu", () => {
  const post = (i, label) => `<div><div><div>
      <h3><a href="/author.${i}/">Author ${i}</a></h3>
      <span><svg><title>Shared with ${label}</title></svg></span>
      <div aria-haspopup="menu" aria-label="Actions for this post" role="button"></div>
    </div><div>Body ${i}</div></div></div>`;
  const { document } = load(`<div role="main"><div>${post(1, "Public")}${post(2, "Friends")}${post(3, "Only me")}</div></div>`);
  const { items } = read(document);
  assert.deepEqual(items.map((i) => i.facts.audience), ["public", "friends", "only_me"]);
  assert.ok(items.every((i) => i.root.querySelectorAll('[aria-label="Actions for this post"]').length === 1));
});

test("profile timeline with no roles and no menus: posts are found by climbing from permalinks", () => {
  const post = (id, date) => `<div><div><a href="/jane/">Jane</a> <a href="/jane/posts/${id}/" aria-label="${date}">${date}</a></div><p>Text ${id}</p></div>`;
  const { document } = load(`<div role="main"><div>${post(11, "May 3, 2021")}${post(12, "June 4, 2024")}</div></div>`);
  const { items } = read(document);
  assert.deepEqual(plain(items), [
    { kind: "post", audience: "unknown", created_at: "2021-05-03", author: "other" },
    { kind: "post", audience: "unknown", created_at: "2024-06-04", author: "other" },
  ]);
});

test("own post without a known handle: the 'Edit privacy' button tells it is theirs", () => {
  const { document } = load(`<div role="feed"><div><div aria-posinset="1" role="article">
    <h4><a href="/someone/">Me</a></h4>
    <div role="button" aria-label="Edit privacy. Sharing with Friends."></div>
    <a href="/someone/posts/9/" aria-label="May 3, 2021">May 3</a></div></div></div>`);
  const [item] = read(document).items;
  assert.equal(item.facts.author, "self");
  assert.equal(item.facts.audience, "friends");
});

test("no audience icon: the embedded privacy_scope JSON, then the group page header, else unknown", () => {
  const story = Buffer.from("S:_I1:777").toString("base64");
  const json = `<script type="application/json">{"privacy_scope":{"icon_image":{"name":"everyone"},"description":"Public"},"id":"${story}"}</script>`;
  const unit = (id) => `<div role="feed"><div><div aria-posinset="1" role="article"><h4><a href="/x/">X</a></h4><a href="/x/posts/${id}/">May 3, 2021</a></div></div></div>`;
  assert.equal(read(load(unit(777) + json).document).items[0].facts.audience, "public");
  assert.equal(read(load(unit(778) + json).document).items[0].facts.audience, "unknown");
  const group = `<div role="main"><span>Private group · 1.2K members</span>${unit(5)}</div>`;
  assert.equal(read(load(group, "https://www.facebook.com/groups/g1/").document, { pathname: "/groups/g1/" }).items[0].facts.audience, "group_private");
});

test("zero-width characters inside the audience title and comment label do not hide them", () => {
  const { document } = load(`<div role="feed"><div><div aria-posinset="1" role="article">
    <h4><a href="/x/">X</a></h4><a href="/x/posts/1/" aria-label="May 3, 2021">May 3, 2021</a>
    <svg><title>Sha\u200Bred with Fri\u200Dends</title></svg>
    <div role="article" aria-label="Com\u200Bment by Y"><a href="/y/">Y</a><a href="/x/posts/1/?comment_id=5">3d</a></div>
  </div></div></div>`);
  assert.deepEqual(plain(read(document).items).map((i) => [i.kind, i.audience]), [["post", "friends"], ["comment", "friends"]]);
});

test("comments of a sponsored post are skipped with it", () => {
  const { document } = load(syntheticFeed({ posts: 1, comments: 0, sponsoredEvery: 1 }).replace("</article>", ""));
  assert.equal(read(document).items.length, 0);
  assert.deepEqual(read(document).skipped, [{ reason: "sponsored" }]);
});

test("other sites give no items", () => {
  const { document } = load(syntheticFeed({ posts: 2 }), "https://example.org/");
  assert.deepEqual(readPage(document, { hostname: "example.org", pathname: "/" }), { items: [], skipped: [] });
});

test("the kind follows the permalink's shape: posts, photos, videos, reels, stories (the API's objection scopes differ)", () => {
  const unit = (i, href) => `<div><div aria-posinset="${i}" role="article"><h4><a href="/x/">X</a></h4><a href="${href}" aria-label="May 3, 2021">May 3, 2021</a><svg><title>Shared with Public</title></svg></div></div>`;
  const hrefs = ["/x/posts/1/", "/groups/g/permalink/2/", "/permalink.php?story_fbid=3&id=9", "/photo/?fbid=4&set=a.1", "/photo.php?fbid=5",
    "/x/videos/6/", "/watch/?v=7", "/reel/8/", "/stories/123/UzpfSVNDOjQ=/"];
  const { document } = load(`<div role="feed">${hrefs.map((h, i) => unit(i + 1, h)).join("")}</div>`);
  assert.deepEqual(read(document).items.map((i) => i.facts.kind), ["post", "post", "post", "photo", "photo", "video", "video", "reel", "story"]);
});

test("a share whose own header shows no audience icon does not borrow the embedded original's", () => {
  const { document } = load(`<div role="feed"><div><div aria-posinset="1" role="article">
    <h4><a href="/sharer/">Sharer</a></h4><a href="/sharer/posts/10/" aria-label="May 3, 2025">May 3, 2025</a>
    <div data-ad-comet-preview="message">Look at this</div>
    <div><a href="/original/">Original</a><a href="/original/posts/11/">Jan 2, 2019</a><svg><title>Shared with Public</title></svg></div>
  </div></div></div>`);
  const [item] = read(document).items;
  assert.equal(item.facts.audience, "unknown");
  assert.equal(item.facts.created_at, "2025-05-03");
});
