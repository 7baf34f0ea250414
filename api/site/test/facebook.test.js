// Synthetic Facebook exports in both layouts, built here: the same reader, the same facts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readExport } from '../static/js/export/index.js';
import { OPTIONS, stringsIn, zipOf } from './helpers/build.js';
import { FACEBOOK_TEXT, facebook2024, facebookOlder } from './helpers/facebook.js';

test('the 2024+ layout: posts by what they carry, album and upload photos not counted twice, comments_v2', async () => {
  const report = await readExport(await zipOf(facebook2024()), OPTIONS);

  assert.equal(report.ok, true, JSON.stringify(report.error));
  assert.deepEqual(report.platforms, ['facebook']);
  assert.deepEqual(report.counts.byYear, {
    2018: { comment: 1 },
    2019: { post: 2 },
    2020: { photo: 1 },
    2021: { photo: 1 },
    2022: { video: 1 },
    2023: { photo: 1 },
    2024: { comment: 1 },
    unknown: { post: 1 },
  });
  assert.deepEqual(report.problems.map((p) => [p.code, p.count]), [['dates-out-of-range', 1]]);
  // Two post files, the album, videos, uncategorised photos and comments; pokes and profile skipped.
  assert.deepEqual(report.files, { total: 9, read: 6, skipped: 2, media: 1, failed: 0, html: 0 });
  assert.deepEqual(report.account, {}, 'Facebook exports hold no account-level audience');
});

test('the older layout: posts/your_posts_N.json, comments/comments.json, photos_and_videos/', async () => {
  const report = await readExport(await zipOf(facebookOlder()), OPTIONS);

  assert.equal(report.ok, true, JSON.stringify(report.error));
  assert.deepEqual(report.counts.byYear, {
    2011: { comment: 1 },
    2012: { post: 1 },
    2013: { photo: 1 },
    2014: { comment: 1 },
    2015: { video: 1 },
  });
  assert.deepEqual(report.problems, []);
});

test('no text, names or file names of a Facebook export come out, mojibake or not', async () => {
  for (const files of [facebook2024(), facebookOlder()]) {
    const report = await readExport(await zipOf(files), OPTIONS);
    const strings = [...stringsIn(report)];
    for (const text of FACEBOOK_TEXT) {
      assert.ok(!strings.some((s) => s.includes(text)), `${text} leaked`);
    }
    for (const item of report.items) {
      assert.deepEqual(Object.keys(item).sort(), ['audience', 'created_at', 'kind', 'platform', 'year']);
      assert.equal(item.audience, 'unknown');
    }
  }
});

test('one person’s Facebook and Instagram parts read together in one pick', async () => {
  const instagram = {
    'your_instagram_activity/content/stories.json': { ig_stories: [{ uri: 'media/stories/1.mp4', creation_timestamp: 1711876312 }] },
  };
  const parts = [
    new File([await zipOf(facebook2024())], 'facebook-ana-2025-08-01-part1.zip'),
    new File([await zipOf(instagram)], 'instagram-ana-2025-08-01-part1.zip'),
  ];

  const report = await readExport(parts, OPTIONS);

  assert.deepEqual(report.platforms, ['facebook', 'instagram']);
  assert.deepEqual(report.counts.byPlatform.instagram, { 2024: { story: 1 } });
  assert.equal(report.counts.byPlatform.facebook[2019].post, 2);
});
