// The export reader's public interface, for the page and for tests.
//
// readExport(input, {onProgress, signal, timeZone, now}) always resolves to a report:
//   ok, error: {code, message, ...} | null   a fatal error (problems.js FATAL), with what was read so far
//   platforms: ['facebook'|'instagram']
//   items: [{platform, kind, created_at: 'YYYY-MM-DD'|null, year, audience: 'unknown'}]
//     kind: post | photo | video | reel | story | comment | profile_photo. A post is a photo or a
//     video when it carries one (a video wins); photos and videos Facebook also lists apart from
//     posts (albums, uploads, your_videos) count once.
//   counts: {total, byKind, byYear: {year|'unknown': {kind: n}}, byPlatform: {platform: byYear}}
//   account: {instagram?: {private: boolean}}   account-level facts the export holds
//   files: {total, read, skipped, media, failed, html}
//   problems: [{code, count, message}]          (problems.js PROBLEMS)
//   notes: [{code: 'audience-unknown', message}] exports hold no per-post audience
// explainRequests(items, answers, {account}) turns items into POST /v1/explain bodies.
export { readExport } from './read-export.js';
export { explainRequests, MAX_ITEMS } from './explain-batches.js';
export { FATAL, PROBLEMS } from './problems.js';
export { KINDS, AUDIENCE_NOTE } from './report.js';
