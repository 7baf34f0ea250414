#!/usr/bin/env node
// The extension's side of its contract with the service, checked against the service's own OpenAPI
// document (and its objection facts), so the two cannot drift apart unnoticed:
//
// - every request the extension's real API client sends (account, refresh, explain with every
//   value of the vocabulary, preferences read and written in every objection state and scope) is
//   a documented operation and valid against its request schema;
// - every answer of test/helpers/fake-service.js, which the Node tests take for the service, is
//   valid against the documented response for its status, with no field the service lacks;
// - the vocabulary in src/platforms.js equals (or, where the extension sends only some of the
//   service's values, is contained in) the service's enums; batch sizes fit its limits.
//
//   node tools/contract.mjs openapi.json      (tests/extension/test_contract.py writes the document)
//
// Exits 1 and names each mismatch. test/contract.test.js proves each kind of drift is caught.

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createApiClient } from "../src/background/api-client.js";
import { createExplainCache } from "../src/background/explain-cache.js";
import { MAX_BATCH, createExplainService } from "../src/background/explain-service.js";
import { createPreferencesService } from "../src/background/preferences.js";
import {
  AUDIENCES, AUTHORS, AUTHOR_AGES, KINDS, OBJECTION_STATES, PLATFORMS, SCOPES, VERDICTS,
} from "../src/platforms.js";
import { fakeService } from "../test/helpers/fake-service.js";
import { schemaAt, validate } from "./json-schema.mjs";

/**
 * What the extension holds, and where the service's document says the same: an operation, "request"
 * or a response status, and a path into that body. `equal`: the same values; `subset`: the
 * extension uses only some of the service's values (it sends no "threads", reads no "message").
 */
export const VOCABULARY = [
  ["PLATFORMS", PLATFORMS, "POST /v1/explain", "request", "items[].platform", "subset"],
  ["PLATFORMS", PLATFORMS, "PUT /v1/me/preferences", "request", "accounts[].platform", "equal"],
  ["KINDS", KINDS, "POST /v1/explain", "request", "items[].kind", "subset"],
  ["AUDIENCES", AUDIENCES, "POST /v1/explain", "request", "items[].audience", "equal"],
  ["AUTHORS", AUTHORS, "POST /v1/explain", "request", "items[].author", "equal"],
  ["AUTHOR_AGES", AUTHOR_AGES, "POST /v1/explain", "request", "items[].author_age", "equal"],
  ["VERDICTS", VERDICTS, "POST /v1/explain", "200", "results[].verdict", "equal"],
  ["VERDICTS", VERDICTS, "POST /v1/explain", "200", "results[].flip[].verdict", "equal"],
  ["VERDICTS", VERDICTS, "POST /v1/explain", "200", "results[].condition.verdict", "equal"],
  ["OBJECTION_STATES", OBJECTION_STATES, "PUT /v1/me/preferences", "request", "accounts[].objection.state", "equal"],
  ["OBJECTION_STATES", OBJECTION_STATES, "GET /v1/me/preferences", "200", "accounts[].objection.state", "equal"],
  ["SCOPES", SCOPES, "PUT /v1/me/preferences", "request", "scope[]", "equal"],
  ["SCOPES", SCOPES, "GET /v1/me/preferences", "200", "scope[]", "equal"],
  ["SCOPES", SCOPES, "POST /v1/explain", "request", "objection.scope[]", "equal"],
];

/** The schema of an operation's request body ("request") or of its answer with that status. */
export function bodySchema(openapi, operation, which) {
  const [method, path] = operation.split(" ");
  const op = openapi.paths?.[path]?.[method.toLowerCase()];
  if (!op) return { error: `${operation} is not in the service's document` };
  const holder = which === "request" ? op.requestBody : op.responses?.[which];
  if (!holder) return { error: `${operation} documents no ${which === "request" ? "request body" : `${which} answer`}` };
  const content = holder.content ?? {};
  const schema = (content["application/json"] ?? content["application/problem+json"])?.schema;
  return schema ? { schema } : { error: `${operation} ${which}: no JSON schema` };
}

/** The values a schema allows: its enum, its const, or those of its branches. */
function valuesOf(openapi, schema) {
  const s = schemaAt(openapi, schema, "");
  if (!s) return null;
  if (Array.isArray(s.enum)) return s.enum;
  if ("const" in s) return [s.const];
  const branches = s.anyOf ?? s.oneOf;
  if (!branches) return null;
  const all = branches.map((b) => valuesOf(openapi, b)).filter((v) => v !== null);
  return all.length ? all.flat() : null;
}

function compareVocabulary(openapi) {
  const out = [];
  for (const [name, ours, operation, which, path, relation] of VOCABULARY) {
    const where = `${name} vs ${operation} ${which} ${path}`;
    const found = bodySchema(openapi, operation, which);
    if (found.error) { out.push(`${where}: ${found.error}`); continue; }
    const theirs = valuesOf(openapi, schemaAt(openapi, found.schema, path));
    if (!theirs) { out.push(`${where}: the service's document has no enum there`); continue; }
    const unknown = ours.filter((v) => !theirs.includes(v));
    const missing = theirs.filter((v) => !ours.includes(v));
    if (unknown.length) out.push(`${where}: the service does not know ${JSON.stringify(unknown)}`);
    if (relation === "equal" && missing.length) out.push(`${where}: the extension lacks ${JSON.stringify(missing)}`);
  }
  const items = bodySchema(openapi, "POST /v1/explain", "request");
  const maxItems = items.schema ? schemaAt(openapi, items.schema, "items")?.maxItems : undefined;
  if (typeof maxItems === "number" && MAX_BATCH > maxItems) {
    out.push(`MAX_BATCH ${MAX_BATCH} vs POST /v1/explain request items: the service takes at most ${maxItems}`);
  }
  return out;
}

