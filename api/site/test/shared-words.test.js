// The page says what the extension says, in the extension's own words: its copy is current.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LANGUAGES, TARGET, expected } from '../tools/shared-words.mjs';

for (const language of LANGUAGES) {
  test(`static/i18n/shared/${language}.json holds the extension's verdict and audience words`, () => {
    const text = expected(language);
    const words = JSON.parse(text);
    assert.ok(words.badge_included && words.audience_public, 'the shared words are found');
    const copy = readFileSync(join(TARGET, `${language}.json`), 'utf8');
    assert.equal(copy, text, 'stale copy: run `npm run shared-words` in api/site');
  });
}
