// The page's words in the person's language: chosen from the browser, switchable, remembered on
// this device only. Catalogues are flat JSON files in ../i18n/, English the fallback for any key.

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

async function catalogue(language) {
  const response = await fetch(`/site/i18n/${language}.json`);
  if (!response.ok) throw new Error(`no catalogue for ${language}`);
  return response.json();
}

/** Load `language` (with English beneath it) and return `t(key, values)`. */
export async function loadWords(language) {
  const english = await catalogue("en");
  const words = language === "en" ? english : { ...english, ...(await catalogue(language)) };
  return (key, values = {}) =>
    (words[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) => String(values[name] ?? whole));
}

/** Put the words into every element marked `data-i18n`. */
export function translatePage(document, t, language) {
  document.documentElement.lang = language;
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
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
