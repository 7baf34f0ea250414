// The timeline: items by year as stacked bars, one colour per verdict, drawn as SVG by this code
// (no chart library). The geometry is pure (`chartModel`, tested in Node); `drawChart` turns it
// into elements with a title and a description, and the page puts a table beside it.

export const SERIES = ["included", "excluded", "uncertain", "pending"];
const SVG = "http://www.w3.org/2000/svg";
// The SVG's units are the screen's pixels at the width it is drawn for, so its text stays legible
// on a phone; wider than MAX_WIDTH it is only scaled up.
const MAX_WIDTH = 640;
const MIN_WIDTH = 280;
const HEIGHT = 240;
const PLOT = { left: 48, right: 8, top: 12, bottom: 28 };

/** A "nice" top for the axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceTop(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= max);
}

/** Bars (x, width) and their segments (series, y, height, count) in the SVG's own units. */
export function chartModel(years, { width = MAX_WIDTH } = {}) {
  const chartWidth = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));
  const top = niceTop(Math.max(0, ...years.map((row) => row.total)));
  const plotWidth = chartWidth - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / Math.max(years.length, 1);
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  const scale = (n) => (n / top) * plotHeight;
  const bars = years.map((row, i) => {
    let base = HEIGHT - PLOT.bottom;
    const segments = [];
    for (const series of SERIES) {
      const count = row.verdict[series];
      if (!count) continue;
      const height = scale(count);
      base -= height;
      segments.push({ series, count, y: base, height });
    }
    return { year: row.year, total: row.total, x: PLOT.left + i * slot + (slot - barWidth) / 2, width: barWidth, segments };
  });
  const ticks = [0, top / 2, top].map((value) => ({ value, y: HEIGHT - PLOT.bottom - scale(value) }));
  return { width: chartWidth, height: HEIGHT, plot: PLOT, top, ticks, bars };
}

function node(document, tag, attributes = {}, text = null) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== null) element.textContent = text;
  return element;
}

/**
 * The chart as an <svg role="img"> named by its <title> and described by its <desc>.
 * @param labels {title, description, year(y), series: {included…}, unknownYear}
 */
export function drawChart(document, model, labels, idPrefix = "timeline") {
  const svg = node(document, "svg", {
    viewBox: `0 0 ${model.width} ${model.height}`, role: "img", class: "chart",
    "aria-labelledby": `${idPrefix}-title ${idPrefix}-desc`, preserveAspectRatio: "xMidYMid meet",
  });
  svg.append(node(document, "title", { id: `${idPrefix}-title` }, labels.title));
  svg.append(node(document, "desc", { id: `${idPrefix}-desc` }, labels.description));
  const axis = node(document, "g", { class: "axis", "aria-hidden": "true" });
  for (const tick of model.ticks) {
    axis.append(node(document, "line", { x1: model.plot.left, x2: model.width - model.plot.right, y1: tick.y, y2: tick.y }));
    axis.append(node(document, "text", { x: model.plot.left - 6, y: tick.y + 4, "text-anchor": "end" }, labels.number(tick.value)));
  }
  svg.append(axis);
  const bars = node(document, "g", { class: "bars", "aria-hidden": "true" });
  const labelEvery = Math.ceil(model.bars.length / 12);
  model.bars.forEach((bar, i) => {
    for (const segment of bar.segments) {
      bars.append(node(document, "rect", {
        class: `series-${segment.series}`, x: bar.x, y: segment.y, width: bar.width, height: Math.max(segment.height, 0.5),
      }));
    }
    if (i % labelEvery === 0 || i === model.bars.length - 1) {
      const year = bar.year === "unknown" ? labels.unknownYear : String(bar.year);
      bars.append(node(document, "text", { x: bar.x + bar.width / 2, y: model.height - 8, "text-anchor": "middle" }, year));
    }
  });
  svg.append(bars);
  return svg;
}
