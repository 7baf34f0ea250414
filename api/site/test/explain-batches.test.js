// What leaves the device: `POST /v1/explain` bodies with the item facts and the person's answers,
// nothing else, in batches the service accepts.
import assert from 'node:assert/strict';
import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { explainRequests, MAX_ITEMS, readExport } from '../static/js/export/index.js';
import { OPTIONS, SAMPLE, stringsIn, zipOf } from './helpers/build.js';
import { FACEBOOK_TEXT, facebook2024 } from './helpers/facebook.js';

const BODY_KEYS = new Set(['region', 'as_of', 'objection', 'items']);
const ITEM_KEYS = new Set(['id', 'platform', 'kind', 'audience', 'created_at', 'author', 'author_age']);
const ANSWERS = {
  region: 'de',
  ageBand: 'adult',
  asOf: '2026-01-15',
  audience: { facebook: 'friends' },
  commentAudience: { facebook: 'public' },
  objection: { filed_on: '2025-05-20', scope: 'all' },
};

test('the batch size is the service’s own limit (api/explain/schemas.py)', () => {
  const schemas = readFileSync(new URL('../../explain/schemas.py', import.meta.url), 'utf8');
  assert.equal(Number(/^MAX_ITEMS = (\d+)$/m.exec(schemas)?.[1]), MAX_ITEMS);
});

test('1,201 items go in three requests of at most MAX_ITEMS, with unique ids', () => {
  const items = Array.from({ length: 1201 }, (_, i) => ({ platform: 'instagram', kind: 'story', created_at: '2024-03-03', year: 2024 }));
  const bodies = explainRequests(items, ANSWERS);
  assert.deepEqual(bodies.map((b) => b.items.length), [500, 500, 201]);
  const ids = bodies.flatMap((b) => b.items.map((item) => item.id));
  assert.equal(new Set(ids).size, 1201);
});

test('answers fill each item: audience per platform, comments apart, age band, region, objection', async () => {
  const report = await readExport(await zipOf(facebook2024()), OPTIONS);
  const [body] = explainRequests(report.items, ANSWERS, { account: report.account });

  assert.equal(body.region, 'DE');
  assert.equal(body.as_of, '2026-01-15');
  assert.deepEqual(body.objection, { filed_on: '2025-05-20', scope: 'all' });
  const post = body.items.find((item) => item.kind === 'post' && item.created_at);
  assert.deepEqual(post, { id: post.id, platform: 'facebook', kind: 'post', audience: 'friends', author: 'self', author_age: 'adult', created_at: '2019-05-03' });
  assert.ok(body.items.filter((i) => i.kind === 'comment').every((i) => i.audience === 'public'));
  assert.ok(body.items.some((i) => i.kind === 'post' && !('created_at' in i)), 'an unknown date is left out, not guessed');
});

test('the Instagram sample: a private account makes its own items "followers", comments stay unknown', { skip: !existsSync(SAMPLE) && 'sample not here' }, async () => {
  const report = await readExport(await openAsBlob(SAMPLE), OPTIONS);
  const [body] = explainRequests(report.items, { region: 'FR' }, { account: report.account });

  const byKind = {};
  for (const item of body.items) (byKind[item.kind] ??= []).push(item);
  assert.deepEqual(Object.keys(byKind).sort(), ['comment', 'post', 'profile_info', 'story']);
  assert.ok(byKind.story.every((i) => i.audience === 'followers'));
  assert.ok(byKind.comment.every((i) => i.audience === 'unknown'));
  assert.ok(body.items.every((i) => i.author_age === 'unknown'));
});

test('no field but the facts leaves: closed keys, closed values, none of the export’s text', async () => {
  const report = await readExport(await zipOf(facebook2024()), OPTIONS);
  // Items and answers carrying extra fields and made-up values, as a bug or an attacker might.
  const items = report.items.map((item) => ({ ...item, text: FACEBOOK_TEXT[0], uri: 'posts/media/4711.jpg' }));
  const answers = {
    ...ANSWERS, name: 'Ana', audience: { facebook: 'Ana Smith' }, ageBand: 'born 1990',
    region: 'Germany', objection: { filed_on: '2025-05-20', scope: ['posts', 'my secrets'], note: 'x' },
  };

  const bodies = explainRequests(items, answers, { account: { facebook: { private: true, name: 'Ana' } } });

  for (const body of bodies) {
    assert.ok(Object.keys(body).every((key) => BODY_KEYS.has(key)), Object.keys(body).join());
    assert.deepEqual(Object.keys(body.objection).sort(), ['filed_on', 'scope']);
    assert.deepEqual(body.objection.scope, ['posts']);
    assert.ok(!('region' in body), 'a region that is not a country code is left out');
    for (const item of body.items) {
      assert.ok(Object.keys(item).every((key) => ITEM_KEYS.has(key)), Object.keys(item).join());
      assert.equal(item.audience === 'unknown' || item.kind === 'comment', true);
      assert.equal(item.author_age, 'unknown');
    }
  }
  const strings = [...stringsIn(bodies)];
  for (const text of [...FACEBOOK_TEXT, 'Ana', 'media', 'Germany', 'secrets', '1990']) {
    assert.ok(!strings.some((s) => s.includes(text)), `${text} left the device`);
  }
});
