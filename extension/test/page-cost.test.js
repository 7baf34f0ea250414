// Issue 3: the first read of a long feed must stay cheap. Timings are for the benchmark; these tests
// pin down the shape of the work instead: how many DOM queries a read makes per post, no read that
// forces layout, and fast paths that give exactly what the general code gives.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { readPage } from "../src/page/page-reader.js";
import { createScanner } from "../src/content/scanner.js";
import { createBadgeManager } from "../src/content/badges.js";
import { fit } from "../src/content/badge-fit.js";
import { messagesFor } from "./helpers/fake-browser.js";
import { findComments, findPostRoots } from "../src/page/fb-roots.js";
import { fnv1a64, itemKey } from "../src/page/hash.js";
import { linkTarget } from "../src/page/dom.js";
import { isoDay } from "../src/page/dates.js";
import { cleanText, fold, lettersOnly } from "../src/page/text.js";
import { syntheticFeed } from "./fixtures/synthetic-feed.js";
import { load, loadReal } from "./helpers/dom.js";

/** Count the DOM queries made by `fn` on `window`'s elements and document. */
function countQueries(window, fn) {
  const counts = {};
  const restore = [];
  for (const [proto, where] of [[window.Element.prototype, "element"], [window.Document.prototype, "document"]]) {
    for (const name of ["querySelectorAll", "querySelector", "matches", "closest", "getElementsByTagName"]) {
      if (!Object.hasOwn(proto, name)) continue;
      const original = proto[name];
      proto[name] = function (...args) { counts[`${where}.${name}`] = (counts[`${where}.${name}`] ?? 0) + 1; return original.apply(this, args); };
      restore.push(() => { proto[name] = original; });
    }
  }
  try { return { result: fn(), counts }; } finally { for (const undo of restore) undo(); }
}

test("a 300-post feed is read with one subtree query per post and a handful of whole-document ones", () => {
  const { window, document } = load(syntheticFeed({ posts: 300, comments: 2, sponsoredEvery: 10, sharedEvery: 7 }));
  const { result, counts } = countQueries(window, () => readPage(document, { hostname: "www.facebook.com", pathname: "/", now: new Date("2025-08-16") }));
  assert.equal(result.items.length, 270 * 3);
  assert.ok(counts["document.querySelectorAll"] <= 7, JSON.stringify(counts)); // one finds the feed the next scans start from
  assert.ok(counts["element.querySelectorAll"] <= 300, `one per post root, not one per feed child and per link: ${JSON.stringify(counts)}`);
  assert.ok((counts["element.querySelector"] ?? 0) <= 300 * 4, JSON.stringify(counts));
  assert.ok((counts["element.matches"] ?? 0) <= 300, `links are told apart without a selector match each: ${JSON.stringify(counts)}`);
});

test("a post's header is not climbed through to find the comment each of its links is in", () => {
  // Links, icons and dates before a root's first comment are the root's own: only the rest climb
  // (one closest each), so a read costs a few climbs per comment, not one per header element.
  const { window, document } = load(syntheticFeed({ posts: 300, comments: 2, sponsoredEvery: 10, sharedEvery: 7 }));
  const { result, counts } = countQueries(window, () => readPage(document, { hostname: "www.facebook.com", pathname: "/", now: new Date("2025-08-16") }));
  assert.equal(result.items.length, 270 * 3);
  assert.ok((counts["element.closest"] ?? 0) <= 300 * 10, JSON.stringify(counts));
});

test("page reading never asks for layout (innerText, sizes, computed styles)", () => {
  const dir = new URL("../src/page/", import.meta.url);
  for (const name of readdirSync(dir)) {
    const text = readFileSync(new URL(name, dir), "utf8");
    assert.ok(!/\b(innerText|outerText|offset(Width|Height|Top|Left)|client(Width|Height)|scroll(Width|Height)|getBoundingClientRect|getClientRects|getComputedStyle)\b/.test(text), name);
  }
});

test("findPostRoots finds the same roots with the comments it is handed as without", () => {
  for (const document of [
    load(syntheticFeed({ posts: 40, comments: 2, sharedEvery: 3, sponsoredEvery: 5 })).document,
    loadReal("facebook/page-timeline-logged-out-2023-02.html", "https://www.facebook.com/heymeedan").document,
    loadReal("facebook/single-post-classic-logged-out-2022.html", "https://www.facebook.com/LittleMix/posts/1").document,
  ]) {
    assert.deepEqual(findPostRoots(document, new Set(findComments(document))), findPostRoots(document));
  }
});

test("a feed's units are roots of their own unless a root holds the feed: the climbs that stop at the feed see it", () => {
  const units = syntheticFeed({ posts: 3 }).match(/<div role="feed">[\s\S]*<\/div><\/div><\/div>/)[0];
  const plain = load(`<div role="main">${units}</div>`).document;
  assert.equal(findPostRoots(plain).length, 3);
  // An article around the whole feed is the one root: nothing inside it stands on its own.
  const wrapped = load(`<div role="main"><article>${units}</article></div>`).document;
  assert.deepEqual(findPostRoots(wrapped), [wrapped.querySelector("article")]);
});

