// The timeline's geometry: bars stacked by verdict, scaled to a round top, inside the drawing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartModel, niceTop } from '../static/js/download/chart.js';

const row = (year, included, excluded = 0, uncertain = 0, pending = 0) => ({
  year, total: included + excluded + uncertain + pending, verdict: { included, excluded, uncertain, pending },
});

test('the axis ends at 1, 2 or 5 times a power of ten', () => {
  assert.deepEqual([0, 1, 3, 6, 10, 11, 2345, 50000].map(niceTop), [1, 1, 5, 10, 10, 20, 5000, 50000]);
});

test('segments stack from the baseline, in verdict order, with heights in proportion', () => {
  const model = chartModel([row(2020, 2, 3), row(2021, 0, 0, 5), row('unknown', 0, 0, 0, 1)], { width: 375 });
  const baseline = model.height - model.plot.bottom;

  assert.equal(model.width, 375);
  assert.equal(model.top, 5);
  const [first, second, third] = model.bars;
  assert.deepEqual(first.segments.map((s) => [s.series, s.count]), [['included', 2], ['excluded', 3]]);
  assert.equal(first.segments[0].y + first.segments[0].height, baseline);
  assert.equal(first.segments[1].y + first.segments[1].height, first.segments[0].y);
  assert.ok(Math.abs(second.segments[0].height - (baseline - model.plot.top)) < 1e-9, 'the tallest bar fills the plot');
  assert.equal(third.year, 'unknown');
  for (const bar of model.bars) {
    assert.ok(bar.x >= model.plot.left && bar.x + bar.width <= model.width - model.plot.right);
  }
});

test('a very narrow or wide screen keeps the drawing between its limits; no years draws no bars', () => {
  assert.equal(chartModel([row(2020, 1)], { width: 100 }).width, 280);
  assert.equal(chartModel([row(2020, 1)], { width: 4000 }).width, 640);
  assert.deepEqual(chartModel([]).bars, []);
});
