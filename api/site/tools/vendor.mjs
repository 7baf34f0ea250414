// Copies the browser's third-party ES modules from node_modules into static/vendor/, each under a
// header naming its package, version and licence, so the page loads them from our own origin.
// `npm run vendor` after an upgrade; test/vendor.test.js fails while a copy is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SITE = join(dirname(fileURLToPath(import.meta.url)), '..');

// The native build: no WebAssembly (a strict CSP refuses it) and no inline worker; the browser's
// own DecompressionStream inflates, with a JavaScript fallback where it is missing.
export const VENDORED = [
  {
    package: '@zip.js/zip.js',
    file: 'index-native.min.js',
    licence: 'LICENSE',
    target: 'static/vendor/zip-native.min.js',
  },
];

export function header(spec) {
  const root = join(SITE, 'node_modules', spec.package);
  const { version, license } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const text = readFileSync(join(root, spec.licence), 'utf8').trim().replaceAll('*/', '* /');
  return `/*! ${spec.package} ${version} (${license}), ${spec.file}, vendored by tools/vendor.mjs\n\n${text}\n*/\n`;
}

export function expected(spec) {
  const source = readFileSync(join(SITE, 'node_modules', spec.package, spec.file), 'utf8');
  return header(spec) + source;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const spec of VENDORED) {
    writeFileSync(join(SITE, spec.target), expected(spec));
    console.log(`vendored ${spec.package}/${spec.file} -> ${spec.target}`);
  }
}
