// What a person types as their profile (a handle, "@handle" or an address from any of the sites'
// hosts) reduces to the one form the badges compare authors with.
import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizeHandle } from "../src/page/handles.js";

const WRITTEN = [
  ["facebook", "Jane.Doe", "jane.doe"],
  ["facebook", "@jane.doe", "jane.doe"],
  ["facebook", "https://www.facebook.com/Jane.Doe", "jane.doe"],
  ["facebook", "web.facebook.com/jane.doe", "jane.doe"],
  ["facebook", "m.facebook.com/jane.doe", "jane.doe"],
  ["facebook", "mbasic.facebook.com/jane.doe", "jane.doe"],
  ["facebook", "touch.facebook.com/jane.doe/", "jane.doe"],
  ["facebook", "https://www.facebook.com/profile.php?id=100012345678", "id:100012345678"],
  ["instagram", "instagram.com/jane_doe", "jane_doe"],
  ["facebook", "evil.com/jane.doe", null],
  ["facebook", "https://notfacebook.com/jane.doe", null],
  ["instagram", "https://www.notinstagram.com/jane_doe", null],
  ["facebook", "https://www.facebook.com/groups", null],
];

for (const [platform, written, expected] of WRITTEN) {
  test(`${platform}: "${written}" is read as ${expected}`, () => {
    assert.equal(normalizeHandle(platform, written), expected);
  });
}
