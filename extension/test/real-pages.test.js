// The reading rules against markup nobody here wrote: pages Facebook and Instagram really served,
// saved by other public projects (../shared/fixtures/real/). The expected facts below were read
// from each file's markup by hand.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readPage } from "../src/page/page-reader.js";
import { findPostRoots } from "../src/page/fb-roots.js";
import { audienceOfIcons, ICON_SELECTOR } from "../src/page/audience.js";
import { load, loadReal, plain } from "./helpers/dom.js";

const NOW = new Date("2025-08-16T12:00:00Z");
const readAt = (document, url) => {
  const u = new URL(url);
  return readPage(document, { hostname: u.hostname, pathname: u.pathname, now: NOW });
};

test("facebook/feed-logged-in-2020-12: the saved feed unit sits inside an unterminated HTML comment, so a browser shows no post", () => {
  const url = "https://www.facebook.com/";
  const { document } = loadReal("facebook/feed-logged-in-2020-12.html", url);
  assert.equal(document.querySelectorAll('[role="feed"]').length, 1);
  assert.equal(document.querySelectorAll("[aria-posinset]").length, 0, "'<!-- skip personal posts -- >' never closes");
  assert.deepEqual(readAt(document, url), { items: [], skipped: [] });
});

test("facebook/feed-logged-in-2020-12: the unit itself (parsed from that comment) is one Public, sponsored post, skipped", () => {
  const url = "https://www.facebook.com/";
  const saved = loadReal("facebook/feed-logged-in-2020-12.html", url).document;
  const comment = [...saved.querySelector('[role="feed"]').childNodes].find((n) => n.nodeType === 8);
  const { document } = load(`<div role="feed">${comment.data}</div>`, url);
  const roots = findPostRoots(document);
  assert.equal(roots.length, 1);
  assert.equal(roots[0].getAttribute("aria-posinset"), "2");
  assert.equal(audienceOfIcons([...roots[0].querySelectorAll(ICON_SELECTOR)])?.audience, "public");
  assert.deepEqual(readAt(document, url), { items: [], skipped: [{ reason: "sponsored" }] }); // "-S----p-----on-so-re--d-----"
});

test("facebook/page-timeline-logged-out-2023-02: one Public video (a /videos/ permalink) of May 3, 2021; two loading placeholders ignored", () => {
  const url = "https://www.facebook.com/heymeedan";
  const { document } = loadReal("facebook/page-timeline-logged-out-2023-02.html", url);
  assert.equal(document.querySelectorAll('[role="article"]').length, 3);
  const { items, skipped } = readAt(document, url);
  assert.deepEqual(plain(items), [{ kind: "video", audience: "public", created_at: "2021-05-03", author: "other" }]);
  assert.deepEqual(skipped, []);
  assert.equal(items[0].anchor.tagName.toLowerCase(), "svg", "badge after the 'Shared with Public' globe");
});

test("facebook/page-timeline-logged-out-2023-02: the embedded privacy_scope JSON agrees (Public for video 1522700938072473)", async () => {
  const { embeddedAudiences } = await import("../src/page/audience.js");
  const { document } = loadReal("facebook/page-timeline-logged-out-2023-02.html", "https://www.facebook.com/heymeedan");
  assert.equal(embeddedAudiences(document).get("1522700938072473"), "public");
});

test("facebook/single-post-classic-logged-out-2022: one Public photo (photo.php permalink) of 2022-05-26 (abbr data-utime)", () => {
  const url = "https://www.facebook.com/LittleMix/posts/pfbid02Hvu5Jys35PPckFHUQFNbxoT7pK8quieyMMG7D5KkkwtxbwJuSkpPjXK1ZEXceQNXl";
  const { document } = loadReal("facebook/single-post-classic-logged-out-2022.html", url);
  const { items } = readAt(document, url);
  assert.deepEqual(plain(items), [{ kind: "photo", audience: "public", created_at: "2022-05-26", author: "other" }]);
  assert.equal(items[0].anchor.getAttribute("aria-label"), "Shared with: Public");
  const own = readPage(document, { hostname: "www.facebook.com", pathname: "/", now: NOW, profiles: { facebook: "https://www.facebook.com/LittleMix" } });
  assert.equal(own.items[0].facts.author, "self", "the author link /LittleMix matches that profile");
});

test("instagram/post-logged-in-2025-08: the post of 2025-08-15 and its five comments; privacy not stated, so unknown", () => {
  const url = "https://www.instagram.com/ririnn.ri/p/DNYNXb4z8J0/";
  const { document } = loadReal("instagram/post-logged-in-2025-08.html", url);
  const { items } = readAt(document, url);
  const posts = items.filter((i) => i.facts.kind === "post");
  const comments = items.filter((i) => i.facts.kind === "comment");
  assert.deepEqual(plain(posts.slice(0, 1)), [{ kind: "post", audience: "unknown", created_at: "2025-08-15", author: "other" }]);
  assert.equal(comments.length, 5);
  assert.ok(comments.every((c) => c.facts.created_at === "2025-08-15" && c.facts.audience === "unknown"));
  // "More posts from ririnn.ri": two thumbnails with images (the reel tile saved no media)
  assert.equal(posts.length, 3);
  assert.ok(posts.slice(1).every((p) => p.facts.created_at === null));
  const own = readPage(document, { hostname: "www.instagram.com", pathname: "/ririnn.ri/p/DNYNXb4z8J0/", now: NOW, profiles: { instagram: "@ririnn.ri" } });
  assert.deepEqual(own.items.map((i) => i.facts.author), ["self", "other", "other", "other", "other", "other", "self", "self"]);
});

test("instagram/post-logged-out-pender: nothing was rendered (empty mount); the viewer's is_private is not the author's", () => {
  const url = "https://www.instagram.com/p/Chm_-tPJqpd/";
  const { document } = loadReal("instagram/post-logged-out-pender.html", url);
  assert.equal(document.querySelector('[id^="mount_0_0"]').children.length, 0);
  assert.deepEqual(readAt(document, url), { items: [], skipped: [] });
});
