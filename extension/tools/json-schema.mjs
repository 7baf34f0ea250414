// The part of JSON Schema (2020-12, as OpenAPI 3.1 and pydantic write it) that the service's
// document uses: $ref, anyOf/oneOf/allOf, type, enum, const, properties, required,
// additionalProperties, items, min/max items and length, and the date formats. For the contract
// check (tools/contract.mjs); no dependency.

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Follow `$ref`s ("#/components/schemas/X") to the schema they name. */
export function resolve(doc, schema) {
  let s = schema;
  for (let hops = 0; s && typeof s.$ref === "string"; hops += 1) {
    if (hops > 20 || !s.$ref.startsWith("#/")) throw new Error(`cannot follow ${s.$ref}`);
    s = s.$ref.slice(2).split("/").reduce((node, part) => node?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return s ?? null;
}

/**
 * The schema at `path` inside `schema`: property names joined by ".", "[]" for an array's items
 * ("items[].kind", "scope[]", "accounts[].objection.state"). Through anyOf, the branch that has
 * the next step. Null where there is none.
 */
export function schemaAt(doc, schema, path) {
  const steps = path.split(".").filter(Boolean).flatMap((step) => {
    const [name, ...arrays] = step.split("[]");
    return [...(name ? [name] : []), ...arrays.map(() => "[]")];
  });
  let s = resolve(doc, schema);
  for (const step of steps) {
    s = stepInto(doc, s, step);
    if (!s) return null;
  }
  return s;
}

function stepInto(doc, schema, step) {
  const s = resolve(doc, schema);
  if (!s) return null;
  const direct = step === "[]" ? s.items : s.properties?.[step];
  if (direct) return resolve(doc, direct);
  for (const branch of s.anyOf ?? s.oneOf ?? s.allOf ?? []) {
    const found = stepInto(doc, branch, step);
    if (found) return found;
  }
  return null;
}

const TYPES = {
  string: (v) => typeof v === "string",
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === "number" && Number.isFinite(v),
  boolean: (v) => typeof v === "boolean",
  null: (v) => v === null,
  array: (v) => Array.isArray(v),
  object: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
};

/**
 * The ways `value` breaks `schema`, each as "path: what is wrong"; empty when it is valid.
 * `closed`: also report properties the schema does not name (an answer that invents a field).
 * @param {any} doc @param {any} schema @param {unknown} value @param {{closed?: boolean}} [options]
 * @returns {string[]}
 */
export function validate(doc, schema, value, options = {}, at = "") {
  const s = resolve(doc, schema);
  const here = at || "(body)";
  if (!s || s === true) return [];
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const tried = branches.map((b) => validate(doc, b, value, options, at));
    if (!tried.some((errors) => errors.length === 0)) {
      return [`${here}: ${JSON.stringify(value)} fits none of its ${branches.length} forms (${tried.map((e) => e[0]).join("; ")})`];
    }
  }
  const errors = (s.allOf ?? []).flatMap((b) => validate(doc, b, value, options, at));
  if ("const" in s && value !== s.const) return [...errors, `${here}: ${JSON.stringify(value)} is not ${JSON.stringify(s.const)}`];
  if (Array.isArray(s.enum) && !s.enum.includes(value)) return [...errors, `${here}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  const types = s.type === undefined ? [] : [].concat(s.type);
  if (types.length && !types.some((type) => TYPES[type]?.(value))) return [...errors, `${here}: ${JSON.stringify(value)} is not of type ${types.join("|")}`];
  if (typeof value === "string") {
    const length = [...value].length;
    if (s.minLength !== undefined && length < s.minLength) errors.push(`${here}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && length > s.maxLength) errors.push(`${here}: longer than ${s.maxLength} (${length})`);
    if (s.format === "date" && !DATE.test(value)) errors.push(`${here}: ${JSON.stringify(value)} is not a date`);
    if (s.format === "date-time" && !DATE_TIME.test(value)) errors.push(`${here}: ${JSON.stringify(value)} is not a date-time`);
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) errors.push(`${here}: fewer than ${s.minItems} items`);
    if (s.maxItems !== undefined && value.length > s.maxItems) errors.push(`${here}: more than ${s.maxItems} items (${value.length})`);
    if (s.items) value.forEach((v, i) => errors.push(...validate(doc, s.items, v, options, `${at}[${i}]`)));
  }
  if (TYPES.object(value)) {
    const obj = /** @type {Record<string, unknown>} */ (value);
    for (const name of s.required ?? []) if (!(name in obj)) errors.push(`${at ? `${at}.` : ""}${name}: missing`);
    const open = s.additionalProperties !== false && !(options.closed && s.properties && s.additionalProperties === undefined);
    for (const [name, v] of Object.entries(obj)) {
      const path = at ? `${at}.${name}` : name;
      if (s.properties?.[name]) errors.push(...validate(doc, s.properties[name], v, options, path));
      else if (!open) errors.push(`${path}: not a field the service knows`);
      else if (s.additionalProperties && typeof s.additionalProperties === "object") errors.push(...validate(doc, s.additionalProperties, v, options, path));
    }
  }
  return errors;
}
