// The page's words in the person's language: chosen from the browser, switchable, remembered on
// this device only. Catalogues are flat JSON files, one folder per part of the page
// (../i18n/<part>/<language>.json), English the fallback for any key. The part `shared` holds what
// the extension says too (verdict words, audiences), copied from its _locales by
// tools/shared-words.mjs, so the badge and the page never word a verdict differently.

export const LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pl", "pt-BR"];
const STORAGE_KEY = "ai-optout-language";

/** The best shipped language for a list of preferences such as `navigator.languages`. */
export function pickLanguage(preferred, stored = null) {
  if (stored && LANGUAGES.includes(stored)) return stored;
  for (const tag of preferred) {
    const exact = LANGUAGES.find((language) => language.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = tag.split("-")[0].toLowerCase();
    const loose = LANGUAGES.find((language) => language.split("-")[0] === base);
    if (loose) return loose;
  }
  return "en";
}

async function catalogue(part, language) {
  const response = await fetch(`/site/i18n/${part}/${language}.json`);
  if (!response.ok) throw new Error(`no ${part} catalogue for ${language}`);
  return response.json();
}

async function catalogues(parts, language) {
  const loaded = await Promise.all(parts.map((part) => catalogue(part, language)));
  return Object.assign({}, ...loaded);
}

/** Load the words of `parts` in `language` (with English beneath) and return `t(key, values)`. */
export async function loadWords(language, parts) {
  const english = await catalogues(parts, "en");
  const words = language === "en" ? english : { ...english, ...(await catalogues(parts, language)) };
  return (key, values = {}) =>
    (words[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) => String(values[name] ?? whole));
}

/** Put the words into every element marked `data-i18n`. */
export function translatePage(document, t, language) {
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  }
}

export function storedLanguage(storage) {
  try {
    return storage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage refused (private mode): the browser's choice stands
  }
}

export function rememberLanguage(storage, language) {
  try {
    storage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered: the page still switches
  }
}
