// One interface over what a person can pick: the export's ZIP (or its several parts) read by
// ranges through zip.js, never loaded whole, or its unpacked folder as `<input webkitdirectory>`
// gives it. Each entry is read only when asked, so media files are never touched.
import { BlobReader, Uint8ArrayWriter, ZipReader } from '../../vendor/zip-native.min.js';
import { classifyOpenError } from './problems.js';

// No worker (a strict CSP would need a worker-src for it) and the browser's own inflate.
const ZIP_OPTIONS = { useWebWorkers: false, useCompressionStream: true };
// Local file header, empty archive, spanned archive.
const ZIP_MAGIC = [[0x50, 0x4b, 0x03, 0x04], [0x50, 0x4b, 0x05, 0x06], [0x50, 0x4b, 0x07, 0x08]];

/** Why a source could not be opened: a fatal code from problems.js. */
export class SourceError extends Error {
  constructor(code, cause) {
    super(code, { cause });
    this.code = code;
  }
}

const isBlob = (value) => value && typeof value.slice === 'function' && typeof value.size === 'number';
const relativePath = (file) => file.webkitRelativePath || file.relativePath || file.name || '';

/**
 * Opens a picked ZIP, several ZIPs, or a folder's files.
 * @returns {Promise<{kind: 'zip'|'folder', entries: Entry[], size: number, close: () => Promise<void>}>}
 * where Entry is {path, size, read(signal, onBytes): Promise<Uint8Array>}.
 */
export async function openSource(input, { signal } = {}) {
  if (isBlob(input)) return openZips([input], signal);
  const files = input ? [...input] : [];
  if (files.length === 0) throw new SourceError('empty-folder');
  const zipsOnly = files.every((f) => !relativePath(f).includes('/') && /\.zip$/i.test(f.name ?? ''));
  return zipsOnly ? openZips(files, signal) : openFolder(files);
}

function openFolder(files) {
  const entries = files.map((file) => ({
    path: relativePath(file).replaceAll('\\', '/'),
    size: file.size,
    read: async (signal, onBytes) => {
      signal?.throwIfAborted();
      const bytes = new Uint8Array(await file.arrayBuffer());
      onBytes?.(bytes.length);
      return bytes;
    },
  }));
  const size = files.reduce((sum, file) => sum + file.size, 0);
  return { kind: 'folder', entries, size, close: async () => {} };
}

async function openZips(blobs, signal) {
  const readers = [];
  const entries = [];
  try {
    for (const blob of blobs) {
      if (blob.size === 0) throw new SourceError('empty-file');
      await checkMagic(blob);
      const reader = new ZipReader(new BlobReader(blob), ZIP_OPTIONS);
      readers.push(reader);
      for (const entry of await openEntries(reader, signal)) {
        if (!entry.directory) entries.push(zipEntry(entry));
      }
    }
  } catch (error) {
    await Promise.allSettled(readers.map((r) => r.close()));
    throw error;
  }
  const size = blobs.reduce((sum, blob) => sum + blob.size, 0);
  const close = async () => void (await Promise.allSettled(readers.map((r) => r.close())));
  return { kind: 'zip', entries, size, close };
}

async function checkMagic(blob) {
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  const known = ZIP_MAGIC.some((magic) => magic.every((byte, i) => head[i] === byte));
  if (!known) throw new SourceError('not-a-zip');
}

async function openEntries(reader, signal) {
  try {
    return await reader.getEntries({ signal });
  } catch (error) {
    throw new SourceError(classifyOpenError(error), error);
  }
}

function zipEntry(entry) {
  return {
    path: entry.filename,
    size: entry.compressedSize,
    encrypted: entry.encrypted,
    read: async (signal, onBytes) => {
      let reported = 0;
      const onprogress = (done) => {
        const capped = Math.min(done, entry.compressedSize);
        onBytes?.(capped - reported);
        reported = capped;
      };
      // checkSignature: a CRC mismatch (a damaged entry) is an error, not silently wrong data.
      const bytes = await entry.getData(new Uint8ArrayWriter(), { signal, onprogress, checkSignature: true });
      onBytes?.(entry.compressedSize - reported);
      return bytes;
    },
  };
}
