// A picked folder reads as its ZIP does; cancelling stops the reading and keeps what was read.
import assert from 'node:assert/strict';
import { existsSync, openAsBlob } from 'node:fs';
import { test } from 'node:test';
import { readExport } from '../static/js/export/index.js';
import { BlobReader, Uint8ArrayWriter, ZipReader } from '../static/vendor/zip-native.min.js';
import { OPTIONS, SAMPLE, at, folderOf, zipOf } from './helpers/build.js';
import { facebook2024 } from './helpers/facebook.js';

if (!existsSync(SAMPLE) && process.env.CI) throw new Error(`the Instagram sample export is missing: ${SAMPLE}`);

const withoutFiles = ({ files, ...rest }) => rest;

test('the Instagram sample as an unpacked folder gives the same report as its ZIP', { skip: !existsSync(SAMPLE) && 'sample not here' }, async () => {
  const blob = await openAsBlob(SAMPLE);
  // Unpacked in memory only, as the browser would hand the folder's files over.
  const unpacked = {};
  for (const entry of await new ZipReader(new BlobReader(blob)).getEntries()) {
    if (!entry.directory) unpacked[entry.filename] = await entry.getData(new Uint8ArrayWriter());
  }

  const fromZip = await readExport(blob, OPTIONS);
  const fromFolder = await readExport(folderOf(unpacked), OPTIONS);

  assert.deepEqual(withoutFiles(fromFolder), withoutFiles(fromZip));
  assert.equal(fromFolder.counts.total, 9);
});

test('a synthetic Facebook folder gives the ZIP’s counts, media counted but never read', async () => {
  const files = facebook2024();
  const folder = folderOf(files, 'facebook-ana-2025-08-01');
  const media = folder.find((file) => file.name.endsWith('.jpg'));
  media.arrayBuffer = () => assert.fail('a media file was read');

  const report = await readExport(folder, OPTIONS);

  assert.deepEqual(report.counts, (await readExport(await zipOf(files), OPTIONS)).counts);
  assert.equal(report.files.media, 1);
});

const tenFiles = () => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [
  `your_instagram_activity/content/posts_${i + 1}.json`,
  Array.from({ length: 5 }, (_, j) => ({ media: [{ uri: `media/posts/${i}-${j}.jpg`, creation_timestamp: at(2020 + (i % 5), 1, 1 + j) }] })),
]));

test('cancelled before it starts: nothing is read', async () => {
  const controller = new AbortController();
  controller.abort();
  const report = await readExport(await zipOf(tenFiles()), { ...OPTIONS, signal: controller.signal });
  assert.equal(report.error.code, 'aborted');
  assert.deepEqual(report.items, []);
});

for (const shape of ['zip', 'folder']) {
  test(`cancelled half-way through a ${shape}: the report says so and keeps what was read`, async () => {
    const controller = new AbortController();
    const input = shape === 'zip' ? await zipOf(tenFiles()) : folderOf(tenFiles());
    const seen = [];
    const report = await readExport(input, {
      ...OPTIONS,
      signal: controller.signal,
      onProgress: (progress) => {
        seen.push(progress);
        if (progress.entriesDone === 3) controller.abort();
      },
    });

    assert.equal(report.ok, false);
    assert.equal(report.error.code, 'aborted');
    assert.equal(report.items.length, 15, 'the three files read before the cancel');
    assert.equal(report.files.read, 3);
    assert.equal(seen[0].entriesTotal, 10);
    assert.ok(seen.every((p, i) => i === 0 || p.bytesDone >= seen[i - 1].bytesDone), 'progress only grows');
    assert.ok(seen.at(-1).bytesDone <= seen[0].bytesTotal);
  });
}

test('cancelled while a large file is being unpacked', async () => {
  const big = Array.from({ length: 60_000 }, (_, i) => ({ media: [{ uri: `m/${i}.jpg`, creation_timestamp: at(2021, 1, 1) }], title: `post ${i}` }));
  const controller = new AbortController();
  const report = await readExport(await zipOf({ 'your_instagram_activity/content/posts_1.json': big }), {
    ...OPTIONS,
    signal: controller.signal,
    onProgress: (progress) => {
      if (progress.bytesDone > 0) controller.abort();
    },
  });
  assert.equal(report.error.code, 'aborted');
  assert.deepEqual(report.items, []);
});
