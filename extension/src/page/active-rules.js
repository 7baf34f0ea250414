// The page rules the readers read with: the bundled ones unless a newer signed document was
// handed in (readPage's `rules`, which sets them for the read). Readers take a rule with `rules()` when they use it, and keep
// what they make of one (folded word lists, maps) with `derived`, which makes it again when the
// rules change: a rules update takes effect on the next scan, without a new extension version.

import { BUNDLED_RULES, BUNDLED_RULES_VERSION } from "./rules-document.js";

/** @typedef {typeof BUNDLED_RULES} Rules */
/** @typedef {{version: number, rules: Rules}} Compiled */

let active = { version: BUNDLED_RULES_VERSION, rules: BUNDLED_RULES };

/** The rules in use. @returns {Rules} */
export function rules() {
  return active.rules;
}

/** The version of the rules in use (what a page report names). */
export function rulesVersion() {
  return active.version;
}

/**
 * Read with these compiled rules from now on (compileDocument's answer); null: the bundled ones.
 * @param {Compiled|null} compiled
 */
export function useRules(compiled) {
  active = compiled ?? { version: BUNDLED_RULES_VERSION, rules: BUNDLED_RULES };
}

/**
 * A value made from the rules, made again only when the rules in use change.
 * @template T @param {(rules: Rules) => T} make @returns {() => T}
 */
export function derived(make) {
  /** @type {Rules|null} */
  let from = null;
  /** @type {T} */
  let value;
  return () => {
    if (from !== active.rules) {
      value = make(active.rules);
      from = active.rules;
    }
    return value;
  };
}
