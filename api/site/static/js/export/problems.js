// What can go wrong while reading an export: a stable code the page translates, and an English
// message for logs and tests. Fatal errors stop the reading; problems are counted and reading goes on.

export const FATAL = Object.freeze({
  'empty-file': 'The file is empty (0 bytes).',
  'empty-folder': 'The folder holds no files.',
  'not-a-zip': 'This is not a ZIP file. Pick the ZIP that "Download your information" gave you, or its unpacked folder.',
  'corrupt-zip': 'The ZIP file is damaged and cannot be opened.',
  'truncated-zip': 'The ZIP file is incomplete: its download may have stopped early. Download it again.',
  'encrypted-zip': 'The ZIP file is password-protected.',
  'html-export': 'This export is in HTML format. Request your download again and choose JSON as the format.',
  'other-service': 'This is not a Facebook or Instagram export.',
  'not-an-export': 'No Facebook or Instagram data was found in it.',
  'aborted': 'Reading was cancelled.',
  'unreadable': 'The file could not be read.',
});

export const PROBLEMS = Object.freeze({
  'json-unparsable': (n) => `${n} file${n === 1 ? '' : 's'} did not parse as JSON.`,
  'entry-unreadable': (n) => `${n} file${n === 1 ? '' : 's'} in the ZIP could not be unpacked.`,
  'unexpected-shape': (n) => `${n} file${n === 1 ? '' : 's'} did not have the expected layout.`,
  'dates-out-of-range': (n) => `${n} date${n === 1 ? ' was' : 's were'} out of range and shown as unknown.`,
  'dates-missing': (n) => `${n} item${n === 1 ? ' had' : 's had'} no date.`,
  'html-files': (n) => `${n} HTML file${n === 1 ? ' was' : 's were'} not read: choose JSON when you request your download.`,
});

/** A fatal error: the code, its message, and extra facts (never a file's content). */
export function fatal(code, extra = {}) {
  return { code, message: FATAL[code] ?? FATAL.unreadable, ...extra };
}

/** Counts problems by code; `list()` gives them in the order first seen, with their messages. */
export class ProblemLog {
  #counts = new Map();

  add(code, n = 1) {
    this.#counts.set(code, (this.#counts.get(code) ?? 0) + n);
  }

  list() {
    return [...this.#counts].map(([code, count]) => ({ code, count, message: PROBLEMS[code](count) }));
  }
}

/** Sorts a zip.js or file-system error into one of the fatal codes above. */
export function classifyOpenError(error) {
  const text = String(error?.message ?? error);
  if (error?.name === 'AbortError' || /aborted/i.test(text)) return 'aborted';
  if (/encrypted/i.test(text)) return 'encrypted-zip';
  if (/format is not recognized/i.test(text)) return 'not-a-zip';
  // A missing end record is a cut-off file; a missing header inside a whole file is damage.
  if (/end of central directory not found|zip64 not found/i.test(text)) return 'truncated-zip';
  return 'corrupt-zip';
}
