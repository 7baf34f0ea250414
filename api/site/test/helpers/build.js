// Building exports in tests: ZIPs written with the same zip.js the page reads with, and folders
// as `<input webkitdirectory>` hands them over (File objects with a webkitRelativePath).
import { fileURLToPath } from 'node:url';
import { BlobWriter, TextReader, Uint8ArrayReader, ZipWriter } from '../../static/vendor/zip-native.min.js';

// The real anonymised Instagram export, read in place from shared/ (never copied here).
export const SAMPLE = fileURLToPath(
  new URL('../../../../../shared/fixtures/real/exports/instagram-anonymised-2025.zip', import.meta.url),
);

export const NOW = new Date(Date.UTC(2026, 0, 15));
export const OPTIONS = { timeZone: 'UTC', now: NOW };
export const at = (y, m, d, h = 12) => Date.UTC(y, m - 1, d, h) / 1000;

const asBytes = (content) =>
  content instanceof Uint8Array ? content : new TextEncoder().encode(typeof content === 'string' ? content : JSON.stringify(content));

/** A ZIP Blob of {path: JSON value | string | bytes}. */
export async function zipOf(files, { level = 6 } = {}) {
  const writer = new ZipWriter(new BlobWriter('application/zip'), { useWebWorkers: false, level });
  for (const [path, content] of Object.entries(files)) {
    const bytes = asBytes(content);
    await writer.add(path, typeof content === 'string' ? new TextReader(content) : new Uint8ArrayReader(bytes));
  }
  return writer.close();
}

/** The files of an unpacked export as a folder pick gives them, under `root/`. */
export function folderOf(files, root = 'instagram-person-2025-08-01') {
  return Object.entries(files).map(([path, content]) => {
    const file = new File([asBytes(content)], path.split('/').pop());
    Object.defineProperty(file, 'webkitRelativePath', { value: `${root}/${path}` });
    return file;
  });
}

/** Every string in a value (keys and values), to prove none of the export's text came through. */
export function stringsIn(value, found = new Set()) {
  if (typeof value === 'string') found.add(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      found.add(k);
      stringsIn(v, found);
    }
  }
  return found;
}
