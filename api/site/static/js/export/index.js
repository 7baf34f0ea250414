// The export reader's public interface, for the page and for tests.
export { readExport } from './read-export.js';
export { explainRequests, MAX_ITEMS } from './explain-batches.js';
export { FATAL, PROBLEMS } from './problems.js';
export { KINDS, AUDIENCE_NOTE } from './report.js';
