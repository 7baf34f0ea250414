// Issue 13: "this looks wrong" from the badge's own explanation, not only from the popup: one
// click sends the content script's page report (the popup's code path), the panel says so in a
// live region, and a badge sends it once per page view.

import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { start } from "../src/content/content-main.js";
import { renderExplanation } from "../src/content/explanation-view.js";
import { offerPageReport } from "../src/content/report-control.js";
import { MSG } from "../src/messages.js";
import { syntheticFeed } from "./fixtures/synthetic-feed.js";
import { fakeBackground } from "./helpers/fake-background.js";
import { messagesFor } from "./helpers/fake-browser.js";
import { load } from "./helpers/dom.js";
import { until } from "./helpers/until.js";

const t = messagesFor("en");
const asPerson = { trusted: () => true }; // jsdom's clicks are synthetic: stand in for a person's

/** The synthetic feed under the content script; the background answers reports with `answers` in turn. */
async function page(answers = [{ ok: true, id: "r1" }]) {
  const { window, document } = load(syntheticFeed({ posts: 3, comments: 1 }));
  const bg = fakeBackground();
  const reports = [];
  const pending = [...answers];
  const send = async (message) => {
    if (message.type !== MSG.SEND_PAGE_REPORT) return bg.send(message);
    reports.push(structuredClone(message));
    return pending.shift() ?? { ok: true, id: "again" }; // an answer, or a promise of one
  };
  const app = await start(window, { send, explain: bg.explain, translate: t, watchStorage: false });
  await until(() => document.querySelectorAll("[data-ai-optout-verdict]").length === 6);
  app.scanner.stop();
  const host = document.querySelector(".ai-optout-badge");
  const openPanel = () => {
    if (host.dataset.aiOptoutOpen !== "true") host.shadowRoot.querySelector("button.b").click();
    return host.shadowRoot.querySelector("[data-ai-optout-explanation]");
  };
  return { window, document, app, host, reports, openPanel };
}

const parts = (panel) => ({
  button: panel.querySelector(".report-button"),
  status: panel.querySelector(".report-status"),
});

test("one click in the explanation sends the popup's page report, once, and the panel says it was sent", async () => {
  const { app, host, reports, openPanel, document } = await page();
  offerPageReport(app.report, asPerson);
  let pageClicks = 0;
  document.body.addEventListener("click", () => { pageClicks += 1; });
  const panel = openPanel();
  const { button, status } = parts(panel);
  assert.equal(button.tagName, "BUTTON");
  assert.equal(button.type, "button");
  assert.equal(button.textContent, "This looks wrong");
  assert.equal(status.getAttribute("aria-live"), "polite");
  assert.equal(status.textContent, "");

  button.click();
  button.click(); // a second click while the first is out
  await until(() => status.textContent !== "");
  assert.equal(status.textContent, t("reportPageSent"));
  assert.equal(button.getAttribute("aria-disabled"), "true");
  assert.equal(reports.length, 1, "one report");
  assert.equal(pageClicks, 0, "the page never sees the click");

  // The same report the popup asks the content script for: its shape and counts, nothing else.
  const fromPopup = await app.report();
  assert.equal(fromPopup.ok, true);
  assert.equal(reports.length, 2);
  assert.deepEqual(Object.keys(reports[0].report).sort(), Object.keys(reports[1].report).sort());
  assert.deepEqual(reports[0].report.found, reports[1].report.found);
  assert.ok(reports[0].report.found.items > 0);
  assert.ok(!JSON.stringify(reports[0]).includes("synthetic text"), "no post text");
  assert.ok(!JSON.stringify(reports[0]).includes("person."), "no handles or links");

  // Clicked again, after a re-render (a late answer) or closing and opening again: still sent.
  button.click();
  host.shadowRoot.querySelector(".close").click();
  const again = parts(openPanel());
  assert.equal(again.status.textContent, t("reportPageSent"));
  assert.equal(again.button.getAttribute("aria-disabled"), "true");
  again.button.click();
  await sleep(20);
  assert.equal(reports.length, 2, "no second report from this badge");
});

