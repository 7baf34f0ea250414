// jsdom documents for the tests: synthetic HTML, or the real saved pages in ../shared/fixtures/real/
// (read in place; resolved from this file, so it works from any checkout with shared/ beside it).

import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";

export const REAL_DIR = fileURLToPath(new URL("../../../../shared/fixtures/real/", import.meta.url));

/** @param {string} html @param {string} url @param {object} [options] jsdom options */
export function load(html, url = "https://www.facebook.com/", options = {}) {
  const dom = new JSDOM(html, { url, pretendToBeVisual: true, ...options });
  return { dom, window: dom.window, document: dom.window.document };
}

/** A real saved page. Fails loudly when shared/ is missing: these tests must not pass by skipping. */
export function loadReal(relativePath, url) {
  const path = REAL_DIR + relativePath;
  if (!existsSync(path)) throw new Error(`real fixture missing: ${path} (shared/ must sit beside the repository)`);
  return load(readFileSync(path, "utf8"), url);
}

/** The facts without the key, for comparing against tables. */
export function plain(items) {
  return items.map(({ facts: { kind, audience, created_at, author } }) => ({ kind, audience, created_at, author }));
}
