// Fill an extension page's text from _locales: every [data-i18n] element gets its message, and
// every [data-i18n-placeholder] field its placeholder.

/**
 * @param {Document} doc
 * @param {(key: string, subs?: string[]) => string} t
 * @param {string} language e.g. "de", "pt-BR"
 */
export function localize(doc, t, language) {
  doc.documentElement.lang = language;
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (doc.querySelectorAll("[data-i18n]"))) {
    const key = el.dataset.i18n ?? "";
    const text = t(key);
    if (text && text !== key) el.textContent = text;
  }
  for (const el of /** @type {NodeListOf<HTMLInputElement>} */ (doc.querySelectorAll("[data-i18n-placeholder]"))) {
    const key = el.dataset.i18nPlaceholder ?? "";
    const text = t(key);
    if (text && text !== key) el.placeholder = text;
  }
}
