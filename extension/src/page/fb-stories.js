// Facebook's Stories viewer (/stories/<bucket>/<story id>): the story on show is one item. Its
// author is the profile link in the viewer's header, its date the header's relative time, its
// audience the header's privacy icon when one is shown, else unknown. The buckets' list, the top
// bar and "Create story" tiles are never items. Sources: extension/docs/mobile.md.

import { rules } from "./active-rules.js";
import { audienceOfIcons, isOwnPrivacyButton, ICON_SELECTOR } from "./audience.js";
import { dateFromElement, parseDateLabel } from "./dates.js";
import { outsideInteractive } from "./dom.js";
import { firstHandle } from "./fb-authors.js";
import { openModal } from "./fb-roots.js";
import { cleanText } from "./text.js";

const HEADER_LEVELS = 4; // the header holds the author, the time and the icon within a few levels

/** The story id the address shows in the viewer, or null off the viewer. @param {Document} doc */
export function storyInView(doc) {
  return doc.location?.pathname.match(rules().FB.stories.viewerPath)?.[1] ?? null;
}

/**
 * The story on show, as one item; none when the viewer shows no author yet (still loading).
 * @param {Document} doc @param {string} storyId
 * @param {import("./fb-mobile.js").Context} ctx
 * @returns {{items: import("./fb-reader.js").PageItem[], skipped: {reason: string}[]}}
 */
export function readStory(doc, storyId, ctx) {
  const { notHeader } = rules().FB.stories;
  const scope = openModal(doc) ?? doc.querySelector('[role="main"]') ?? doc.body;
  if (!scope) return { items: [], skipped: [] };
  for (const link of scope.querySelectorAll("a[href]")) {
    const handle = link.closest(notHeader) ? null : firstHandle([link]);
    const header = handle ? headerOf(link, scope, ctx.now) : null;
    if (!header) continue;
    const icons = [...header.el.querySelectorAll(ICON_SELECTOR)];
    const icon = audienceOfIcons(icons);
    const self = icons.some(isOwnPrivacyButton) || Boolean(handle && ctx.selves.has(handle));
    return {
      items: [{
        raw: `fb:story:${storyId}`,
        facts: {
          platform: "facebook", kind: "story", audience: icon?.audience ?? "unknown", created_at: header.date,
          author: self ? "self" : "other", author_age: "unknown",
        },
        root: header.el,
        anchor: outsideInteractive(link, header.el),
        position: "after",
      }],
      skipped: [],
    };
  }
  return { items: [], skipped: [{ reason: "no-signal" }] };
}

/**
 * The nearest element around the author's link that also shows the story's age, and that age.
 * @param {Element} link @param {Element} scope @param {Date} now
 */
function headerOf(link, scope, now) {
  let el = link.parentElement;
  for (let level = 0; el && el !== scope && level < HEADER_LEVELS; level += 1, el = el.parentElement) {
    for (const t of el.querySelectorAll(rules().FB.stories.timeText)) {
      if (t === link || t.contains(link) || link.contains(t) || t.childElementCount > 0) continue;
      const text = cleanText(t.textContent);
      const date = dateFromElement(t) ?? (text.length <= 20 ? parseDateLabel(text, now) : null);
      if (date) return { el, date };
    }
  }
  return null;
}
