// The words the page and the extension both say (the verdict words of a badge, the audiences), kept
// once: in the extension's _locales (the format browsers require of it), copied from there into
// static/i18n/shared/ for the page. `npm run shared-words` after changing them there;
// test/shared-words.test.js fails while a copy is stale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES } from '../static/js/i18n.js';

export { LANGUAGES };

const SITE = join(dirname(fileURLToPath(import.meta.url)), '..');
const LOCALES = join(SITE, '..', '..', 'extension', '_locales');
export const TARGET = join(SITE, 'static', 'i18n', 'shared');

export const SHARED = /^(badge_(included|excluded|uncertain|included_unless_minor)|audience_\w+)$/;

/** The page's shared catalogue for `language`, as JSON text. */
export function expected(language) {
  const file = join(LOCALES, language.replace('-', '_'), 'messages.json');
  const messages = JSON.parse(readFileSync(file, 'utf8'));
  const words = Object.fromEntries(
    Object.entries(messages)
      .filter(([key]) => SHARED.test(key))
      .map(([key, entry]) => [key, entry.message]),
  );
  return `${JSON.stringify(words, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(TARGET, { recursive: true });
  for (const language of LANGUAGES) writeFileSync(join(TARGET, `${language}.json`), expected(language));
  console.log(`wrote ${LANGUAGES.length} catalogues to static/i18n/shared/`);
}
