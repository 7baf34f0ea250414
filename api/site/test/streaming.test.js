// A 200 MB export with one big video: read by ranges, the video's bytes never requested, memory
// bounded by the JSON files, not by the export's size.
import assert from 'node:assert/strict';
import { mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readExport } from '../static/js/export/index.js';
import { MEDIA_PATH, writeSyntheticExport } from '../tools/synthetic-export.mjs';
import { OPTIONS } from './helpers/build.js';
import { ZipReader, BlobReader } from '../static/vendor/zip-native.min.js';

const dir = mkdtempSync(join(tmpdir(), 'site-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const bytesAsked = (ranges) => ranges.reduce((sum, [a, b]) => sum + (b - a), 0);

/** A Blob stand-in that records every byte range asked of it. */
function recording(blob, ranges) {
  return {
    size: blob.size,
    type: blob.type,
    slice(start = 0, end = blob.size) {
      ranges.push([start, Math.min(end, blob.size)]);
      return blob.slice(start, end);
    },
    stream() {
      ranges.push([0, blob.size]);
      return blob.stream();
    },
    arrayBuffer() {
      ranges.push([0, blob.size]);
      return blob.arrayBuffer();
    },
  };
}

test('a 200 MB export is read without its video being read or inflated', { timeout: 120_000 }, async (t) => {
  const path = join(dir, 'facebook-large.zip');
  await writeSyntheticExport(path, { posts: 5_000, comments: 20_000, mediaBytes: 200 << 20 });
  const started = performance.now();
  const blob = await openAsBlob(path);
  const media = (await new ZipReader(new BlobReader(blob)).getEntries()).find((e) => e.filename === MEDIA_PATH);
  const mediaStart = media.offset + 30 + MEDIA_PATH.length; // past its local header

  const ranges = [];
  const baseline = process.memoryUsage();
  let peak = 0;
  const report = await readExport(recording(blob, ranges), {
    ...OPTIONS,
    onProgress: () => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.heapUsed + now.arrayBuffers - baseline.heapUsed - baseline.arrayBuffers);
    },
  });

  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`read in ${seconds.toFixed(2)} s, ${bytesAsked(ranges)} bytes requested, peak +${(peak / 2 ** 20).toFixed(1)} MiB`);
  assert.equal(report.ok, true, JSON.stringify(report.error));
  assert.deepEqual(report.counts.byKind, { post: 3_333, photo: 1_667, comment: 20_000 });
  assert.equal(report.files.media, 1);
  const requested = bytesAsked(ranges);
  const size = statSync(path).size;
  assert.ok(requested < size * 0.05, `read ${requested} of ${size} bytes`);
  const mediaEnd = mediaStart + media.compressedSize;
  const mediaRead = ranges.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, mediaEnd) - Math.max(a, mediaStart)), 0);
  // At most the tail zip.js reads to find the directory at the end (64 KiB and a record).
  assert.ok(mediaRead <= 65_557, `${mediaRead} bytes of the video were requested`);
  assert.ok(peak < 100 << 20, `peak memory growth ${(peak / 2 ** 20).toFixed(1)} MiB`);
});
