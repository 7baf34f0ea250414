import { test } from "node:test";
import assert from "node:assert/strict";
import { createApiClient } from "../src/background/api-client.js";
import { RECHECK_MS, cleanPreferences, createPreferencesService, objectionsByPlatform } from "../src/background/preferences.js";
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
    accounts: [{ platform: "facebook", profile: "https://www.facebook.com/jane.doe", objection: { state: "submitted", submitted_on: TODAY, confirmed_on: null, rejected_reason: null, withdrawn_on: null } }],
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

test("a withdrawn objection keeps its day (today when not given); each date goes only with its state", () => {
  const clean = (objection, extra = {}) => cleanPreferences({ ...INPUT, accounts: [{ platform: "facebook", objection, ...extra }] }, TODAY).body.accounts[0];
  assert.deepEqual(clean({ state: "withdrawn", submitted_on: "2025-05-20", withdrawn_on: "2025-09-01" }).objection,
    { state: "withdrawn", submitted_on: "2025-05-20", confirmed_on: null, rejected_reason: null, withdrawn_on: "2025-09-01" });
  assert.equal(clean({ state: "withdrawn", submitted_on: "2025-05-20" }).objection.withdrawn_on, TODAY);
  // Moved on from withdrawn or confirmed: the old state's day is not sent (the service refuses it).
  assert.equal(clean({ state: "submitted", submitted_on: "2025-05-20", withdrawn_on: "2025-09-01" }).objection.withdrawn_on, null);
  assert.equal(clean({ state: "needs_resubmission", submitted_on: "2025-05-20", confirmed_on: "2025-05-22" }).objection.confirmed_on, null);
  assert.equal(clean({ state: "ready", rejected_reason: "no" }).objection.rejected_reason, null);
});

test("the Accounts Center mark is sent when known and left out otherwise, so the service keeps it", () => {
  const clean = (extra) => cleanPreferences({ ...INPUT, accounts: [{ platform: "instagram", ...extra }] }, TODAY).body.accounts[0];
  assert.equal(clean({ accounts_center: true }).accounts_center, true);
  assert.equal(clean({ accounts_center: false }).accounts_center, false);
  assert.equal("accounts_center" in clean({}), false);
  assert.equal("accounts_center" in clean({ accounts_center: "yes" }), false);
});

test("objectionsByPlatform: the latest filed objection, shared only across accounts marked as one Accounts Center", () => {
  const sent = { state: "submitted", submitted_on: "2025-05-20" };
  const withdrawn = { state: "withdrawn", submitted_on: "2025-06-01", withdrawn_on: "2025-09-01" };
  const fb = { platform: "facebook", objection: sent, accounts_center: true };
  assert.deepEqual(objectionsByPlatform({ scope: "all", accounts: [fb, { platform: "instagram", accounts_center: true }] }), {
    facebook: { filed_on: "2025-05-20", scope: "all" }, instagram: { filed_on: "2025-05-20", scope: "all" },
  });
  assert.deepEqual(objectionsByPlatform({ scope: "all", accounts: [fb, { platform: "instagram" }] }), { facebook: { filed_on: "2025-05-20", scope: "all" } });
  const both = objectionsByPlatform({ scope: ["posts"], accounts: [fb, { platform: "instagram", objection: withdrawn, accounts_center: true }] });
  assert.deepEqual(both.facebook, { filed_on: "2025-06-01", scope: ["posts"], withdrawn_on: "2025-09-01" });
  assert.deepEqual(objectionsByPlatform({ accounts: [{ platform: "facebook", objection: { state: "ready" } }] }), {});
  assert.deepEqual(objectionsByPlatform(null), {});
});

test("listed is off unless it is exactly true; scope 'all' passes", () => {
  assert.equal(cleanPreferences({ ...INPUT, listed: "yes", scope: "all" }, TODAY).body.listed, false);
  assert.equal(cleanPreferences({ ...INPUT, scope: "all" }, TODAY).body.scope, "all");
});