/**
 * A feed read once through the scanner (its MutationObserver notes what the page changes); `rescan()`
 * runs the next scan and returns its items, the DOM queries it made and how many units it read.
 */
function scannedFeed(options) {
  const { window, document } = load(syntheticFeed(options));
  const cache = {};
  const read = { hostname: "www.facebook.com", pathname: "/", now: new Date("2025-08-16"), cache };
  let last = null;
  const scanner = createScanner({
    win: window,
    scan: (changed, removals) => { last = countQueries(window, () => readPage(document, { ...read, changed, removals })); return { readMs: 1, stats: {} }; },
  });
  scanner.start();
  scanner.runNow();
  const rescan = () => {
    scanner.runNow();
    return { items: last.result.items, counts: last.counts, unitsRead: cache.unitsRead };
  };
  /** What a read of the whole page, with nothing kept, gives. */
  const fresh = () => readPage(document, { ...read, cache: {} }).items;
  const feed = document.querySelector('[role="feed"]');
  return { window, document, scanner, rescan, fresh, feed, cache };
}

const facts = (items) => items.map((it) => [it.raw, it.facts, it.root, it.anchor]);
/** Post `i` of a synthetic feed, as a fresh element. */
const unitHtml = (i, options) => syntheticFeed({ ...options, posts: i + 1 }).match(new RegExp(`<div data-fixture-post="${i}">[\\s\\S]*?</div></div></div></div>`))[0];
/** An element made from `html`, for `document`. */
const element = (document, html) => document.importNode(load(html).document.body.firstElementChild, true);
const unitOf = (document, i, options) => element(document, unitHtml(i, options));

test("a re-scan after one more post reads that post only: no whole-document query, one unit read", () => {
  const options = { posts: 500, comments: 2, sponsoredEvery: 10, sharedEvery: 7 };
  const page = scannedFeed(options);
  page.feed.appendChild(unitOf(page.document, 500, options));
  const { items, counts, unitsRead } = page.rescan();
  assert.equal(unitsRead, 1);
  assert.equal(counts["document.querySelectorAll"] ?? 0, 0, JSON.stringify(counts));
  assert.equal(counts["document.querySelector"] ?? 0, 0, `not even the mobile-site check: ${JSON.stringify(counts)}`);
  assert.ok((counts["element.querySelectorAll"] ?? 0) <= 12, `the new unit's queries only: ${JSON.stringify(counts)}`);
  assert.deepEqual(facts(items), facts(page.fresh()));
  assert.equal(items.length, 451 * 3 - 1 + 1, "450 posts with two comments, one shared post's original, and the new one"); // sanity
  page.scanner.stop();
});

test("a post whose audience icon loads late is read again; the others are not", () => {
  const options = { posts: 30, comments: 1 };
  const page = scannedFeed(options);
  const unit = page.document.querySelector('[data-fixture-post="3"]');
  const icon = unit.querySelector("svg[title]");
  const holder = icon.parentElement;
  icon.remove();
  let { items, unitsRead } = page.rescan();
  const post = () => items.find((it) => it.raw === "fb:post:1000003");
  assert.equal(post().facts.audience, "unknown");
  assert.equal(unitsRead, 1);
  holder.appendChild(icon);
  ({ items, unitsRead } = page.rescan());
  assert.equal(post().facts.audience, "only_me");
  assert.equal(unitsRead, 1);
  assert.deepEqual(facts(items), facts(page.fresh()));
  page.scanner.stop();
});

test("a virtualised feed: a post taken out and put back, comments expanded, a placeholder filled, content outside the feed: the same items as a whole read", () => {
  const options = { posts: 40, comments: 1, sharedEvery: 5, sponsoredEvery: 9 };
  const page = scannedFeed(options);
  const { document, feed } = page;
  const check = (what, maxRead) => {
    const { items, unitsRead } = page.rescan();
    assert.deepEqual(facts(items), facts(page.fresh()), what);
    assert.ok(unitsRead <= maxRead, `${what}: ${unitsRead} units read`);
  };
  const seventh = document.querySelector('[data-fixture-post="7"]');
  seventh.remove();
  check("a post taken out", 0);
  feed.appendChild(seventh);
  check("the same post put back", 1);
  const comment = document.querySelector('[data-fixture-post="12"] [role="article"][aria-label]');
  comment.after(comment.cloneNode(true));
  comment.nextElementSibling.querySelector('a[href*="comment_id"]').setAttribute("href", "/person.12/posts/1000012/?comment_id=1");
  check("a comment more", 1);
  const loading = feed.appendChild(element(document, '<div><div aria-busy="true" role="progressbar"></div></div>'));
  check("a loading placeholder", 0);
  loading.replaceChildren(unitOf(document, 40, options));
  check("the placeholder filled", 1);
  document.querySelector('[role="main"]').prepend(element(document, `<div>${unitHtml(41, options)}</div>`));
  check("a post outside the feed: the whole page is read again", 50);
  document.body.appendChild(document.createElement("div")).textContent = "a tooltip";
  check("a node with no content outside the feed", 0);
  page.scanner.stop();
});

