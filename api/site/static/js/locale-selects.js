// The language and country selects every page shows (the questions, /download, /act), filled one
// way: languages named in the page's language, countries sorted by their names in it, a country
// guessed from the browser's languages ("de-AT" → AT) only when the person has not chosen one.
import { LANGUAGES, pickLanguage, rememberLanguage, storedLanguage } from "./i18n.js";
import { option } from "./dom.js";

/** The page's first language: the one picked here before, else the browser's best shipped one. */
export function startingLanguage(navigator, storage) {
  return pickLanguage(navigator.languages ?? [navigator.language], storedLanguage(storage));
}

/** Each shipped language named in `language`, which is selected. */
export function fillLanguages(select, language) {
  const names = new Intl.DisplayNames([language], { type: "language" });
  const document = select.ownerDocument;
  select.replaceChildren(...LANGUAGES.map((code) => option(document, code, names.of(code) ?? code)));
  select.value = language;
}

/** The language the person picks is remembered on this device, then shown. */
export function watchLanguage(select, storage, setLanguage) {
  select.addEventListener("change", async () => {
    rememberLanguage(storage, select.value);
    await setLanguage(select.value);
  });
}

/** The first region of the browser's languages that is listed in `countries`, else "". */
export function guessedCountry(languages, countries) {
  for (const tag of languages ?? []) {
    const region = new Intl.Locale(tag).region;
    if (region && countries.includes(region)) return region; // else the browser's next language
  }
  return "";
}

/**
 * The `first` choices (`[value, label]` pairs: "choose one", "I don't know") then `countries`
 * by name in `language`; `chosen` stays selected when it is one of them, else the empty value.
 */
export function fillCountries(select, { language, countries, first, chosen }) {
  const names = new Intl.DisplayNames([language], { type: "region" });
  const named = countries.map((code) => [code, names.of(code) ?? code]);
  named.sort((a, b) => a[1].localeCompare(b[1], language));
  const choices = [...first, ...named];
  const document = select.ownerDocument;
  select.replaceChildren(...choices.map(([value, label]) => option(document, value, label)));
  select.value = choices.some(([value]) => value === chosen) ? chosen : "";
}
