// The questions the download cannot answer, asked once: country, who usually saw the person's
// posts on each platform (the export's account facts preselect it), age band, objection date.
// Whatever is left as "I don't know" is sent as unknown, never guessed.
import { AUDIENCES, localToday } from "../questions.js";
import { option as optionIn } from "../dom.js";
import { fillCountries as fillCountriesIn, guessedCountry } from "../locale-selects.js";

const $ = (id) => document.getElementById(id);
const PLATFORMS = ["facebook", "instagram"];

const option = (value, label) => optionIn(document, value, label);

/** Fills the country list (names in `language`), keeping the choice or guessing from the browser. */
export function fillCountries(t, language, countries) {
  const select = $("country");
  const chosen = select.value || guessedCountry(navigator.languages, countries);
  const first = [["", t("chooseCountry")], ["unknown", t("countryUnknown")]];
  fillCountriesIn(select, { language, countries, first, chosen });
}

/** The audience question of each platform in the report, preselected from its account facts. */
export function fillAudiences(t, report) {
  for (const platform of PLATFORMS) {
    const select = $(`audience-${platform}`);
    const chosen = select.value;
    const choices = [...AUDIENCES[platform], "unknown"];
    select.replaceChildren(
      ...choices.map((value) => option(value, value === "unknown" ? t("audienceUnknownChoice") : t(`audience_${value}`))),
    );
    select.value = choices.includes(chosen) && chosen ? chosen : accountAudience(report, platform);
    $(`audience-${platform}-field`).hidden = !report?.platforms.includes(platform);
  }
  const isPrivate = report?.account?.instagram?.private;
  $("audience-instagram-help").textContent = typeof isPrivate === "boolean"
    ? t(isPrivate ? "instagramPrivate" : "instagramPublic")
    : t("instagramNoAccountFact");
}

// Instagram's download records whether the account is private: its posts' audience follows.
function accountAudience(report, platform) {
  const isPrivate = report?.account?.[platform]?.private;
  if (platform === "instagram" && typeof isPrivate === "boolean") return isPrivate ? "followers" : "public";
  return "unknown";
}

/** Resets the questions for a new download. */
export function resetAnswers() {
  for (const platform of PLATFORMS) $(`audience-${platform}`).value = "";
}

/**
 * The answers as `explainRequests` takes them, or {error, focus} when one must be given first.
 */
export function readAnswers() {
  const form = new FormData($("answers-form"));
  const country = form.get("country");
  if (!country) return { error: "errorCountry", focus: "country" };
  const objected = form.get("objected") === "yes";
  const filedOn = form.get("objected_on");
  if (objected && !filedOn) return { error: "errorObjectedOn", focus: "objected-on" };
  const audience = {};
  for (const platform of PLATFORMS) audience[platform] = form.get(`audience_${platform}`) || "unknown";
  return {
    answers: {
      region: country === "unknown" ? undefined : country,
      ageBand: form.get("age") ?? "unknown",
      asOf: localToday(),
      audience,
      objection: objected ? { filed_on: filedOn, scope: "all" } : undefined,
    },
  };
}

/** One line for the printed report: the answers the verdicts rest on. */
export function answersLine(t, answers, report) {
  const names = new Intl.DisplayNames([document.documentElement.lang], { type: "region" });
  const parts = [answers.region ? names.of(answers.region) : t("countryUnknown")];
  for (const platform of report.platforms) {
    const value = answers.audience[platform];
    parts.push(`${platform === "facebook" ? "Facebook" : "Instagram"}: ${value === "unknown" ? t("audienceUnknownChoice") : t(`audience_${value}`)}`);
  }
  parts.push(t({ adult: "ageAdult", minor: "ageMinor" }[answers.ageBand] ?? "ageUnknown"));
  parts.push(answers.objection ? t("objectedOnDay", { date: answers.objection.filed_on }) : t("objectedNo"));
  return t("answersUsed", { answers: parts.join(" · ") });
}

export function watchObjection() {
  for (const radio of document.querySelectorAll('input[name="objected"]')) {
    radio.addEventListener("change", () => {
      $("objected-on-field").hidden = new FormData($("answers-form")).get("objected") !== "yes";
    });
  }
  $("objected-on").max = localToday();
}
