// The page rules as a data document, `{version, issued_at, rules}`: the bundled copy (every export
// of page-rules.js, the one data module; the floor every newer version must beat) and the check
// and compilation of a document the service published. Data only: a RegExp travels as
// `{re, flags}` and is rebuilt with `new RegExp`; nothing in a document is ever run as code.

import {
  AGO, AUDIENCE_BY_VALUE, AUDIENCE_PREFIXES, AUDIENCE_WORDS, EDIT_PRIVACY, EDIT_PROFILE, FB, FOLLOW, GROUP_HEADER_WORDS, IG,
  JUST_NOW, MONTHS, NUMBERED_DATES, PRIVATE_ACCOUNT, RELATIVE, RELATIVE_UNITS, SHARED_WITH, SPONSORED, SPONSORED_LABELS,
  YESTERDAY, YESTERDAY_WORDS,
} from "../page-rules.js";

/** The bundled rules' version: a published document must be higher (date-based: yyyymmddnn). */
export const BUNDLED_RULES_VERSION = 2026120502;
const BUNDLED_ISSUED_AT = "2026-12-05T12:00:00Z";

/** Every rule by name, as the readers use them: page-rules.js's exports (test/page-rules.test.js checks none is left out). */
export const BUNDLED_RULES = Object.freeze({
  FB, IG, AUDIENCE_PREFIXES, AUDIENCE_WORDS, GROUP_HEADER_WORDS, SPONSORED_LABELS, MONTHS, YESTERDAY, RELATIVE_UNITS,
  SHARED_WITH, EDIT_PRIVACY, SPONSORED, RELATIVE, JUST_NOW, YESTERDAY_WORDS, EDIT_PROFILE, FOLLOW, PRIVATE_ACCOUNT,
  AUDIENCE_BY_VALUE, NUMBERED_DATES, AGO,
});

const MAX_DEPTH = 8;
const MAX_STRING = 2000;

/** A rule value as JSON data: RegExps as `{re, flags}`. @param {any} value @returns {any} */
export function toData(value) {
  if (value instanceof RegExp) return { re: value.source, flags: value.flags };
  if (Array.isArray(value)) return value.map(toData);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toData(v)]));
  return value;
}

/** The bundled rules as a document (what `ai-optout page-rules publish` takes, edited). */
export function bundledDocument() {
  return { version: BUNDLED_RULES_VERSION, issued_at: BUNDLED_ISSUED_AT, rules: toData(BUNDLED_RULES) };
}

/**
 * Rebuild one value from data, checking it has the bundled value's shape (a reader given a
 * string where it expects a list would fail on every page). Throws with where it differs.
 * @param {any} data @param {any} like the bundled value @param {string} where @param {number} depth
 * @returns {any}
 */
function compile(data, like, where, depth) {
  if (depth > MAX_DEPTH) throw new Error(`${where}: nested too deep`);
  if (like instanceof RegExp) {
    if (!data || typeof data !== "object" || typeof data.re !== "string" || Object.keys(data).some((k) => k !== "re" && k !== "flags")) {
      throw new Error(`${where}: a RegExp is {re, flags}`);
    }
    const flags = data.flags ?? "";
    if (typeof flags !== "string" || !/^[dgimsuy]{0,7}$/.test(flags)) throw new Error(`${where}: bad RegExp flags`);
    try {
      return new RegExp(data.re, flags);
    } catch {
      throw new Error(`${where}: not a RegExp`);
    }
  }
  if (Array.isArray(like)) {
    if (!Array.isArray(data)) throw new Error(`${where}: a list expected`);
    if (!like.length) return data.map((item, i) => plain(item, `${where}[${i}]`));
    const kinds = new Set(like.map(kindOf));
    if (kinds.size === 1) return data.map((item, i) => compile(item, like[0], `${where}[${i}]`, depth + 1)); // a list
    if (data.length !== like.length) throw new Error(`${where}: ${like.length} entries expected`); // a tuple
    return like.map((part, i) => compile(data[i], part, `${where}[${i}]`, depth + 1));
  }
  if (like && typeof like === "object") {
    if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error(`${where}: an object expected`);
    /** @type {Record<string, any>} */
    const out = {};
    for (const key of Object.keys(like)) {
      if (!(key in data)) throw new Error(`${where}.${key}: missing`);
      out[key] = compile(data[key], like[key], `${where}.${key}`, depth + 1);
    }
    return out;
  }
  if (typeof data !== typeof like) throw new Error(`${where}: a ${typeof like} expected`);
  if (typeof data === "string" && data.length > MAX_STRING) throw new Error(`${where}: too long`);
  return data;
}

/** @param {any} value */
function kindOf(value) {
  if (value instanceof RegExp) return "regexp";
  return Array.isArray(value) ? "array" : typeof value;
}

/** A value with nothing bundled to compare with: strings and numbers only. @param {any} v @param {string} where */
function plain(v, where) {
  if ((typeof v === "string" && v.length <= MAX_STRING) || typeof v === "number") return v;
  throw new Error(`${where}: a string expected`);
}

/**
 * The rules of a document, compiled, after checking the document: its version and date, and
 * every rule the readers use present with its bundled shape (extra rules, for later versions
 * of the extension, are left out). Throws an Error saying what is wrong.
 * @param {any} document
 * @returns {{version: number, rules: typeof BUNDLED_RULES}}
 */
export function compileDocument(document) {
  if (!document || typeof document !== "object" || Array.isArray(document)) throw new Error("not a document");
  const { version, issued_at: issuedAt, rules } = document;
  if (!Number.isSafeInteger(version) || version < 1) throw new Error("version must be a positive integer");
  if (typeof issuedAt !== "string" || Number.isNaN(Date.parse(issuedAt))) throw new Error("issued_at must be a date");
  if (!rules || typeof rules !== "object" || Array.isArray(rules)) throw new Error("rules must be an object");
  /** @type {Record<string, any>} */
  const compiled = {};
  for (const [name, like] of Object.entries(BUNDLED_RULES)) {
    if (!(name in rules)) throw new Error(`rules.${name}: missing`);
    compiled[name] = compile(rules[name], like, `rules.${name}`, 1);
  }
  return { version, rules: /** @type {typeof BUNDLED_RULES} */ (Object.freeze(compiled)) };
}
