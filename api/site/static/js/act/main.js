// The "Act" page: the person's record on this service (the same account as the extension's),
// their receipts, and the objection to Meta step by step, in their language.

import { loadWords, translatePage } from "../i18n.js";
import { fillCountries, fillLanguages, guessedCountry, startingLanguage, watchLanguage } from "../locale-selects.js";
import { createClient } from "./api.js";
import { $ } from "./dom.js";
import { showAccount, showStranded, takeLinkFromAddress, wireAccount } from "./account-view.js";
import { fillRecord, showReceipts, wireRecord } from "./record-view.js";
import { showWalkthroughs } from "./walkthrough-view.js";

// Every tab of this origin shares one sign-in: a refresh in one waits for another's to finish.
const lock = (fn) => (navigator.locks ? navigator.locks.request("ai-optout-auth", fn) : fn());

const ctx = {
  api: createClient({ fetch: (...args) => fetch(...args), storage: localStorage, lock }),
  t: (key) => key,
  language: "en",
  prefs: null,
  etag: null,
  timeline: null,
  countries: [],
  reload,
};

async function reload({ quiet = false } = {}) {
  showAccount(ctx);
  if (ctx.api.account()?.status !== "signed_in") {
    ctx.prefs = null;
    ctx.etag = null;
    $("receipts").hidden = true;
    $("object").hidden = true;
    return;
  }
  const answer = await ctx.api.request("/v1/me/preferences");
  showAccount(ctx); // a refresh that failed for good shows as signed out
  if (!answer.ok) return;
  ctx.prefs = answer.body;
  ctx.etag = answer.etag;
  if (quiet) return;
  fillRecord(ctx.prefs);
  const timeline = await ctx.api.request("/v1/me/objection-timeline");
  ctx.timeline = timeline.ok ? timeline.body : null;
  await Promise.all([showReceipts(ctx), showStranded(ctx)]);
  draw();
}

function draw() {
  showWalkthroughs(ctx, ctx.prefs, ctx.timeline);
}

function fillRegions() {
  const chosen = $("region").value || ctx.prefs?.region || guessedCountry(navigator.languages, ctx.countries);
  const first = [["", ctx.t("regionNone")]];
  fillCountries($("region"), { language: ctx.language, countries: ctx.countries, first, chosen });
}

async function setLanguage(code) {
  ctx.language = code;
  ctx.t = await loadWords(code, ["shared", "common", "act"]);
  translatePage(document, ctx.t, code);
  fillLanguages($("language"), code);
  fillRegions();
  showAccount(ctx);
  if (ctx.prefs) {
    await showReceipts(ctx);
    draw();
  }
}

async function start() {
  await setLanguage(startingLanguage(navigator, localStorage));
  const listed = await fetch("/site/countries.json").then((response) => response.json());
  ctx.countries = listed.countries;
  fillRegions();
  watchLanguage($("language"), localStorage, setLanguage);
  wireAccount(ctx);
  wireRecord(ctx);
  takeLinkFromAddress(ctx);
  await reload();
  document.body.dataset.ready = "true"; // tests wait for this
}

start();