test("a failure is said in the panel and may be tried again; the retry is one more report", async () => {
  const { app, reports, openPanel } = await page([{ ok: false, status: 503 }, { ok: true, id: "r2" }]);
  offerPageReport(app.report, asPerson);
  const { button, status } = parts(openPanel());
  button.click();
  await until(() => status.textContent !== "");
  assert.equal(status.textContent, "Not sent: the service could not be reached. Try again later.");
  assert.equal(button.hasAttribute("aria-disabled"), false, "nothing was sent: it may be tried again");
  button.click();
  await until(() => status.textContent === t("reportPageSent"));
  assert.equal(reports.length, 2);
});

test("the background never answering (a stopped worker) is a failure, not a hang of the panel", async () => {
  const { openPanel } = await page();
  offerPageReport(async () => { throw new Error("Could not establish connection"); }, asPerson);
  const { button, status } = parts(openPanel());
  button.click();
  await until(() => status.textContent !== "");
  assert.equal(status.textContent, t("explanationReportFailed"));
});

test("while a report is out the button is marked disabled and keeps its focus; each badge sends its own once", async () => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const { app, document, reports, openPanel } = await page([held.then(() => ({ ok: true, id: "r" }))]);
  offerPageReport(app.report, asPerson);
  const { button, status } = parts(openPanel());
  button.focus();
  button.click();
  await until(() => reports.length === 1);
  assert.equal(button.getAttribute("aria-disabled"), "true");
  assert.equal(button.getRootNode().activeElement, button, "focus stays on the button");
  release();
  await until(() => status.textContent === t("reportPageSent"));

  const other = document.querySelectorAll(".ai-optout-badge")[1];
  other.shadowRoot.querySelector("button.b").click();
  const panel = other.shadowRoot.querySelector("[data-ai-optout-explanation]");
  assert.equal(parts(panel).status.textContent, "", "another badge's panel has its own report");
  parts(panel).button.click();
  await until(() => reports.length === 2);
});

test("a click the page's own scripts make (not trusted) sends nothing", async () => {
  const { reports, openPanel } = await page();
  // start() offered the report with the browser's own test of a person's click.
  const { button, status } = parts(openPanel());
  button.click();
  button.dispatchEvent(new button.ownerDocument.defaultView.MouseEvent("click", { bubbles: true }));
  await sleep(30);
  assert.equal(reports.length, 0);
  assert.equal(status.textContent, "");
});

test("a failed or pending answer still offers the report: the reading may be wrong whatever the service says", () => {
  const { document } = load("<div id='p'></div>");
  const panel = document.getElementById("p");
  const facts = { key: "k", platform: "facebook", kind: "post", audience: "public", created_at: null, author: "other", author_age: "unknown" };
  for (const status of ["error", "pending"]) {
    renderExplanation(panel, { facts, result: null, status, t, onClose: () => {} });
    assert.equal(panel.lastElementChild.className, "report", `${status}: at the foot`);
    assert.equal(panel.querySelector(".report-button").textContent, "This looks wrong");
  }
});

test("every shipped language says the button and its failure in its own words", async () => {
  const { readdirSync } = await import("node:fs");
  const languages = readdirSync(new URL("../_locales/", import.meta.url));
  assert.equal(languages.length, 8);
  for (const lang of languages) {
    const tl = messagesFor(lang);
    for (const key of ["explanationReport", "explanationReportFailed", "reportPageSent"]) {
      assert.ok(tl(key).length > 0, `${lang}: ${key}`);
      if (lang !== "en") assert.notEqual(tl(key), t(key), `${lang}: ${key} is translated`);
    }
    assert.ok(tl("explanationReport").length <= 30, `${lang}: a short secondary button`);
  }
});
