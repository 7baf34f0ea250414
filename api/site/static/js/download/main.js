// The "Your data download" page: the person picks Meta's export, it is read here with the
// export reader (progress, cancel), the questions it cannot answer are asked once, and the
// report shows what the service says of each distinct set of facts, counted for every item.
import { loadWords, translatePage } from "../i18n.js";
import { fillLanguages, startingLanguage, watchLanguage } from "../locale-selects.js";
import { readExport } from "../export/index.js";
import { answersLine, fillAudiences, fillCountries, readAnswers, resetAnswers, watchObjection } from "./answers.js";
import { ExplainError, explainAll } from "./explain-client.js";
import { drawCounts, drawProblems, drawVerdicts } from "./report-view.js";
import { distinctFacts, outcomeOf } from "./tally.js";

const $ = (id) => document.getElementById(id);
let t = (key) => key;
let language = "en";
let countries = [];
let number = (n) => String(n);
// The current reading: its report, distinct facts, and the service's answers once asked.
let state = { report: null, facts: null, outcomes: null, answers: null, policy: null };
let running = null; // the AbortController of the reading or asking under way
// performance marks (read-start → read-drawn, explain-start → explain-drawn) time the two steps.

const setState = (name) => void (document.body.dataset.state = name);

async function setLanguage(code) {
  language = code;
  t = await loadWords(language, ["shared", "common", "questions", "download"]);
  const format = new Intl.NumberFormat(language);
  number = (n) => format.format(n);
  translatePage(document, t, language);
  fillLanguages($("language"), language);
  fillCountries(t, language, countries);
  fillAudiences(t, state.report);
  redraw();
}

function redraw() {
  const { report, facts, outcomes } = state;
  if (!report) return;
  drawProblems(document, $("problems"), t, report, number);
  drawCounts(document, $("counts"), t, report, number);
  if (outcomes) {
    drawVerdicts(document, $("verdict-body"), t, { items: report.items, slots: facts.slots, outcomes, number });
    $("policy-used").textContent = t("policyUsed", { title: state.policy.title });
    $("print-answers").textContent = answersLine(t, state.answers, report);
  }
}

// The reader reports every chunk; the screen shows the latest once a frame.
let latestProgress = null;
function showProgress(progress) {
  if (latestProgress === null) requestAnimationFrame(drawProgress);
  latestProgress = progress;
}

function drawProgress() {
  const { bytesDone, bytesTotal, entriesDone, entriesTotal } = latestProgress;
  latestProgress = null;
  $("progress-bar").value = bytesTotal > 0 ? bytesDone / bytesTotal : 0;
  $("progress-text").textContent = t("progressFiles", { done: number(entriesDone), total: number(entriesTotal) });
}

async function read(input) {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  state = { report: null, facts: null, outcomes: null, answers: null, policy: null };
  resetAnswers();
  for (const id of ["read", "verdicts", "problems"]) $(id).hidden = true;
  $("progress-bar").value = 0;
  $("progress-text").textContent = "";
  $("progress").hidden = false;
  setState("reading");
  performance.mark("read-start");
  const report = await readExport(input, { onProgress: showProgress, signal: controller.signal });
  if (running !== controller) return; // another pick replaced this one
  running = null;
  $("progress").hidden = true;
  state.report = report;
  state.facts = distinctFacts(report.items);
  fillAudiences(t, report);
  redraw();
  const readSomething = report.counts.total > 0 || report.ok;
  $("read").hidden = !readSomething;
  $("answers-form").hidden = report.counts.total === 0;
  $("audience-note").hidden = report.counts.total === 0;
  performance.mark("read-drawn");
  setState(report.ok ? "read" : report.error.code === "aborted" ? "cancelled" : "error");
  (report.ok ? $("read-heading") : $("problems")).scrollIntoView?.({ block: "start" });
}

async function ask(event) {
  event.preventDefault();
  $("form-error").hidden = true;
  const given = readAnswers();
  if (given.error) {
    $("form-error").textContent = t(given.error);
    $("form-error").hidden = false;
    $(given.focus).focus();
    return;
  }
  const { report, facts } = state;
  running?.abort();
  const controller = new AbortController();
  running = controller;
  $("explain-error").hidden = true;
  $("verdicts").hidden = false;
  $("verdict-body").replaceChildren();
  $("explain-status").textContent = t("asking", { facts: number(facts.distinct.length) });
  setState("explaining");
  performance.mark("explain-start");
  try {
    const results = await explainAll(facts.distinct, {
      answers: given.answers, account: report.account, language, signal: controller.signal,
      onBatch: (done, total) => void ($("explain-status").textContent = t("askingBatch", { done: number(done), total: number(total) })),
      onWait: (seconds) => void ($("explain-status").textContent = t("serviceWait", { seconds: number(seconds) })),
      onPolicy: (policy) => void (state.policy = policy),
    });
    if (running !== controller) return;
    state.outcomes = results.map(outcomeOf);
    state.answers = given.answers;
    $("explain-status").textContent = t("askedDone", { facts: number(facts.distinct.length), items: number(report.counts.total) });
    redraw();
    performance.mark("explain-drawn");
    setState("reported");
    $("verdicts-heading").focus();
  } catch (error) {
    if (controller.signal.aborted) return;
    $("explain-status").textContent = "";
    $("explain-error").textContent = error instanceof ExplainError && error.code === "service"
      ? t("errorService", { detail: error.detail }) : t("errorOffline");
    $("explain-error").hidden = false;
    setState("read");
  } finally {
    if (running === controller) running = null;
  }
}

function picked(event) {
  const { files } = event.target;
  if (!files || files.length === 0) return;
  // Meta splits a large download into several ZIPs: all parts picked together are read as one.
  const input = event.target.id === "zip-input" && files.length === 1 ? files[0] : [...files];
  read(input).finally(() => void (event.target.value = ""));
}

async function start() {
  await setLanguage(startingLanguage(navigator, localStorage));
  watchLanguage($("language"), localStorage, setLanguage);
  $("zip-input").addEventListener("change", picked);
  $("folder-input").addEventListener("change", picked);
  $("cancel").addEventListener("click", () => running?.abort());
  $("answers-form").addEventListener("submit", ask);
  $("print").addEventListener("click", () => window.print());
  watchObjection();
  const listed = await fetch("/site/countries.json").then((response) => response.json()).catch(() => ({ countries: [] }));
  countries = listed.countries;
  fillCountries(t, language, countries);
  setState("empty");
}

start();