/** Facts covering every value of the vocabulary, one dimension at a time. */
function everyFact() {
  const base = { platform: "facebook", kind: "post", audience: "public", created_at: "2024-05-01", author: "self", author_age: "unknown" };
  const variants = [
    ...PLATFORMS.map((platform) => ({ platform })), ...KINDS.map((kind) => ({ kind })),
    ...AUDIENCES.map((audience) => ({ audience })), ...AUTHORS.map((author) => ({ author })),
    ...AUTHOR_AGES.map((age) => ({ author_age: age })), { created_at: null },
  ];
  return variants.map((v, i) => ({ ...base, ...v, key: i.toString(16).padStart(16, "0"), ref: (i + 0x100).toString(16).padStart(16, "a") }));
}

/** Preferences the popup can send: every objection state, every scope, long texts cut to size. */
function everyPreferences() {
  const accounts = (state) => PLATFORMS.map((platform) => ({
    platform, profile: `  ${"x".repeat(400)}  `, objection: { state, rejected_reason: "y".repeat(600), submitted_on: "2025-05-20" },
  }));
  return [
    ...OBJECTION_STATES.map((state) => ({ region: "de", accounts: accounts(state), scope: "all", listed: true })),
    { region: null, accounts: [], scope: [...SCOPES], listed: false },
    ...SCOPES.map((s) => ({ region: "", accounts: [{ platform: PLATFORMS[0], objection: {} }], scope: [s] })),
  ];
}

/**
 * Run the extension's real API client, explain service and preferences service against the fake
 * service, and record every exchange: {method, path, body, status, answer}.
 */
export async function exchanges() {
  const service = fakeService();
  const seen = [];
  const fetch = async (url, init = {}) => {
    const res = await service.fetch(url, init);
    const answer = await res.clone().json().catch(() => undefined);
    const { pathname } = new URL(url);
    seen.push({ method: init.method ?? "GET", path: pathname, body: init.body === undefined ? undefined : JSON.parse(init.body), status: res.status, answer });
    return res;
  };
  let auth = null;
  const api = createApiClient({ fetch, apiBase: async () => "http://service.test", loadAuth: async () => auth, saveAuth: async (a) => { auth = a; } });
  const session = new Map();
  const cache = createExplainCache({
    get: async (keys) => Object.fromEntries(keys.filter((k) => session.has(k)).map((k) => [k, session.get(k)])),
    set: async (values) => { for (const [k, v] of Object.entries(values)) session.set(k, v); },
    remove: async (keys) => { for (const k of keys) session.delete(k); },
  });
  await createExplainService({ api, cache }).explain(everyFact());
  let record = {};
  const preferences = createPreferencesService({
    api, store: { load: async () => record, save: async (values) => { record = { ...record, ...values }; } },
  });
  await preferences.get({ refresh: true });
  for (const input of everyPreferences()) await preferences.save(input);
  service.expireAll(); // the next call gets 401, refreshes its tokens and retries
  await preferences.get({ refresh: true });
  return seen;
}

/** Mismatches of the recorded exchanges with the document. */
export function compareExchanges(openapi, seen) {
  const out = [];
  const operations = new Set();
  for (const { method, path, body, status, answer } of seen) {
    const operation = `${method} ${path}`;
    const request = bodySchema(openapi, operation, "request");
    if (body !== undefined) {
      if (request.error) out.push(`the extension sends ${operation} a body: ${request.error}`);
      else for (const e of validate(openapi, request.schema, body)) out.push(`${operation} request: ${e}`);
    } else if (!request.error && openapi.paths[path][method.toLowerCase()].requestBody?.required) {
      out.push(`${operation}: the service needs a body the extension does not send`);
    }
    const response = bodySchema(openapi, operation, String(status));
    const key = `${operation} ${status}`;
    if (operations.has(key)) continue; // each kind of answer is checked once
    operations.add(key);
    if (response.error) { out.push(`the fake service answers ${key}: ${response.error}`); continue; }
    for (const e of validate(openapi, response.schema, answer, { closed: true })) out.push(`the fake service's ${key} answer: ${e}`);
  }
  return [...new Set(out.map((m) => m.replace(/\[\d+\]/g, "[]")))]; // one line for all the items alike
}

/** Every mismatch between the extension and the service's document. */
export async function contractMismatches(openapi) {
  return [...compareVocabulary(openapi), ...compareExchanges(openapi, await exchanges())];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [openapiPath] = process.argv.slice(2);
  if (!openapiPath) {
    process.stderr.write("usage: node tools/contract.mjs openapi.json\n");
    process.exit(2);
  }
  const mismatches = await contractMismatches(JSON.parse(readFileSync(openapiPath, "utf8")));
  for (const m of mismatches) process.stdout.write(`mismatch: ${m}\n`);
  process.stdout.write(`${mismatches.length} mismatch(es) between the extension and the service\n`);
  process.exitCode = mismatches.length ? 1 : 0;
}
