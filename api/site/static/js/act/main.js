// The "Act" page: the person's record on this service (the same account as the extension's),
// their receipts, and the objection to Meta step by step, in their language.

import { LANGUAGES, loadWords, pickLanguage, rememberLanguage, storedLanguage, translatePage } from "../i18n.js";
import { createClient } from "./api.js";
import { $, element } from "./dom.js";
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

function fillLanguages() {
  const names = new Intl.DisplayNames([ctx.language], { type: "language" });
  $("language").replaceChildren(...LANGUAGES.map((code) => element("option", { value: code }, names.of(code) ?? code)));
  $("language").value = ctx.language;
}

function guessedRegion() {
  for (const tag of navigator.languages ?? []) {
    const region = new Intl.Locale(tag).region;
    if (region && ctx.countries.includes(region)) return region;
  }
  return "";
}

function fillRegions() {
  const chosen = $("region").value || ctx.prefs?.region || guessedRegion();
  const names = new Intl.DisplayNames([ctx.language], { type: "region" });
  const named = ctx.countries.map((code) => [code, names.of(code) ?? code]);
  named.sort((a, b) => a[1].localeCompare(b[1], ctx.language));
  $("region").replaceChildren(element("option", { value: "" }, ctx.t("regionNone")), ...named.map(([code, name]) => element("option", { value: code }, name)));
  $("region").value = chosen;
}

async function setLanguage(code) {
  ctx.language = code;
  ctx.t = await loadWords(code, ["shared", "common", "act"]);
  translatePage(document, ctx.t, code);
  fillLanguages();
  fillRegions();
  showAccount(ctx);
  if (ctx.prefs) {
    await showReceipts(ctx);
    draw();
  }
}

async function start() {
  await setLanguage(pickLanguage(navigator.languages ?? [navigator.language], storedLanguage(localStorage)));
  const listed = await fetch("/site/countries.json").then((response) => response.json());
  ctx.countries = listed.countries;
  fillRegions();
  $("language").addEventListener("change", async () => {
    rememberLanguage(localStorage, $("language").value);
    await setLanguage($("language").value);
  });
  wireAccount(ctx);
  wireRecord(ctx);
  takeLinkFromAddress(ctx);
  await reload();
  document.body.dataset.ready = "true"; // tests wait for this
}

start();
