// The real anonymised Instagram export (2024–25 layout), read in place from shared/.
import assert from 'node:assert/strict';
import { existsSync, openAsBlob } from 'node:fs';
import { test } from 'node:test';
import { readExport } from '../static/js/export/index.js';
import { OPTIONS, SAMPLE, stringsIn } from './helpers/build.js';

const present = existsSync(SAMPLE);
if (!present && process.env.CI) throw new Error(`the Instagram sample export is missing: ${SAMPLE}`);

test('the sample gives its posts, stories, profile photo and comments by year', { skip: !present && 'sample not here' }, async () => {
  const report = await readExport(await openAsBlob(SAMPLE), OPTIONS);

  assert.equal(report.ok, true, JSON.stringify(report.error));
  assert.deepEqual(report.platforms, ['instagram']);
  assert.deepEqual(report.counts.byYear, {
    2017: { profile_photo: 1 },
    2024: { post: 1, story: 4, comment: 1 },
    2025: { comment: 1 },
    // A comment timed 1726806 (January 1970): the sample's placeholder, shown as unknown.
    unknown: { comment: 1 },
  });
  assert.equal(report.counts.total, 9);
  assert.deepEqual(report.problems.map((p) => [p.code, p.count]), [['dates-out-of-range', 1]]);
  assert.deepEqual(report.account, { instagram: { private: true } });
  assert.deepEqual(report.notes.map((n) => n.code), ['audience-unknown']);
  assert.equal(report.files.read, 5);
  assert.equal(report.files.failed, 0);
  assert.ok(report.files.skipped > 40, 'messages, ads, likes and the rest are skipped and counted');
  const stories = report.items.filter((item) => item.kind === 'story').map((item) => item.created_at);
  assert.deepEqual(stories, ['2024-03-31', '2024-03-11', '2024-03-08', '2024-03-03']);
});

test('nothing of the sample but facts comes out: no text, handles, file names or e-mails', { skip: !present && 'sample not here' }, async () => {
  const report = await readExport(await openAsBlob(SAMPLE), OPTIONS);

  const strings = [...stringsIn(report.items), ...stringsIn(report.account)];
  for (const item of report.items) {
    assert.deepEqual(Object.keys(item).sort(), ['audience', 'created_at', 'kind', 'platform', 'year']);
  }
  for (const leaked of ['bla', 'blabla', 'BSC', 'fake_username', 'media/', 'gmail', '.mp4', 'FB']) {
    assert.ok(!strings.some((s) => s.includes(leaked)), `${leaked} leaked`);
  }
});

test('dates are calendar days on the given clock: a late-evening UTC story is the next day in Auckland', { skip: !present && 'sample not here' }, async () => {
  const report = await readExport(await openAsBlob(SAMPLE), { ...OPTIONS, timeZone: 'Pacific/Auckland' });

  // 1711876312 is 2024-03-31 09:11 UTC, 22:11 in Auckland (UTC+13): still the 31st; 1709469341 is
  // 2024-03-03 12:35 UTC, 01:35 on the 4th in Auckland.
  const stories = report.items.filter((item) => item.kind === 'story').map((item) => item.created_at);
  assert.deepEqual(stories, ['2024-03-31', '2024-03-12', '2024-03-09', '2024-03-04']);
});
