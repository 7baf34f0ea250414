// The page loads zip.js from static/vendor/; the copy must be the installed package's file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { VENDORED, expected } from '../tools/vendor.mjs';

const SITE = fileURLToPath(new URL('..', import.meta.url));

for (const spec of VENDORED) {
  test(`${spec.target} is ${spec.package}/${spec.file} as installed, under its licence header`, () => {
    const vendored = readFileSync(join(SITE, spec.target), 'utf8');
    assert.ok(vendored.startsWith(`/*! ${spec.package} `), 'the licence header comes first');
    assert.match(vendored, /Redistribution and use in source and binary forms/);
    assert.ok(vendored === expected(spec), `stale copy: run \`npm run vendor\` in api/site`);
  });
}
