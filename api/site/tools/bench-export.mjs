// Times the export reader in Node: the real Instagram sample, and a synthetic Facebook export of
// 50,000 posts, 200,000 comments and a 200 MB video, against reading that ZIP's bytes alone.
// `npm run bench` (api/site); prints one JSON line per case.
import { mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readExport } from '../static/js/export/index.js';
import { writeSyntheticExport } from './synthetic-export.mjs';

const SAMPLE = fileURLToPath(new URL('../../../../shared/fixtures/real/exports/instagram-anonymised-2025.zip', import.meta.url));

async function timed(run) {
  const started = performance.now();
  const result = await run();
  return { ms: Math.round((performance.now() - started) * 10) / 10, result };
}

async function readBytesAlone(blob) {
  let total = 0;
  for await (const chunk of blob.stream()) total += chunk.length;
  return total;
}

async function bench(name, path) {
  const blob = await openAsBlob(path);
  await readExport(blob); // warm up: module compilation and first DecompressionStream
  const bytes = await timed(() => readBytesAlone(blob));
  const read = await timed(() => readExport(blob));
  const mem = process.memoryUsage();
  console.log(JSON.stringify({
    case: name, zip_bytes: statSync(path).size, items: read.result.counts.total,
    read_export_ms: read.ms, read_bytes_alone_ms: bytes.ms,
    ratio: Math.round((read.ms / bytes.ms) * 100) / 100,
    rss_mib: Math.round(mem.rss / 2 ** 20), error: read.result.error?.code ?? null,
  }));
}

await bench('instagram-sample', SAMPLE);
const dir = mkdtempSync(join(tmpdir(), 'site-bench-'));
try {
  const path = join(dir, 'facebook-50k-posts-200k-comments.zip');
  const made = await timed(() => writeSyntheticExport(path, { posts: 50_000, comments: 200_000, mediaBytes: 200 << 20 }));
  console.log(JSON.stringify({ case: 'write-synthetic', ms: made.ms }));
  await bench('facebook-synthetic', path);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
