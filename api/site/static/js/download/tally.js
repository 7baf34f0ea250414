// From the reader's items and the service's answers to the report's numbers: items with the same
// facts get the same answer, so each distinct set of facts is asked about once and the answer
// counted for every item that has it. Pure: no DOM, no network.

/** The facts an answer depends on, as one string (the audience and age follow from the answers). */
export const factKey = (item) => `${item.platform}|${item.kind}|${item.created_at ?? ""}`;

/** One item per distinct set of facts, in first-seen order, and each item's index among them. */
export function distinctFacts(items) {
  const indexOf = new Map();
  const distinct = [];
  const slots = new Int32Array(items.length);
  items.forEach((item, i) => {
    const key = factKey(item);
    let slot = indexOf.get(key);
    if (slot === undefined) {
      slot = distinct.length;
      indexOf.set(key, slot);
      distinct.push(item);
    }
    slots[i] = slot;
  });
  return { distinct, slots };
}

/** What the report keeps of one answer of `POST /v1/explain`. */
export function outcomeOf(result) {
  return {
    verdict: result.verdict,
    conditional: Boolean(result.condition),
    already: result.may_already_be_used === true ? "yes" : result.may_already_be_used === false ? "no" : "unknown",
    // Objecting (now, to everything) would stop its use from now on.
    objectionStops: result.verdict !== "excluded"
      && result.flip.some((flip) => flip.fact === "objection" && flip.verdict === "excluded"),
  };
}

const emptyRow = (year) => ({
  year, total: 0,
  verdict: { included: 0, excluded: 0, uncertain: 0, pending: 0 },
  already: { yes: 0, no: 0, unknown: 0 },
  conditional: 0, objectionStops: 0,
});

/**
 * Rows by year (oldest first, undated last) and a total row.
 * @param items the reader's items; @param slots their index among the distinct facts
 * @param outcomes the outcome of each distinct set of facts, or null while not yet answered
 */
export function tallyByYear(items, slots, outcomes = []) {
  const rows = new Map();
  const total = emptyRow("total");
  items.forEach((item, i) => {
    const year = item.year ?? "unknown";
    if (!rows.has(year)) rows.set(year, emptyRow(year));
    const outcome = outcomes[slots[i]] ?? null;
    for (const row of [rows.get(year), total]) add(row, outcome);
  });
  const years = [...rows.values()].sort(byYear);
  return { years, total };
}

function add(row, outcome) {
  row.total += 1;
  if (!outcome) {
    row.verdict.pending += 1;
    return;
  }
  row.verdict[outcome.verdict] += 1;
  row.already[outcome.already] += 1;
  if (outcome.conditional) row.conditional += 1;
  if (outcome.objectionStops) row.objectionStops += 1;
}

const byYear = (a, b) => (a.year === "unknown") - (b.year === "unknown") || a.year - b.year;

/** Counts by year × kind as rows: [{year, byKind: {kind: n}, total}], and the kinds present. */
export function kindRows(countsByYear, kinds) {
  const present = kinds.filter((kind) => Object.values(countsByYear).some((row) => row[kind]));
  const years = Object.keys(countsByYear)
    .map((year) => (year === "unknown" ? "unknown" : Number(year)))
    .map((year) => ({ year }))
    .sort(byYear);
  const rows = years.map(({ year }) => {
    const byKind = countsByYear[year] ?? {};
    return { year, byKind, total: Object.values(byKind).reduce((sum, n) => sum + n, 0) };
  });
  return { kinds: present, rows };
}
