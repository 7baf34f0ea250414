// The report, drawn with DOM calls only (no HTML strings): what was read, by year and kind; what
// the service says of it, by year and verdict, as a chart and as a table; and what went wrong.
import { chartModel, drawChart, SERIES } from "./chart.js";
import { kindRows, tallyByYear } from "./tally.js";
import { fatalKey, KIND_KEYS, PROBLEM_KEYS, SERIES_KEYS } from "./words.js";
import { KINDS } from "../export/index.js";
import { element } from "../dom.js";

function table(document, caption, head, rows) {
  const wrapper = element(document, "div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": caption });
  const node = element(document, "table");
  node.append(element(document, "caption", {}, caption));
  const headRow = element(document, "tr");
  head.forEach((label, i) => headRow.append(element(document, "th", { scope: "col", class: i ? "number" : "" }, label)));
  const thead = element(document, "thead");
  thead.append(headRow);
  node.append(thead);
  const body = element(document, "tbody");
  for (const [label, ...cells] of rows) {
    const row = element(document, "tr");
    row.append(element(document, "th", { scope: "row" }, label));
    for (const cell of cells) row.append(element(document, "td", { class: "number" }, cell));
    body.append(row);
  }
  node.append(body);
  wrapper.append(node);
  return wrapper;
}

export function yearLabel(t, year) {
  if (year === "unknown") return t("yearUnknown");
  if (year === "total") return t("totalRow");
  return String(year);
}

/** What was read: items by year and kind, and the files read and skipped. */
export function drawCounts(document, container, t, report, number) {
  const { kinds, rows } = kindRows(report.counts.byYear, KINDS);
  const head = [t("yearColumn"), ...kinds.map((kind) => t(KIND_KEYS[kind])), t("totalRow")];
  const body = rows.map((row) => [yearLabel(t, row.year), ...kinds.map((kind) => number(row.byKind[kind] ?? 0)), number(row.total)]);
  body.push([t("totalRow"), ...kinds.map((kind) => number(report.counts.byKind[kind] ?? 0)), number(report.counts.total)]);
  const files = report.files;
  container.replaceChildren(
    element(document, "p", { class: "summary", id: "read-summary" }, t("readSummary", {
      items: number(report.counts.total), files: number(files.read), skipped: number(files.skipped + files.html), media: number(files.media),
    })),
    table(document, t("countsCaption"), head, body),
  );
}

/** The service's answers: a sentence per fact that matters, the chart and its table. */
export function drawVerdicts(document, container, t, { items, slots, outcomes, number }) {
  const { years, total } = tallyByYear(items, slots, outcomes);
  const lines = [
    ["line-used", t("lineUsedNow", { count: number(total.verdict.included), total: number(total.total) })],
    ["line-not-used", t("lineNotUsedNow", { count: number(total.verdict.excluded) })],
    ["line-unclear", t("lineUnclearNow", { count: number(total.verdict.uncertain) })],
    ["line-already", t("lineAlreadyUsed", { count: number(total.already.yes), unknown: number(total.already.unknown) })],
    ["line-objection", t("lineObjectionStops", { count: number(total.objectionStops) })],
  ];
  if (total.conditional > 0) lines.push(["line-conditional", t("lineConditional", { count: number(total.conditional) })]);
  const list = element(document, "ul", { class: "verdict-lines" });
  for (const [id, text] of lines) list.append(element(document, "li", { id }, text));

  const series = SERIES.filter((name) => total.verdict[name] > 0);
  const model = chartModel(years, { width: container.clientWidth || undefined });
  const peak = years.reduce((best, row) => (row.total > (best?.total ?? -1) ? row : best), null);
  const chart = drawChart(document, model, {
    title: t("chartTitle"),
    description: t("chartDescription", {
      years: number(years.length), total: number(total.total),
      peak: peak ? yearLabel(t, peak.year) : "", peakCount: number(peak?.total ?? 0),
    }),
    number,
    unknownYear: t("yearUnknownShort"),
  });
  const legend = element(document, "ul", { class: "legend", "aria-hidden": "true" });
  for (const name of series) {
    const entry = element(document, "li");
    entry.append(element(document, "span", { class: `swatch series-${name}` }), t(SERIES_KEYS[name]));
    legend.append(entry);
  }
  const head = [t("yearColumn"), t("itemsColumn"), ...series.map((name) => t(SERIES_KEYS[name])), t("colAlready"), t("colObjection")];
  const rows = [...years, total].map((row) => [
    yearLabel(t, row.year), number(row.total), ...series.map((name) => number(row.verdict[name])),
    number(row.already.yes), number(row.objectionStops),
  ]);
  const figure = element(document, "figure", { class: "timeline" });
  figure.append(chart, legend);
  container.replaceChildren(list, figure, table(document, t("verdictsCaption"), head, rows));
}

/** A fatal error (translated) and what was still read, and every problem met on the way. */
export function drawProblems(document, container, t, report, number) {
  const nodes = [];
  if (report.error) {
    const box = element(document, "div", { class: "error-box", id: "read-error" });
    box.append(element(document, "p", { class: "error" }, t(fatalKey(report.error.code))));
    box.append(element(document, "p", {}, t("stillRead", { items: number(report.counts.total), files: number(report.files.read) })));
    box.append(element(document, "p", { class: "help" }, t("nothingSent")));
    nodes.push(box);
  }
  if (report.problems.length > 0) {
    const list = element(document, "ul", { class: "problems", id: "read-problems" });
    for (const problem of report.problems) {
      const key = PROBLEM_KEYS[problem.code];
      if (key) list.append(element(document, "li", {}, t(key, { count: number(problem.count) })));
    }
    nodes.push(element(document, "h3", {}, t("problemsHeading")), list);
  }
  container.replaceChildren(...nodes);
  container.hidden = nodes.length === 0;
}
