// "This page looks wrong" reports hold the page's shape and nothing of anyone on it: a page full of
// names, handles, ids, URLs, text and photos gives a report with none of them, every string in it
// is a tag, an ARIA role, an attribute name or a link kind, and its size is bounded.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import { readPage } from "../src/page/page-reader.js";
import { MAX_DEPTH, MAX_NODES, linkShape, pageReport, pageShape, pathShape } from "../src/page/page-shape.js";
import { permalinkOf } from "../src/page/fb-roots.js";
import { handleFromUrl } from "../src/page/handles.js";
import { load } from "./helpers/dom.js";

const PAGE = readFileSync(new URL("./fixtures/personal-page.html", import.meta.url), "utf8");
const ADDRESS = "https://www.facebook.com/groups/zorbleton.alumni.1999/permalink/31415926535/";
// Everything personal the page holds, in text, attribute values, URLs and image addresses.
const PERSONAL = [
  "Jane", "Quillfeather", "Oswin", "Brackenridge", "Marigold", "Featherstonehaugh", "Thaddeus", "Wimbleworth",
  "zorbleton", "alumni", "100004277123456", "9876543210123", "pfbid", "77711122233", "31415926535", "424242", "7700",
  "900123", "Larkspur", "example", "scontent", "fbcdn", "4815162342", "marigold_secret_handle", "1717236000", "55501",
  "Birthday", "Reunion", "lake", "mailto", "http", "facebook.com", "instagram.com", "June", "2024",
];

function report() {
  const { document } = load(PAGE, ADDRESS);
  const { hostname, pathname } = new URL(ADDRESS);
  const read = readPage(document, { hostname, pathname, salt: "s", now: new Date("2026-12-05T12:00:00Z") });
  return pageReport(document, { read, hostname, pathname });
}

/** Every string in a value, with where it is. */
function strings(value, where = "") {
  if (typeof value === "string") return [[where, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${where}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [[`${where}.${k}:key`, k], ...strings(v, `${where}.${k}`)]);
  return [];
}

describe("pageReport over a page full of personal data", () => {
  it("holds none of it", () => {
    const text = JSON.stringify(report()).toLowerCase();
    for (const personal of PERSONAL) assert.ok(!text.includes(personal.toLowerCase()), `${personal} is in the report`);
  });

  it("holds only tags, roles, attribute names, link kinds, counts and the path's own words", () => {
    const allowed = /^(?:[a-z][a-z0-9-]{0,40}|[a-z_]{1,32}|\/(?:[a-z_.*/]*))$/;
    for (const [where, value] of strings(report())) assert.match(value, allowed, where);
    const got = report();
    assert.equal(got.path_shape, "/groups/*/permalink/*/");
    assert.equal(got.platform, "facebook");
    assert.equal(typeof got.rules_version, "number");
  });

  it("still says what the reader found and what the page is made of", () => {
    const got = report();
    assert.deepEqual(got.found.kinds, { post: 2, comment: 1 });
    assert.equal(got.found.items, 3);
    const shapes = JSON.stringify(got.shape);
    for (const part of ['"r":"feed"', '"h":"post"', '"h":"comment"', '"h":"profile"', '"attributionsrc"', '"aria-posinset"', '"data-utime"']) {
      assert.ok(shapes.includes(part), part);
    }
  });
});

describe("pageShape", () => {
  it("drops roles outside ARIA's list and attribute names with digits; counts text, never keeps it", () => {
    const { document } = load('<div role="jane-doe" data-u100004="x" aria-label="Jane">Jane <b>Doe</b></div>');
    const shape = pageShape(document.body);
    assert.deepEqual(shape.c[0], { t: "div", k: ["aria-label", "role"], x: 1, c: [{ t: "b", x: 1 }] });
  });

  it("folds runs of identical siblings into one node with a count", () => {
    const { document } = load(`<ul>${"<li><a href='/p/x'>a</a></li>".repeat(5)}<li></li></ul>`);
    const list = pageShape(document.body).c[0];
    assert.equal(list.c.length, 2);
    assert.equal(list.c[0].n, 5);
  });

  it("stops at MAX_DEPTH levels and MAX_NODES nodes, counting what it left out", () => {
    const deep = load(`${"<div>".repeat(MAX_DEPTH + 30)}x${"</div>".repeat(MAX_DEPTH + 30)}`).document;
    let node = pageShape(deep.body);
    let depth = 1;
    while (node.c) { node = node.c[0]; depth += 1; }
    assert.equal(depth, MAX_DEPTH);
    assert.equal(node.more, 31, "the body is level 1: 31 of its MAX_DEPTH + 30 divs lie below the last level kept");
    const wide = load(Array.from({ length: MAX_NODES + 500 }, (_, i) => `<p${i % 2 ? " title" : ""}>x</p>`).join("")).document;
    const shape = pageShape(wide.body);
    const count = (n) => 1 + (n.c ?? []).reduce((s, c) => s + count(c), 0);
    assert.ok(count(shape) <= MAX_NODES);
    assert.ok(shape.more > 0);
  });
});

describe("linkShape and pathShape", () => {
  const base = "https://www.facebook.com/";
  const cases = [
    ["#", "hash"], ["/jane.doe", "profile"], ["/profile.php?id=1000", "profile"], ["/jane/posts/pfbid02abc", "post"],
    ["/photo/?fbid=123", "photo"], ["/reel/123", "reel"], ["/jane/posts/1?comment_id=5", "comment"],
    ["/jane/posts/1?comment_id=5&reply_comment_id=6", "reply"], ["/groups/abc/", "group"], ["/marketplace/", "internal"],
    ["https://example.org/x", "external"], ["mailto:jane@example.org", "other"],
    ["https://www.instagram.com/p/Cabcde1/", "post"], ["https://www.instagram.com/reel/Cabcde1/", "reel"],
    ["https://www.instagram.com/jane_doe/", "profile"], ["https://www.instagram.com/explore/", "internal"],
    ["https://www.instagram.com/p/Cabcde1/c/1789/", "comment"],
    // As the reader reads an author link: a profile's tab and a /people/ address are the profile; "/me/" is no one.
    ["/jane.doe/about", "profile"], ["/people/Jane-Doe/100012345/", "profile"], ["/me/", "internal"],
    ["https://www.instagram.com/jane_doe/reels/", "profile"],
  ];
  for (const [href, kind] of cases) it(`${href} → ${kind}`, () => assert.equal(linkShape(href, base), kind));

  it("names a link as the reader reads it: a post where it finds a post, a profile where it finds an author", () => {
    const { document } = load("<a></a>");
    const a = document.querySelector("a");
    for (const href of ["/jane/posts/1", "/jane/posts/1?comment_id=5", "/photo/?fbid=1", "/watch/?v=2", "/jane", "/profile.php?id=7", "/groups/1/", "/search/top"]) {
      a.setAttribute("href", href);
      const shape = linkShape(href, base);
      assert.equal(["post", "photo", "video", "reel", "story"].includes(shape), permalinkOf(a) !== null, href);
      const author = handleFromUrl("facebook", new URL(href, base));
      if (!["post", "photo", "video", "comment", "group"].includes(shape)) assert.equal(shape === "profile", author !== null, href);
    }
  });

  it("keeps only the sites' own path words", () => {
    assert.equal(pathShape("/"), "/");
    assert.equal(pathShape("/jane.doe/"), "/*/");
    assert.equal(pathShape("/groups/1234/posts/5678"), "/groups/*/posts/*");
    assert.equal(pathShape("/profile.php"), "/profile.php");
    assert.equal(pathShape("/jane_doe/reels/"), "/*/reels/");
  });
});
