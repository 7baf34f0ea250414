import { test } from "node:test";
import assert from "node:assert/strict";
import { audienceFromLabel, embeddedAudiences } from "../src/page/audience.js";
import { AUDIENCE_OF, LABELS } from "./fixtures/fb-labels.js";
import { load } from "./helpers/dom.js";

// Every shipped language: "<Shared with> <audience>" as Comet's icon title says it, and the bare word.
for (const [lang, L] of Object.entries(LABELS)) {
  test(`audience labels in ${lang}`, () => {
    for (const [key, audience] of Object.entries(AUDIENCE_OF)) {
      assert.equal(audienceFromLabel(`${L.shared} ${L[key]}`), audience, `${L.shared} ${L[key]}`);
      assert.equal(audienceFromLabel(`${L.shared}: ${L[key]}`), audience, `${L.shared}: ${L[key]}`);
      assert.equal(audienceFromLabel(L[key]), audience, L[key]);
    }
  });
}

const CASES = [
  ["Shared with: Jane Doe's friends", "friends"], // classic 2017
  ["Friends; Except: Acquaintances, Clients", "custom"],
  ["Shared with Friends except…", "custom"],
  ["Shared with Specific friends", "custom"],
  ["Shared with Public group", "group_public"],
  ["Shared with Members of Public Transport Fans", "group_private"], // the group's name says "Public"
  ["Shared with Close friends", "close_friends"],
  ["Edit privacy. Sharing with Your friends of friends.", "friends_of_friends"],
  ["Edit privacy. Sharing with Only me.", "only_me"],
  ["Contenuto condiviso con: tutti", "public"],
  ["Shared\u200B with Pub\u200Dlic", "public"],
  ["Z\u200Bnajomi", "friends"],
  ["Little Mix", null], // an avatar's name
  ["Verified Account", null],
  ["Public figure · 3M followers", null],
  ["Friends of the Earth", null],
];
for (const [label, expected] of CASES) {
  test(`audience of ${JSON.stringify(label)} → ${expected}`, () => assert.equal(audienceFromLabel(label), expected));
}

test("Comet's embedded privacy_scope JSON maps post ids to audiences", () => {
  // story id = base64("S:_I54421674438:1522700938072473"), as in the 2023 Page timeline
  const json = '{"story":{"privacy_scope":{"icon_image":{"name":"everyone"},"description":"Public"},"id":"UzpfSTU0NDIxNjc0NDM4OjE1MjI3MDA5MzgwNzI0NzM="}}'
    + ',{"story":{"privacy_scope":{"icon_image":{"name":"friends"},"description":"Friends"},"id":"UzpfSTU0NDIxNjc0NDM4OjQ0NDQ="}}';
  const { document } = load(`<script type="application/json">${json}</script>`);
  const map = embeddedAudiences(document);
  assert.equal(map.get("1522700938072473"), "public");
  assert.equal(map.get("4444"), "friends");
});
