// The page's one way to make elements: from tags and text only, never HTML strings. Views take
// the document as an argument, so the same code runs on a page and under Node's jsdom.

export function element(document, tag, attributes = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== null) node.textContent = text;
  return node;
}

export const option = (document, value, label) => element(document, "option", { value }, label);
