// Issue 13: the person's own posts are theirs when their profile is a vanity address
// (facebook.com/jane.doe), not only a number: the page names them so in its session data, in its
// navigation and in their own profile's header. The handles stay in the page.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readPage } from "../src/page/page-reader.js";
import { navigationSelf, ownProfileHandle, sessionViewer } from "../src/page/fb-viewer.js";
import { load, loadReal } from "./helpers/dom.js";

const NOW = new Date(2025, 5, 1, 12);
const MENU = '<div role="button" aria-haspopup="menu" aria-label="Actions for this post"></div>';
const post = (author, id, extra = "") => `<div aria-posinset="${id}" role="article">
  <h4><a href="https://www.facebook.com/${author}/?__cft__[0]=AZ">${author}</a></h4>
  <a href="/${author}/posts/${id}/" aria-label="May 3, 2025">May 3, 2025</a><svg><title>Shared with Public</title></svg>${MENU}
  <div data-ad-preview="message"><div dir="auto">words</div></div>${extra}</div>`;
const comment = (author, id) => `<div role="article" aria-label="Comment by ${author}"><a href="/${author}/">${author}</a><a href="/x/posts/1/?comment_id=${id}">2d</a></div>`;
const SESSION = (id, name) => `<script>require(["CurrentUserInitialData",[],{"ACCOUNT_ID":"${id}","USER_ID":"${id}","NAME":"${name}","SHORT_NAME":"x"}])</script>`;
const ACTOR = (id, url) => `<script>{"data":{"viewer":{"actor":{"__typename":"User","id":"${id}","url":"${url.replace(/\//g, "\\/")}","profile_picture":{"uri":"x"}}}}}</script>`;
const NAV = (href, name) => `<div role="navigation"><a href="${href}" role="link"><img alt=""><span>${name}</span></a><a href="/friends/">Friends</a></div>`;

function read(html, path = "/", { cache, profiles } = {}) {
  const { document } = load(html, `https://www.facebook.com${path}`);
  return readPage(document, { hostname: "www.facebook.com", pathname: path, now: NOW, cache, profiles });
}
const authors = (result) => result.items.map((it) => `${it.facts.kind}:${it.facts.author}`);
const FEED = `<div role="feed">${post("jane.doe", 1, comment("jane.doe", 11) + comment("john.roe", 12))}${post("john.roe", 2)}</div>`;

test("the person's own link in the navigation, named with the session's name, makes their vanity-address posts and comments theirs", () => {
  const html = `${SESSION("100000000000007", "Jane Doe")}${NAV("https://www.facebook.com/jane.doe", "Jane Doe")}<div role="main">${FEED}</div>`;
  assert.deepEqual(authors(read(html)), ["post:self", "comment:self", "comment:other", "post:other"]);
});

test("the session data's viewer actor names the vanity address on its own, when the navigation does not show", () => {
  // The actor's script may come before the session's.
  const html = `${ACTOR("100000000000007", "https://www.facebook.com/jane.doe")}${SESSION("100000000000007", "Jane Doe")}<div role="main">${FEED}</div>`;
  assert.deepEqual(authors(read(html)), ["post:self", "comment:self", "comment:other", "post:other"]);
});

test("an actor with another id than the signed-in person's is not them; a link named otherwise is not their own", () => {
  const html = `${SESSION("100000000000007", "Jane Doe")}${ACTOR("200000000000009", "https://www.facebook.com/jane.doe")}
    ${NAV("/jane.doe", "Jane Doering")}<div role="main">${FEED}</div>`;
  assert.deepEqual(authors(read(html)), ["post:other", "comment:other", "comment:other", "post:other"]);
});

test("logged out, nothing is the person's: no session, no name to look for, no actor taken", () => {
  const html = `${ACTOR("100000000000007", "https://www.facebook.com/jane.doe")}${NAV("/jane.doe", "Jane Doe")}<div role="main">${FEED}</div>`;
  assert.deepEqual(authors(read(html)), ["post:other", "comment:other", "comment:other", "post:other"]);
});

test("the person's own profile at a vanity address: 'Edit profile' in its header, in any shipped language", () => {
  for (const [label, expected] of [["Edit profile", "self"], ["Modifier le profil", "self"], ["Profil bearbeiten", "self"], ["Add friend", "other"]]) {
    const html = `<div role="main"><div><h1>Jane Doe</h1><div role="button" aria-label="${label}"><span>${label}</span></div></div>
      <div>${post("jane.doe", 1)}</div></div>`;
    assert.deepEqual(authors(read(html, "/jane.doe")), [`post:${expected}`], label);
  }
});

test("'Edit profile' counts only in the header before the posts, and only on the profile's own address", () => {
  const inPost = post("jane.doe", 1, '<div role="button" aria-label="Edit profile"></div>');
  assert.deepEqual(authors(read(`<div role="main">${inPost}</div>`, "/jane.doe")), ["post:other"]);
  const header = '<div role="main"><div role="button" aria-label="Edit profile"></div>';
  assert.equal(ownProfileHandle(load(`${header}</div>`).document, "/groups/1/"), null);
  assert.equal(ownProfileHandle(load(`${header}</div>`).document, "/jane.doe/"), "jane.doe");
});

test("the navigation rendered after the first scan: the next scan reads the person's posts again as theirs", () => {
  const { document } = load(`${SESSION("100000000000007", "Jane Doe")}<div role="main">${FEED}</div>`);
  const cache = {};
  const options = { hostname: "www.facebook.com", pathname: "/", now: NOW, cache };
  assert.deepEqual(authors(readPage(document, options)), ["post:other", "comment:other", "comment:other", "post:other"]);
  document.body.prepend(load(NAV("/jane.doe", "Jane Doe")).document.body.firstElementChild); // the rail, as the page adds it
  assert.deepEqual(authors(readPage(document, { ...options, changed: [] })), ["post:self", "comment:self", "comment:other", "post:other"]);
});

test("the handles never leave the page: facts say self or other, keys are hashed", () => {
  const html = `${SESSION("100000000000007", "Jane Doe")}${NAV("/jane.doe", "Jane Doe")}<div role="main">${FEED}</div>`;
  const sent = JSON.stringify(read(html).items.map((it) => it.facts));
  for (const secret of ["jane", "doe", "100000000000007", "Jane Doe"]) assert.ok(!sent.includes(secret), secret);
});

test("the real logged-in feed (es, 2022): the session data and the left rail both name the person's vanity address", () => {
  const { document } = loadReal("facebook/feed-nested-shares-logged-in-2022-03-es.html", "https://www.facebook.com/");
  const session = sessionViewer(document);
  assert.equal(session.handles.length, 2);
  assert.ok(session.handles.includes("id:100008317964813"));
  const vanity = session.handles.find((h) => !h.startsWith("id:"));
  assert.match(vanity, /^marcela\.sandoval\.\d+$/);
  assert.equal(navigationSelf(document, session.name), vanity);
  // The top bar's "/me/" link is no one's handle.
  assert.equal(navigationSelf(document, "Marcela"), null);
});

test("the real own profile (fr, 2024): its header offers 'Modifier le profil' outside every post", () => {
  const { document } = loadReal("facebook/own-profile-timeline-2024-08-fr.html", "https://www.facebook.com/salim.example");
  assert.equal(ownProfileHandle(document, "/salim.example"), "salim.example");
});