test("fitting badges that stay in the line writes nothing after its last measure: the next frame has nothing to lay out again", () => {
  const { window, document } = load(syntheticFeed({ posts: 5, comments: 1 }));
  const { items } = readPage(document, { hostname: "www.facebook.com", pathname: "/", now: new Date("2025-08-16") });
  const hosts = createBadgeManager(document, messagesFor("en")).place(items).map(([, host]) => host);
  const log = [];
  const proto = window.Element.prototype;
  const originals = { getBoundingClientRect: proto.getBoundingClientRect, setAttribute: proto.setAttribute, removeAttribute: proto.removeAttribute };
  proto.getBoundingClientRect = function () { log.push("read"); return originals.getBoundingClientRect.call(this); };
  for (const name of ["setAttribute", "removeAttribute"]) {
    proto[name] = function (...args) { if (hosts.includes(this)) log.push("write"); return originals[name].apply(this, args); };
  }
  try { fit(hosts); } finally { Object.assign(proto, originals); }
  assert.equal(hosts.length, 10);
  assert.ok(log.includes("read"));
  assert.deepEqual(log.slice(log.lastIndexOf("read")), ["read"], "no badge is written after the last measure: every one stays in the line");
  assert.equal(document.querySelectorAll("[data-ai-optout-fit]").length, 0);
});

test("the 64-bit FNV-1a on 32-bit halves gives the reference values, ASCII or not", () => {
  assert.equal(fnv1a64(""), "cbf29ce484222325");
  assert.equal(fnv1a64("a"), "af63dc4c8601ec8c");
  assert.equal(fnv1a64("foobar"), "85944171f73967e8");
  const reference = (text) => { // the BigInt form it replaced
    let h = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    return h.toString(16).padStart(16, "0");
  };
  for (const text of ["fb:post:1000001", "ig:post:DNYNXb4z8J0", "fb:pos:3:jane.doe", "fb:comment:Zoë:ünï 🚀", "x".repeat(500)]) {
    assert.equal(fnv1a64(text), reference(text), text);
    assert.equal(itemKey("0123456789abcdef0123456789abcdef", text), reference(`0123456789abcdef0123456789abcdef|${text}`));
  }
});

test("a link's pathname and search without building a URL are what new URL gives", () => {
  const { document } = load("<a></a>", "https://www.facebook.com/groups/1/");
  const a = document.querySelector("a");
  for (const href of [
    "/x/posts/1/?__cft__[0]=AZX1&__tn__=%2CO%2CP-R", "https://www.facebook.com/x/posts/pfbid0abc", "/a?", "/a?#x", "/a#b?c",
    "//evil.example/posts/1", "/./x", "/a/../b/posts/2", "/a/%2e%2e/posts/3", "HTTPS://WWW.FACEBOOK.COM/X/posts/9",
    "/a b/posts/1", "/posts/1?x='y'", "/p\\\\q/posts/1", "/photo.php?fbid=123&set=a.1", "posts/1", "/ü/posts/1",
    "/x/posts/1?q=a^b|c", "https://web.facebook.com:443/watch/?v=123", "javascript:alert(1)",
  ]) {
    a.setAttribute("href", href);
    const url = new URL(href, document.baseURI);
    const got = linkTarget(a);
    assert.deepEqual([got?.pathname, got?.search], [url.pathname, url.search], href);
  }
  a.setAttribute("href", "#");
  assert.equal(linkTarget(a), null);
});

test("the plain-ASCII text paths fold, clean and spell exactly like the general ones", () => {
  const general = {
    cleanText: (s) => s.normalize("NFKC").replace(/[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]|\u034F/g, "").replace(/\s+/g, " ").trim(),
  };
  general.fold = (s) => general.cleanText(s).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  general.lettersOnly = (s) => general.fold(s).replace(/[^\p{L}]/gu, "");
  for (const s of ["  Shared with Public ", "-S--p-on-so-re-d-", "May 27, 2025 at 9:30 PM", "\tComment by\nJane  ", "#ad", "Actions for this post", "2d", "Friends; Except: Bob"]) {
    assert.equal(cleanText(s), general.cleanText(s), s);
    assert.equal(fold(s), general.fold(s), s);
    assert.equal(lettersOnly(s), general.lettersOnly(s), s);
  }
});

test("isoDay formats like toISOString for every year it meets", () => {
  for (const ms of [0, Date.UTC(2025, 5, 1), Date.UTC(1999, 11, 31, 23, 59), Date.UTC(999, 0, 1), Date.UTC(10000, 0, 1), -Date.UTC(2000, 0, 1), 1.7e12 + 12345]) {
    assert.equal(isoDay(new Date(ms)), new Date(ms).toISOString().slice(0, 10), String(ms));
  }
  assert.equal(isoDay(new Date(Number.NaN)), null);
});
