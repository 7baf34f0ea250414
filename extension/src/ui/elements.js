// The extension pages' elements by id. A missing id is a bug in the page, so it throws at once
// rather than failing later on null.

/**
 * The form field or container with `id` (typed as a field: the pages' ids name inputs, selects,
 * buttons and plain boxes, and only their common properties are used).
 * @param {Document} doc @param {string} id @returns {HTMLInputElement}
 */
export function byId(doc, id) {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return /** @type {HTMLInputElement} */ (el);
}

/** The link with `id`. @param {Document} doc @param {string} id @returns {HTMLAnchorElement} */
export function linkById(doc, id) {
  return /** @type {HTMLAnchorElement} */ (/** @type {HTMLElement} */ (byId(doc, id)));
}

/** An <option> (what `new Option(text, value)` makes, without reaching for the page's window). */
export function option(doc, text, value) {
  const el = doc.createElement("option");
  el.text = text;
  el.value = value;
  return el;
}