function setup() {
  const service = fakeService();
  let auth = null;
  let saved = {};
  let changes = 0;
  let epochs = 0; // how often the store was told the record changed (it bumps verdictEpoch)
  const clock = { now: Date.parse("2026-11-26T10:00:00Z") };
  const api = createApiClient({ fetch: service.fetch, apiBase: async () => "http://127.0.0.1:8000", loadAuth: async () => auth, saveAuth: async (a) => { auth = a; } });
  const store = { load: async () => saved, save: async (v, how) => { saved = { ...saved, ...v }; if (how?.changed) epochs += 1; } };
  const prefs = createPreferencesService({ api, store, onChange: async () => { changes += 1; }, today: () => TODAY, now: () => clock.now });
  return { service, prefs, clock, stored: () => saved, changes: () => changes, epochs: () => epochs };
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

test("issue 1: a fresh read showing another ETag (a change made elsewhere) tells the store and drops cached verdicts", async () => {
  const { service, prefs, changes, epochs } = setup();
  await prefs.get({ refresh: true });
  assert.equal(epochs(), 0, "the first read is no change");
  await prefs.get({ refresh: true });
  assert.equal(epochs(), 0, "the same version again is no change");
  service.bumpVersion(); // another device saves
  const read = await prefs.get({ refresh: true }); // the popup opens
  assert.equal(read.etag, '"v2"');
  assert.equal(epochs(), 1);
  assert.equal(changes(), 1);
});

test("issue 1: a 412 re-read counts as a change; the stale answer carries the new ETag", async () => {
  const { service, prefs, epochs } = setup();
  await prefs.get({ refresh: true });
  service.bumpVersion();
  const answer = await prefs.save(INPUT);
  assert.equal(answer.code, "stale");
  assert.equal(answer.etag, '"v2"');
  assert.equal(epochs(), 1);
});

test("issue 1: refreshIfDue reads the record when none was read, then only after five minutes", async () => {
  const { service, prefs, clock, epochs } = setup();
  const reads = () => service.calls.filter((c) => c.method === "GET" && c.path === "/v1/me/preferences").length;
  const first = await prefs.refreshIfDue();
  assert.equal(first.known, false);
  assert.equal(await prefs.refreshIfDue(), first, "one re-read at a time");
  await first.done;
  assert.equal(reads(), 1);
  assert.equal(await prefs.refreshIfDue(), null, "just read");
  clock.now += RECHECK_MS - 1000;
  assert.equal(await prefs.refreshIfDue(), null);
  service.bumpVersion(); // changed on another device
  clock.now += 2000;
  const due = await prefs.refreshIfDue();
  assert.equal(due.known, true);
  await due.done;
  assert.equal(reads(), 2);
  assert.equal(epochs(), 1, "the change found is told");
});

test("refreshIfDue: a failed re-read is not tried again for a minute", async () => {
  const { service, prefs, clock } = setup();
  service.hooks["GET /v1/me/preferences"] = () => new Response("{}", { status: 503, headers: { "Content-Type": "application/problem+json" } });
  await (await prefs.refreshIfDue()).done;
  assert.equal(await prefs.refreshIfDue(), null);
  clock.now += 61_000;
  delete service.hooks["GET /v1/me/preferences"];
  await (await prefs.refreshIfDue()).done;
  assert.equal(service.calls.filter((c) => c.path === "/v1/me/preferences").length, 2);
});

test("save sends the ETag the popup showed: a change the background read meanwhile is not overwritten unseen", async () => {
  const { service, prefs } = setup();
  const shown = await prefs.get({ refresh: true });
  service.bumpVersion(); // another device saves …
  await prefs.get({ refresh: true }); // … and the background reads it while explaining
  const answer = await prefs.save(INPUT, shown.etag);
  assert.equal(answer.code, "stale");
  assert.equal(service.calls.find((c) => c.method === "PUT").ifMatch, '"v1"');
  const again = await prefs.save(INPUT, answer.etag);
  assert.equal(again.ok, true);
  assert.equal(again.etag, '"v3"');
});
