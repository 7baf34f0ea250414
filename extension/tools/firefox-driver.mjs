// Drives the unpacked extension in Debian's Firefox ESR for the end-to-end tests (tests/e2e/):
// puppeteer-core over WebDriver BiDi, the one way to drive stock Firefox offline (Playwright needs
// its own patched build). The tests keep their assertions in Python; this process only acts.
//
//   node tools/firefox-driver.mjs '{"extension": "/abs/extension", "firefox": "/usr/bin/firefox-esr",
//                                   "debuggingPort": 9222, "proxyPort": 9223}'
//
// It prints one JSON line {ready: {...}} once the extension is installed, then answers JSON lines
// {id, op, args} on stdin with {id, value} or {id, error}; the end of stdin closes Firefox. Tabs are served from `serve`d pages and
// every other tab request is aborted and recorded; anything else Firefox sends beyond loopback goes
// to the dead proxy at proxyPort (loopback bypasses proxies), so nothing leaves the machine.

import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const config = JSON.parse(process.argv[2] ?? "{}");
const POLL_MS = 50;
const TIMEOUT_MS = 15_000;

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: config.firefox ?? "/usr/bin/firefox-esr",
  headless: true,
  protocol: "webDriverBiDi",
  debuggingPort: config.debuggingPort,
  // Firefox only lets BiDi open moz-extension:// pages with system access.
  args: ["--remote-allow-system-access"],
  // Release builds honour services.settings.server (below) only with this set.
  env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: "1" },
  extraPrefsFirefox: {
    // The extension's host is ours to choose, before the install.
    "extensions.webextensions.uuids": JSON.stringify({ [config.geckoId]: config.uuid }),
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": config.proxyPort,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": config.proxyPort,
    "intl.accept_languages": "en-US",
    // Remote Settings: the one service still bound for Mozilla's servers in puppeteer's profile.
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    // 140 still probes for captive portals (153's profile from puppeteer turns it off).
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    // No HTTP cache, as under Playwright's routes in Chromium: a test that changes what the service
    // answers (a new rules document, within its max-age) sees the browser ask again.
    "browser.cache.disk.enable": false,
    "browser.cache.memory.enable": false,
  },
});
// A Firefox left running would outlive the tests: it goes with this process however it ends.
process.on("exit", () => browser.process()?.kill("SIGKILL"));
process.on("SIGTERM", () => process.exit(1));
const installed = await browser.installExtension(config.extension);

/** @type {Map<string, string>} url -> html */
const served = new Map();
/** @type {Map<string, import("puppeteer-core").Page>} */
const pages = new Map();
const requests = [];
const consoleMessages = [];

function record(req, pageId) {
  let body = "";
  try { body = req.postData() ?? ""; } catch { /* no body */ }
  const navigation = req.isNavigationRequest();
  requests.push({ url: req.url(), method: req.method(), body, headers: req.headers(), navigation, page: pageId });
}

async function newPage() {
  const page = await browser.newPage();
  ours.add(page);
  const id = randomUUID();
  pages.set(id, page);
  page.on("console", (msg) => {
    const where = msg.location()?.url ?? "";
    consoleMessages.push({ type: msg.type(), text: msg.text(), url: where, page: id });
  });
  return { id, page };
}

/** A tab at a web address: served pages answer, everything else is aborted. `init`, a script's
 * source, runs in each document before the page's own scripts. */
async function open({ url, init, timeout }) {
  const { id, page } = await newPage();
  if (init) await page.evaluateOnNewDocument(init);
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    // A throw here would end this process: every branch is caught.
    try {
      record(req, id);
      const html = req.isNavigationRequest() ? served.get(req.url()) : undefined;
      if (html !== undefined) void req.respond({ status: 200, contentType: "text/html; charset=utf-8", body: html }).catch(() => {});
      else void req.abort().catch(() => {});
    } catch { /* recorded above */ }
  });
  await page.goto(url, { waitUntil: "load", timeout: timeout ?? TIMEOUT_MS });
  return id;
}

/** An extension page: goto() never sees its load event, so navigate raw and wait for `ready`. */
async function openExtension({ file, ready }) {
  const { id, page } = await newPage();
  await browser.connection.send("browsingContext.navigate", {
    context: page.mainFrame()._id, url: `moz-extension://${config.uuid}/${file}`, wait: "complete",
  });
  if (ready) await page.waitForSelector(ready, { timeout: TIMEOUT_MS });
  return id;
}

