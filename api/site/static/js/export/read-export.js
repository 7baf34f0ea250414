// Reading a Facebook or Instagram "Download your information" export on the person's device.
// Always resolves to a report (never throws): a fatal error is reported with what was read so far.
import { dateReader } from './dates.js';
import { isMedia, isMetaHtml, otherService } from './detect.js';
import { isMetaPath, layoutFor } from './layouts.js';
import { fatal } from './problems.js';
import { ReportBuilder } from './report.js';
import { openSource, SourceError } from './sources.js';

/**
 * @param {Blob | Iterable<File>} input the export's ZIP, its parts, or its unpacked folder's files
 * @param {{onProgress?: (p: Progress) => void, signal?: AbortSignal, timeZone?: string, now?: Date}} options
 *   Progress is {entriesDone, entriesTotal, bytesDone, bytesTotal} over the files that are read.
 */
export async function readExport(input, { onProgress, signal, timeZone, now } = {}) {
  const report = new ReportBuilder(dateReader({ timeZone, now }));
  let source;
  try {
    signal?.throwIfAborted();
    source = await openSource(input, { signal });
  } catch (error) {
    return report.build(fatalFrom(error, signal));
  }
  try {
    return report.build(await readEntries(source, report, { onProgress, signal }));
  } catch (error) {
    return report.build(fatalFrom(error, signal));
  } finally {
    await source.close();
  }
}

async function readEntries(source, report, { onProgress, signal }) {
  const { files } = report;
  files.total = source.entries.length;
  const planned = [];
  for (const entry of source.entries) {
    const layout = layoutFor(entry.path);
    if (layout) planned.push({ entry, layout });
    else if (isMedia(entry.path)) files.media += 1;
    else if (isMetaHtml(entry.path)) files.html += 1;
    else files.skipped += 1;
  }
  if (planned.length === 0) return nothingToRead(source, files);

  planned.sort((a, b) => a.layout.order - b.layout.order);
  const progress = {
    entriesDone: 0, entriesTotal: planned.length, bytesDone: 0,
    bytesTotal: planned.reduce((sum, { entry }) => sum + entry.size, 0),
  };
  const tell = () => {
    try {
      onProgress?.({ ...progress });
    } catch {
      // A broken progress display must not stop the reading.
    }
  };
  tell();
  for (const { entry, layout } of planned) {
    if (signal?.aborted) return fatal('aborted');
    const outcome = await readOne(entry, layout, report, signal, (n) => {
      progress.bytesDone += n;
      tell();
    });
    if (outcome === 'aborted') return fatal('aborted');
    files[outcome === 'read' ? 'read' : 'failed'] += 1;
    progress.entriesDone += 1;
    tell();
  }
  return null;
}

async function readOne(entry, layout, report, signal, onBytes) {
  let bytes;
  try {
    if (entry.encrypted) throw new Error('encrypted entry');
    bytes = await entry.read(signal, onBytes);
  } catch (error) {
    if (signal?.aborted) return 'aborted';
    report.problems.add('entry-unreadable');
    return 'failed';
  }
  let json;
  try {
    // Meta writes ASCII JSON with \u escapes; its strings are never used, so never repaired.
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    report.problems.add('json-unparsable');
    return 'failed';
  }
  try {
    if (layout.read(json, report.sink(layout.platform)) === false) throw new Error('layout');
  } catch {
    report.problems.add('unexpected-shape');
    return 'failed';
  }
  return 'read';
}

function nothingToRead(source, files) {
  const paths = source.entries.map((entry) => entry.path);
  if (files.html > 0) return fatal('html-export');
  const service = otherService(paths);
  if (service) return fatal('other-service', { service });
  // A Meta export with no posts or comments in it is a valid, empty report.
  if (paths.some(isMetaPath)) return null;
  return fatal(source.kind === 'folder' && paths.length === 0 ? 'empty-folder' : 'not-an-export');
}

function fatalFrom(error, signal) {
  if (signal?.aborted) return fatal('aborted');
  if (error instanceof SourceError) return fatal(error.code);
  return fatal('unreadable');
}
