import { test } from "node:test";
import assert from "node:assert/strict";
import { isSponsoredFacebook, isSponsoredInstagram, spellsSponsored } from "../src/page/sponsored.js";
import { LABELS } from "./fixtures/fb-labels.js";
import { load } from "./helpers/dom.js";

const fb = (inner) => {
  const { document } = load(`<div id="r">${inner}</div>`);
  const root = document.getElementById("r");
  return isSponsoredFacebook(root, [...root.querySelectorAll("a")]);
};
const soup = (word) => [...word].map((c, i) => `<b>-</b><b>${c}</b>${i % 2 ? "<b>--</b>" : ""}`).join("");

for (const [lang, L] of Object.entries(LABELS)) {
  test(`Facebook sponsored label in ${lang}: plain, aria-label, and letter soup with decoys`, () => {
    assert.ok(fb(`<a href="#">${L.sponsored}</a>`));
    assert.ok(fb(`<a aria-label="${L.sponsored}" href="#"><span>x</span></a>`));
    assert.ok(fb(`<a href="#"><span>${soup(L.sponsored)}</span></a>`));
    assert.ok(fb(`<a href="#">${[...L.sponsored].join("\u200B")}</a>`));
  });
}

test("the 2020 obfuscation: dashes between the letters of Sponsored", () => {
  assert.ok(spellsSponsored("sponsored"));
  assert.ok(fb('<a href="#"><b>-</b><b>S</b><b>-</b><b>-</b><b>p</b><b>-</b><b>on</b><b>-</b><b>so</b><b>re</b><b>-</b><b>d</b></a>'));
});

test("issue 13: the label in the added languages, split into letters too", () => {
  for (const word of ["Sponsorlu", "ممول", "Реклама", "広告", "광고", "Được tài trợ"]) {
    assert.ok(fb(`<a href="#">${[...word].map((c) => `<span>${c}</span>`).join("")}</a>`), word);
  }
});

test("ad-only links mark an ad; the 2026 short label too", () => {
  assert.ok(fb('<a href="https://www.facebook.com/ads/about/?entry_product=ad_preferences">Why am I seeing this ad?</a>'));
  assert.ok(fb('<a href="/ads/library/?id=1">See ad details</a>'));
  assert.ok(fb('<a href="#">Ad</a>'));
});

test("issue 13: attributionsrc sits on ordinary post links since 2024; alone it is no ad", () => {
  const attribution = 'attributionsrc="/privacy_sandbox/comet/register/source/?xt=AZW"';
  assert.equal(fb(`<a ${attribution} href="/profile.php?id=1">Jane Doe</a><a ${attribution} href="/permalink.php?story_fbid=pfbid0x">3 juillet</a>`), false);
  assert.equal(fb(`<a ${attribution} href="https://example.org">Shop</a>`), false);
  assert.ok(fb(`<a ${attribution} href="https://example.org">Shop</a><a href="#">${soup("Sponsorisé")}</a>`), "the label still tells the ad");
});

test("organic posts are not ads: hashtags, names, ordinary links", () => {
  assert.equal(fb('<a href="/hashtag/ad">#ad</a><a href="/hashtag/sponsored">#sponsored</a>'), false);
  assert.equal(fb('<a href="/simon.peterson.oscar.reed/">Simon Peterson Oscar Reed</a>'), false);
  assert.equal(fb('<a href="/jane/posts/1">May 3, 2021</a><a href="/ad.smith/">Ad Smith</a>'), false);
});

test("Instagram: 'Sponsored' padded with zero-width characters, in any language; 'Paid partnership' is not an ad", () => {
  const ig = (html) => isSponsoredInstagram(load(`<article>${html}</article>`, "https://www.instagram.com/").document.querySelector("article"));
  assert.ok(ig("<span>Spon\u200Bsored</span>"));
  assert.ok(ig("<div><span>Gesponsert</span></div>"));
  assert.ok(ig("<span>Patrocinado</span>"));
  assert.equal(ig("<span>Paid partnership</span><span>nice ad!</span>"), false);
  assert.equal(ig(`${"<span>x</span>".repeat(20)}<span>Ad</span>`), false); // "Ad" deep in the comments
});
