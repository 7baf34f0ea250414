// Every kind of bad input gives a report with a code the page translates, says what was still
// read, and never throws or hangs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readExport } from '../static/js/export/index.js';
import { FATAL } from '../static/js/export/problems.js';
import { OPTIONS, at, folderOf, zipOf } from './helpers/build.js';

const STORIES = 'your_instagram_activity/content/stories.json';
const COMMENTS = 'your_instagram_activity/comments/post_comments_1.json';
const story = (t) => ({ uri: 'media/stories/1.jpg', creation_timestamp: t });
const bytesOf = async (blob) => new Uint8Array(await blob.arrayBuffer());

function assertFatal(report, code) {
  assert.equal(report.ok, false);
  assert.equal(report.error.code, code);
  assert.equal(report.error.message, FATAL[code]);
}

test('a file of 0 bytes', async () => {
  const report = await readExport(new Blob([]), OPTIONS);
  assertFatal(report, 'empty-file');
  assert.deepEqual(report.items, []);
});

test('a file that is not a ZIP (a JPEG renamed)', async () => {
  const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(5000).fill(7)])]);
  assertFatal(await readExport(jpeg, OPTIONS), 'not-a-zip');
});

test('a ZIP cut short, as a stopped download leaves it', async () => {
  const whole = await bytesOf(await zipOf({ [STORIES]: { ig_stories: [story(at(2024, 3, 3))] } }));
  const report = await readExport(new Blob([whole.slice(0, Math.floor(whole.length * 0.6))]), OPTIONS);
  assertFatal(report, 'truncated-zip');
});

test('a ZIP whose directory is damaged', async () => {
  const bytes = await bytesOf(await zipOf({ [STORIES]: { ig_stories: [story(at(2024, 3, 3))] } }));
  // The central directory's first header signature: PK\x01\x02.
  const central = bytes.findLastIndex((_, i) => bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 1 && bytes[i + 3] === 2);
  bytes.fill(0x41, central, central + 8);
  assertFatal(await readExport(new Blob([bytes]), OPTIONS), 'corrupt-zip');
});

test('a damaged file inside the ZIP is a problem, and the other files are still read', async () => {
  const comments = [{ string_map_data: { Time: { timestamp: at(2024, 9, 16) } } }];
  const blob = await zipOf({
    [STORIES]: { ig_stories: Array.from({ length: 400 }, (_, i) => story(at(2024, 3, 3) + i * 977)) },
    [COMMENTS]: comments,
  });
  const bytes = await bytesOf(blob);
  // Flip bytes in the middle of the first entry's compressed data (it starts after its header).
  for (let i = 200; i < 260; i += 1) bytes[i] ^= 0x5a;
  const report = await readExport(new Blob([bytes]), OPTIONS);

  assert.equal(report.ok, true);
  assert.deepEqual(report.problems.map((p) => p.code), ['entry-unreadable']);
  assert.deepEqual(report.counts.byKind, { comment: 1 });
  assert.equal(report.files.failed, 1);
});

test('a Google Takeout ZIP is named as another service', async () => {
  const takeout = await zipOf({
    'Takeout/archive_browser.html': '<html></html>',
    'Takeout/YouTube and YouTube Music/history/watch-history.json': [],
  });
  const report = await readExport(takeout, OPTIONS);
  assertFatal(report, 'other-service');
  assert.equal(report.error.service, 'google-takeout');
});

test('a ZIP of something else altogether is not an export', async () => {
  assertFatal(await readExport(await zipOf({ 'notes/todo.txt': 'milk', 'a.json': {} }), OPTIONS), 'not-an-export');
});

test('an HTML-format export: choose JSON when you request your download', async () => {
  const html = await zipOf({
    'your_instagram_activity/content/posts_1.html': '<html></html>',
    'your_instagram_activity/comments/post_comments_1.html': '<html></html>',
    'start_here.html': '<html></html>',
  });
  const report = await readExport(html, OPTIONS);
  assertFatal(report, 'html-export');
  assert.match(report.error.message, /choose JSON/);
});

test('JSON that does not parse: counted, and the rest is read', async () => {
  const report = await readExport(await zipOf({
    [STORIES]: '{"ig_stories": [ {"creation_timestamp": 17',
    [COMMENTS]: [{ string_map_data: { Time: { timestamp: at(2024, 9, 16) } } }],
  }), OPTIONS);

  assert.equal(report.ok, true);
  assert.deepEqual(report.problems, [{ code: 'json-unparsable', count: 1, message: '1 file did not parse as JSON.' }]);
  assert.equal(report.counts.total, 1);
});

test('a known file with an unknown layout is counted, not fatal', async () => {
  const report = await readExport(await zipOf({ [STORIES]: { something_new: 3 }, [COMMENTS]: [] }), OPTIONS);
  assert.equal(report.ok, true);
  assert.deepEqual(report.problems.map((p) => [p.code, p.count]), [['unexpected-shape', 1]]);
});

test('dates out of range (before the platform, in the future) and missing ones become unknown', async () => {
  const report = await readExport(await zipOf({
    [STORIES]: { ig_stories: [story(at(2009, 1, 1)), story(at(2030, 1, 1)), story('yesterday'), story(at(2024, 3, 3))] },
  }), OPTIONS);

  assert.deepEqual(report.counts.byYear, { 2024: { story: 1 }, unknown: { story: 3 } });
  assert.deepEqual(report.problems.map((p) => [p.code, p.count]), [['dates-out-of-range', 2], ['dates-missing', 1]]);
});

test('an empty folder, and nothing at all', async () => {
  assertFatal(await readExport([], OPTIONS), 'empty-folder');
  assertFatal(await readExport(undefined, OPTIONS), 'empty-folder');
  assertFatal(await readExport(folderOf({ 'notes.txt': 'hi' }), OPTIONS), 'not-an-export');
});
