import { test } from "node:test";
import assert from "node:assert/strict";
import { createApiClient } from "../src/background/api-client.js";
import { cleanPreferences, createPreferencesService } from "../src/background/preferences.js";
import { fakeService } from "./helpers/fake-service.js";

const TODAY = "2026-11-26";
const INPUT = {
  region: "de",
  accounts: [{ platform: "facebook", profile: " https://www.facebook.com/jane.doe ", objection: { state: "submitted" } }],
  scope: ["posts", "comments", "posts"],
  listed: true,
  extra: "ignored",
};

test("cleanPreferences keeps known fields only, upper-cases the region and dates a submitted objection", () => {
  assert.deepEqual(cleanPreferences(INPUT, TODAY).body, {
    region: "DE",
    accounts: [{ platform: "facebook", profile: "https://www.facebook.com/jane.doe", objection: { state: "submitted", submitted_on: TODAY, confirmed_on: null, rejected_reason: null } }],
    scope: ["posts", "comments"],
    listed: true,
  });
});

for (const [name, input, field] of [
  ["region", { ...INPUT, region: "Germany" }, "region"],
  ["platform", { ...INPUT, accounts: [{ platform: "tiktok" }] }, "accounts.platform"],
  ["duplicate platform", { ...INPUT, accounts: [{ platform: "facebook" }, { platform: "facebook" }] }, "accounts.platform"],
  ["state", { ...INPUT, accounts: [{ platform: "instagram", objection: { state: "done" } }] }, "accounts.objection.state"],
  ["scope", { ...INPUT, scope: ["everything"] }, "scope"],
  ["empty scope", { ...INPUT, scope: [] }, "scope"],
]) {
  test(`cleanPreferences refuses a bad ${name}`, () => assert.equal(cleanPreferences(input, TODAY).error, field));
}

test("listed is off unless it is exactly true; scope 'all' passes", () => {
  assert.equal(cleanPreferences({ ...INPUT, listed: "yes", scope: "all" }, TODAY).body.listed, false);
  assert.equal(cleanPreferences({ ...INPUT, scope: "all" }, TODAY).body.scope, "all");
});

function setup() {
  const service = fakeService();
  let auth = null;
  let saved = {};
  let changes = 0;
  const api = createApiClient({ fetch: service.fetch, apiBase: async () => "http://127.0.0.1:8000", loadAuth: async () => auth, saveAuth: async (a) => { auth = a; } });
  const store = { load: async () => saved, save: async (v) => { saved = { ...saved, ...v }; } };
  const prefs = createPreferencesService({ api, store, onChange: async () => { changes += 1; }, today: () => TODAY });
  return { service, prefs, stored: () => saved, changes: () => changes };
}

test("save: GET for the ETag, PUT with If-Match, keep the receipt and the person's handles", async () => {
  const { service, prefs, stored, changes } = setup();
  const answer = await prefs.save(INPUT);
  assert.equal(answer.ok, true);
  const put = service.calls.find((c) => c.method === "PUT");
  assert.equal(put.ifMatch, '"v1"');
  assert.equal(answer.receipt.position, 2);
  assert.equal(stored().etag, '"v2"');
  assert.deepEqual(stored().profiles, { facebook: "https://www.facebook.com/jane.doe", instagram: null });
  assert.equal(stored().receipt.event_hash.length, 64);
  assert.equal(changes(), 1, "saved preferences invalidate cached verdicts");
  await prefs.save({ ...INPUT, listed: false });
  assert.equal(service.calls.filter((c) => c.method === "PUT")[1].ifMatch, '"v2"', "the stored ETag is reused");
});

test("save on a stale ETag: 412 → re-read, report 'stale' with the fresh record", async () => {
  const { service, prefs } = setup();
  await prefs.get({ refresh: true });
  service.bumpVersion();
  const answer = await prefs.save(INPUT);
  assert.equal(answer.ok, false);
  assert.equal(answer.code, "stale");
  assert.equal(answer.preferences.version, 2);
});

test("409 is a 'conflict' and 422 'invalid' with the service's field errors", async () => {
  const { service, prefs } = setup();
  const problem = (status, extra = {}) => () => new Response(JSON.stringify({ type: "about:blank", title: "t", status, ...extra }), { status, headers: { "Content-Type": "application/problem+json" } });
  service.hooks["PUT /v1/me/preferences"] = problem(409, { detail: "confirmed needs submitted first" });
  assert.deepEqual([(await prefs.save(INPUT)).code], ["conflict"]);
  service.hooks["PUT /v1/me/preferences"] = problem(422, { errors: [{ field: "accounts[0].profile", message: "not a Facebook profile" }] });
  const invalid = await prefs.save(INPUT);
  assert.equal(invalid.code, "invalid");
  assert.deepEqual(invalid.problem.errors, [{ field: "accounts[0].profile", message: "not a Facebook profile" }]);
});

test("get: stored record unless a refresh is asked for", async () => {
  const { service, prefs } = setup();
  await prefs.get({ refresh: true });
  await prefs.get();
  assert.equal(service.calls.filter((c) => c.path === "/v1/me/preferences").length, 1);
});
