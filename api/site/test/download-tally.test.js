// The data-download page's numbers: each distinct set of facts asked once, its answer counted
// for every item that has it, by year and verdict.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distinctFacts, kindRows, outcomeOf, tallyByYear } from '../static/js/download/tally.js';

const item = (kind, created_at, platform = 'facebook') => ({
  platform, kind, created_at, year: created_at ? Number(created_at.slice(0, 4)) : null, audience: 'unknown',
});
const result = (verdict, used, flip = [], condition = null) => ({
  verdict, may_already_be_used: used, flip, condition, reasons: [], actions: [],
});

test('items with the same platform, kind and day are asked about once', () => {
  const items = [item('post', '2020-01-01'), item('post', '2020-01-01'), item('comment', '2020-01-01'),
    item('post', '2020-01-01', 'instagram'), item('post', null), item('post', null)];

  const { distinct, slots } = distinctFacts(items);

  assert.equal(distinct.length, 4);
  assert.deepEqual([...slots], [0, 0, 1, 2, 3, 3]);
});

test('an answer keeps its verdict, past use, condition and whether objecting would stop it', () => {
  const objecting = [{ fact: 'objection', to: 'all', verdict: 'excluded' }];
  assert.deepEqual(outcomeOf(result('included', true, objecting)), {
    verdict: 'included', conditional: false, already: 'yes', objectionStops: true,
  });
  assert.deepEqual(outcomeOf(result('uncertain', null, [{ fact: 'audience', to: 'public', verdict: 'included' }])), {
    verdict: 'uncertain', conditional: false, already: 'unknown', objectionStops: false,
  });
  const conditional = outcomeOf(result('included', false, [], { fact: 'author_age', unless: 'minor', verdict: 'excluded' }));
  assert.equal(conditional.conditional, true);
  assert.equal(conditional.already, 'no');
  assert.equal(outcomeOf(result('excluded', false, objecting)).objectionStops, false, 'already not used');
});

test('rows by year, undated last, each item counted with its facts\' answer; unanswered are pending', () => {
  const items = [item('post', '2021-05-01'), item('post', '2021-05-01'), item('comment', '2019-02-02'), item('post', null)];
  const { slots } = distinctFacts(items);
  const outcomes = [
    outcomeOf(result('included', true, [{ fact: 'objection', to: 'all', verdict: 'excluded' }])),
    outcomeOf(result('uncertain', null)),
  ];

  const { years, total } = tallyByYear(items, slots, outcomes);

  assert.deepEqual(years.map((row) => row.year), [2019, 2021, 'unknown']);
  assert.deepEqual(years[1].verdict, { included: 2, excluded: 0, uncertain: 0, pending: 0 });
  assert.equal(years[1].objectionStops, 2);
  assert.deepEqual(years[2].verdict, { included: 0, excluded: 0, uncertain: 0, pending: 1 });
  assert.equal(total.total, 4);
  assert.deepEqual(total.already, { yes: 2, no: 0, unknown: 1 });
});

test('the counts table lists the kinds present, years in order, undated last', () => {
  const { kinds, rows } = kindRows({ unknown: { comment: 1 }, 2024: { post: 1, story: 4 }, 2017: { profile_photo: 1 } },
    ['post', 'photo', 'story', 'comment', 'profile_photo']);

  assert.deepEqual(kinds, ['post', 'story', 'comment', 'profile_photo']);
  assert.deepEqual(rows.map((row) => [row.year, row.total]), [[2017, 1], [2024, 5], ['unknown', 1]]);
});
