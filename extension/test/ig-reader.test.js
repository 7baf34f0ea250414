import { test } from "node:test";
import assert from "node:assert/strict";
import { readPage } from "../src/page/page-reader.js";
import { embeddedPrivacy } from "../src/page/ig-privacy.js";
import { igFeed, igPostPage, igProfile } from "./fixtures/synthetic-instagram.js";
import { load, plain } from "./helpers/dom.js";

const NOW = new Date("2025-08-16T12:00:00Z");
const read = (html, path = "/", profiles = {}) => {
  const { document } = load(html, `https://www.instagram.com${path}`);
  return readPage(document, { hostname: "www.instagram.com", pathname: path, now: NOW, profiles });
};

test("home feed: top-level articles only, account privacy from the embedded JSON, ads skipped", () => {
  const { items, skipped } = read(igFeed(), "/", { instagram: "me.myself" });
  assert.deepEqual(plain(items), [
    { kind: "post", audience: "public", created_at: "2025-06-01", author: "other" },
    { kind: "post", audience: "followers", created_at: "2024-01-15", author: "other" },
    { kind: "post", audience: "unknown", created_at: "2025-03-02", author: "other" },
    { kind: "post", audience: "public", created_at: "2025-05-30", author: "self" },
  ]);
  assert.deepEqual(skipped, [{ reason: "sponsored" }]);
});

test("the embedded JSON is read per username: the viewer's and nested owners' flags are not taken", () => {
  const { document } = load(igFeed(), "https://www.instagram.com/");
  const map = embeddedPrivacy(document);
  assert.equal(map.get("pub.user"), "public");
  assert.equal(map.get("priv.user"), "followers");
  assert.equal(map.get("the.viewer"), "followers", "the viewer's own flag stays with the viewer");
  assert.equal(map.get("someone.else"), "followers", "a nested owner's flag stays with that owner");
});

test("profile of a public account: grid tiles are public posts of that account", () => {
  const { items } = read(igProfile("pub.user", { isPrivate: false, followed: true }), "/pub.user/", { instagram: "pub.user" });
  assert.deepEqual(plain(items), [
    { kind: "post", audience: "public", created_at: null, author: "self" },
    { kind: "post", audience: "public", created_at: null, author: "self" },
    { kind: "reel", audience: "public", created_at: null, author: "self" },
  ]);
});

test("profile of a private account you follow: its posts' audience is followers", () => {
  const { items } = read(igProfile("priv.user", { isPrivate: true, followed: true }), "/priv.user/");
  assert.deepEqual(items.map((i) => i.facts.audience), ["followers", "followers", "followers"]);
});

test("profile of a private account you do not follow: nothing to badge", () => {
  assert.deepEqual(read(igProfile("priv.user", { isPrivate: true, followed: false }), "/priv.user/").items, []);
});

test("post page (2025, no <article>): the post, its comments and a reply, inheriting the post's audience", () => {
  const { items } = read(igPostPage(), "/pub.user/p/POSTCODE1/", { instagram: "me.myself" });
  assert.deepEqual(plain(items), [
    { kind: "post", audience: "public", created_at: "2025-08-15", author: "other" },
    { kind: "comment", audience: "public", created_at: "2025-08-15", author: "other" },
    { kind: "comment", audience: "public", created_at: "2025-08-15", author: "self" },
    { kind: "reply", audience: "public", created_at: "2025-08-15", author: "other" },
  ]);
  assert.equal(new Set(items.map((i) => i.facts.key)).size, 4);
  assert.ok(items.every((i) => i.anchor.tagName === "A" && i.position === "after"));
});
