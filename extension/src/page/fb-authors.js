// Facebook: whose an item is, from its links. Shared by the desktop, mobile and Stories readers.

import { linkUrl } from "./dom.js";
import { handleFromUrl } from "./handles.js";

/** The handle of the first link that points at a person or Page, or null. @param {Iterable<Element>} links */
export function firstHandle(links) {
  for (const a of links) {
    const url = linkUrl(a);
    const handle = url && handleFromUrl("facebook", url);
    if (handle) return handle;
  }
  return null;
}
