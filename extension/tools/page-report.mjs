#!/usr/bin/env node
// The report "this page looks wrong" would send for a saved page, as JSON on stdout: what the
// service's tests post to prove a report of a page full of personal data stores none of it.
//
//   node tools/page-report.mjs PAGE.html URL

import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
import { readPage } from "../src/page/page-reader.js";
import { pageReport } from "../src/page/page-shape.js";

const [file, address] = process.argv.slice(2);
if (!file || !address) {
  console.error("usage: node tools/page-report.mjs PAGE.html URL");
  process.exit(2);
}
const { document } = new JSDOM(readFileSync(file, "utf8"), { url: address }).window;
const { hostname, pathname } = new URL(address);
const read = readPage(document, { hostname, pathname, salt: "report", now: new Date("2026-12-05T12:00:00Z") });
process.stdout.write(JSON.stringify(pageReport(document, { read, hostname, pathname })));