// Tabs and windows Firefox opens by itself (identity.launchWebAuthFlow's sign-in window), in order.
const openedByBrowser = [];
const ours = new Set();
browser.on("targetcreated", (target) => {
  if (target.type() !== "page") return;
  void target.page().then((page) => { if (page) openedByBrowser.push(page); });
});

/** The next window Firefox opened by itself, as a page of ours. */
async function opened({ timeout = TIMEOUT_MS }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    // Our own tabs are told apart here: their newPage() may resolve after the event.
    while (openedByBrowser.length && ours.has(openedByBrowser[0])) openedByBrowser.shift();
    if (openedByBrowser.length) break;
    if (Date.now() > deadline) throw new Error(`no window opened within ${timeout} ms`);
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
  const page = openedByBrowser.shift();
  const id = randomUUID();
  pages.set(id, page);
  return id;
}

function pageOf(id) {
  const page = pages.get(id);
  if (!page) throw new Error(`no page ${id}`);
  return page;
}

/** Evaluate a function's source with one argument, as a string: extension pages forbid eval, BiDi does not. */
function evaluate({ page, fn, arg }) {
  return pageOf(page).evaluate(`(${fn})(${JSON.stringify(arg ?? null)})`);
}

/** Poll `fn` until it returns a truthy value (waitForFunction dies in extension pages on 140). */
async function waitFor({ page, fn, arg, timeout = TIMEOUT_MS }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await evaluate({ page, fn, arg });
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${fn}`);
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

/** Close every tab but those in `keep`, and serve nothing more. */
async function closePages({ keep = [] } = {}) {
  for (const [id, page] of pages) {
    if (keep.includes(id)) continue;
    await page.close().catch(() => {});
    pages.delete(id);
  }
  served.clear();
}

/** Evaluate `expression` (its value JSON-serialisable) in the browser's own chrome window, where
 * Firefox's privileged objects live (WebExtensionPolicy): needs --remote-allow-system-access. */
async function chromeEvaluate({ expression }) {
  const tree = await browser.connection.send("browsingContext.getTree", { "moz:scope": "chrome" });
  const context = tree.result.contexts[0].context;
  const { result } = await browser.connection.send("script.evaluate", {
    expression: `(async () => JSON.stringify(await (${expression})))()`,
    target: { context }, awaitPromise: true,
  });
  if (result.type !== "success") throw new Error(`${expression}: ${JSON.stringify(result.exceptionDetails)}`);
  return result.result.value === undefined ? null : JSON.parse(result.result.value);
}

const ops = {
  serve: ({ url, html }) => { served.set(url, html); return null; },
  open,
  openExtension,
  evaluate,
  waitFor,
  waitForSelector: async ({ page, selector, timeout = TIMEOUT_MS }) => {
    await pageOf(page).waitForSelector(selector, { timeout });
    return null;
  },
  click: async ({ page, selector }) => { await pageOf(page).click(selector); return null; },
  // Typed over the selected text, as a person would; puppeteer's locator.fill polls with Function(),
  // which extension pages' CSP blocks on 140.
  fill: async ({ page, selector, value }) => {
    const tab = pageOf(page);
    await tab.$eval(selector, (e) => { e.focus(); e.select(); });
    if (value) await tab.keyboard.type(value);
    else await tab.keyboard.press("Backspace");
    return null;
  },
  select: async ({ page, selector, value }) => pageOf(page).select(selector, value),
  press: async ({ page, key }) => { await pageOf(page).keyboard.press(key); return null; },
  viewport: async ({ page, width, height }) => { await pageOf(page).setViewport({ width, height }); return null; },
  screenshot: async ({ page, path }) => { await pageOf(page).screenshot({ path }); return null; },
  closePage: async ({ page }) => { await pageOf(page).close(); pages.delete(page); return null; },
  closePages,
  chromeEvaluate,
  opened,
  /** Every tab request since the last call. */
  requests: () => requests.splice(0),
  console: () => consoleMessages.splice(0),
};

function reply(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

reply({ ready: { version: await browser.version(), id: installed, uuid: config.uuid } });
// One command at a time, in order: the tests are sequential, and so are their steps.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on("line", (line) => {
  queue = queue.then(async () => {
    const { id, op, args } = JSON.parse(line);
    try {
      if (!Object.hasOwn(ops, op)) throw new Error(`unknown op ${op}`);
      reply({ id, value: (await ops[op](args ?? {})) ?? null });
    } catch (error) {
      reply({ id, error: String(error?.stack ?? error) });
    }
  });
}).on("close", () => { void queue.then(() => browser.close()).finally(() => process.exit(0)); });
