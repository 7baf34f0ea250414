// The page: the questions, the service's answer, in the person's language.

import { loadWords, translatePage } from "./i18n.js";
import { fillCountries as fillCountriesIn, fillLanguages, guessedCountry, startingLanguage, watchLanguage } from "./locale-selects.js";
import { AUDIENCES, explainRequest, localToday } from "./questions.js";
import { showAnswer } from "./answer-view.js";
import { option as optionIn } from "./dom.js";

const $ = (id) => document.getElementById(id);
let t = (key) => key;
let language = "en";
let countries = [];
let lastResponse = null;

const option = (value, label) => optionIn(document, value, label);

function fillCountries() {
  const chosen = $("country").value || addressedCountry() || guessedCountry(navigator.languages, countries);
  fillCountriesIn($("country"), { language, countries, first: [["", t("chooseCountry")]], chosen });
}

// A link may name the country ("/?region=DE": the extension's notice of changed rules does).
function addressedCountry() {
  const named = new URLSearchParams(location.search).get("region")?.toUpperCase() ?? "";
  return countries.includes(named) ? named : "";
}

function fillAudiences() {
  const platform = new FormData($("questions")).get("platform");
  const chosen = $("audience").value;
  const audiences = AUDIENCES[platform];
  $("audience").replaceChildren(...audiences.map((audience) => option(audience, t(`audience_${audience}`))));
  $("audience").value = audiences.includes(chosen) ? chosen : audiences[0];
}

async function setLanguage(code) {
  language = code;
  t = await loadWords(language, ["shared", "common", "questions"]);
  translatePage(document, t, language);
  fillLanguages($("language"), language);
  fillCountries();
  fillAudiences();
  // The reasons come in the language asked for: ask again rather than show the old ones.
  if (lastResponse) await ask();
}

function showError(key, values) {
  $("form-error").textContent = t(key, values);
  $("form-error").hidden = false;
}

async function answer(event) {
  event.preventDefault();
  await ask();
  if (!$("answer").hidden) $("answer").querySelector("h2").focus({ preventScroll: false });
}

async function ask() {
  $("form-error").hidden = true;
  const form = new FormData($("questions"));
  const country = form.get("country");
  if (!country) {
    showError("errorCountry");
    $("country").focus();
    return;
  }
  const objectedOn = form.get("objected") === "yes" ? form.get("objected_on") : null;
  if (form.get("objected") === "yes" && !objectedOn) {
    showError("errorObjectedOn");
    $("objected-on").focus();
    return;
  }
  const body = explainRequest({
    country,
    platform: form.get("platform"),
    audience: form.get("audience"),
    age: form.get("age"),
    objectedOn,
    today: localToday(),
  });
  let response;
  try {
    response = await fetch("/v1/explain", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": language },
      body: JSON.stringify(body),
    });
  } catch {
    showError("errorOffline");
    return;
  }
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    showError("errorService", { detail: payload.detail ?? payload.title ?? response.status });
    return;
  }
  lastResponse = payload;
  $("policy").textContent = t("policyUsed", { title: payload.policy.title });
  // Said only when the service had no translation in the page's language.
  $("reasons-language").hidden = (payload.lang ?? "en") === language;
  showAnswer(document, $("answers"), t, payload);
  $("answer").hidden = false;
}

async function start() {
  await setLanguage(startingLanguage(navigator, localStorage));
  const listed = await fetch("/site/countries.json").then((response) => response.json());
  countries = listed.countries;
  fillCountries();
  watchLanguage($("language"), localStorage, setLanguage);
  for (const radio of document.querySelectorAll('input[name="platform"]')) radio.addEventListener("change", fillAudiences);
  for (const radio of document.querySelectorAll('input[name="objected"]')) {
    radio.addEventListener("change", () => {
      $("objected-on-field").hidden = new FormData($("questions")).get("objected") !== "yes";
    });
  }
  $("objected-on").max = localToday();
  $("questions").addEventListener("submit", answer);
  $("answer").querySelector("h2").tabIndex = -1;
}

start();
