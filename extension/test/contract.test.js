// The contract check (tools/contract.mjs) can fail: fed the service's document with one thing
// changed, it names the change. test/fixtures/openapi-excerpt.json is the service's document cut
// to the operations the extension uses, as of when it was taken; the check against the live
// document runs in tests/extension/test_contract.py.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { contractMismatches } from "../tools/contract.mjs";
import { validate } from "../tools/json-schema.mjs";

const EXCERPT = JSON.parse(readFileSync(new URL("./fixtures/openapi-excerpt.json", import.meta.url), "utf8"));
const schema = (doc, name) => doc.components.schemas[name];

/** The excerpt with `change` applied to a copy. */
function altered(change) {
  const doc = structuredClone(EXCERPT);
  change(doc);
  return doc;
}

test("the excerpt of the service's document matches the extension", async () => {
  assert.deepEqual(await contractMismatches(EXCERPT), []);
});

const DRIFTS = [
  ["a kind the service no longer knows", (d) => { schema(d, "ExplainItem").properties.kind.enum = ["post", "comment"]; },
    /KINDS vs POST \/v1\/explain request items\[\]\.kind: the service does not know .*"reply"/],
  ["an audience the extension lacks", (d) => { schema(d, "ExplainItem").properties.audience.enum.push("subscribers"); },
    /AUDIENCES vs .*: the extension lacks \["subscribers"\]/],
  ["a renamed objection state", (d) => {
    const states = schema(d, "Objection").properties.state.enum;
    states[states.indexOf("needs_resubmission")] = "resubmit";
  }, /OBJECTION_STATES vs PUT \/v1\/me\/preferences request accounts\[\]\.objection\.state: the service does not know \["needs_resubmission"\]/],
  ["a new verdict", (d) => { schema(d, "ItemResult").properties.verdict.enum.push("partly"); },
    /VERDICTS vs POST \/v1\/explain 200 results\[\]\.verdict: the extension lacks \["partly"\]/],
  ["a scope dropped", (d) => { schema(d, "PreferencesIn").properties.scope.anyOf[1].items.enum.pop(); },
    /SCOPES vs PUT \/v1\/me\/preferences request scope\[\]: the service does not know \["ai_chats"\]/],
  ["a platform the service stops linking", (d) => { schema(d, "LinkedAccountIn").properties.platform.enum = ["facebook"]; },
    /PLATFORMS vs PUT .*accounts\[\]\.platform: the service does not know \["instagram"\]/],
  ["smaller explain batches", (d) => { schema(d, "ExplainRequest").properties.items.maxItems = 100; },
    /MAX_BATCH 500 vs POST \/v1\/explain request items: the service takes at most 100/],
  ["a request field renamed", (d) => {
    const item = schema(d, "ExplainItem");
    item.properties.age_band = item.properties.author_age;
    delete item.properties.author_age;
  }, /POST \/v1\/explain request: items\[\]\.author_age: not a field the service knows/],
  ["a new required request field", (d) => { schema(d, "ExplainItem").required.push("language"); },
    /POST \/v1\/explain request: items\[\]\.language: missing/],
  ["a shorter profile limit", (d) => { schema(d, "LinkedAccountIn").properties.profile.anyOf[0].maxLength = 100; },
    /PUT \/v1\/me\/preferences request: accounts\[\]\.profile: .*fits none of its 2 forms \(.*longer than 100/],
  ["a moved route", (d) => { d.paths["/v1/me/settings"] = d.paths["/v1/me/preferences"]; delete d.paths["/v1/me/preferences"]; },
    /the extension sends PUT \/v1\/me\/preferences a body: PUT \/v1\/me\/preferences is not in the service's document/],
  ["a field the service adds to its answer, which the fake service lacks", (d) => { schema(d, "TokenPair").required.push("scope"); },
    /the fake service's POST \/v1\/accounts 201 answer: scope: missing/],
  ["a field the service drops from its answer, which the fake service still sends", (d) => { delete schema(d, "ItemResult").properties.may_already_be_used; },
    /the fake service's POST \/v1\/explain 200 answer: results\[\]\.may_already_be_used: not a field the service knows/],
];

for (const [name, change, expected] of DRIFTS) {
  test(`a drift is named: ${name}`, async () => {
    const found = await contractMismatches(altered(change));
    assert.ok(found.some((m) => expected.test(m)), `expected ${expected}, got:\n${found.join("\n")}`);
  });
}

test("the validator: refs, anyOf, enums, types, lengths, dates, required and unknown fields", () => {
  const doc = { components: { schemas: { A: { type: "object", properties: { d: { type: "string", format: "date" } }, required: ["d"], additionalProperties: false } } } };
  const ref = { $ref: "#/components/schemas/A" };
  const cases = [
    [ref, { d: "2025-01-01" }, []],
    [ref, { d: "2025-1-1" }, ['d: "2025-1-1" is not a date']],
    [ref, {}, ["d: missing"]],
    [ref, { d: "2025-01-01", e: 1 }, ["e: not a field the service knows"]],
    [{ anyOf: [{ type: "string", maxLength: 2 }, { type: "null" }] }, null, []],
    [{ anyOf: [{ type: "string", maxLength: 2 }, { type: "null" }] }, "abc", ['(body): "abc" fits none of its 2 forms ((body): longer than 2 (3); (body): "abc" is not of type null)']],
    [{ type: "array", items: { enum: ["x"] }, maxItems: 1 }, ["x", "y"], ["(body): more than 1 items (2)", '[1]: "y" is not one of ["x"]']],
    [{ type: "integer" }, 1.5, ["(body): 1.5 is not of type integer"]],
    [{ const: "all" }, "all", []],
  ];
  for (const [s, value, errors] of cases) assert.deepEqual(validate(doc, s, value), errors, JSON.stringify([s, value]));
  assert.deepEqual(validate({}, { type: "object", properties: { a: {} } }, { b: 1 }, { closed: true }), ["b: not a field the service knows"]);
  assert.deepEqual(validate({}, { type: "object", properties: { a: {} } }, { b: 1 }), [], "open by default, as JSON Schema");
});
