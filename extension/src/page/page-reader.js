// The page-reading entry point: DOM in, facts out. Picks the site's reader, hashes each raw key
// with the per-install salt (only the hash leaves the page), and memoises the costly whole-page
// signals (embedded JSON) across scans until the page's scripts change.

import { PLATFORMS, platformOf } from "../platforms.js";
import { rulesVersion, useRules } from "./active-rules.js";
import { embeddedAudiences, groupPageAudience } from "./audience.js";
import { readFacebook } from "./fb-reader.js";
import { navigationSelf, ownProfileHandle, sessionViewer } from "./fb-viewer.js";
import { itemKey } from "./hash.js";
import { normalizeHandle } from "./handles.js";
import { isoDay } from "./dates.js";
import { embeddedMedia, embeddedPrivacy, privacyLookup } from "./ig-privacy.js";
import { addressedCode, contentOwner, isOwnProfile, profileOwner, showsGrid, unitKindOf, viewerNotFollowing } from "./ig-profile.js";
import { readInstagram } from "./ig-reader.js";

const PAGE_TRIES = 5;

/**
 * The signed-in person's handles on this page (fb-viewer.js): the session data's, memoised until
 * the page's scripts change, and the page's own navigation and profile header, read again until
 * found (they render after the first scan) for a few scans at most, so a whole-page query is not
 * paid on every scan for nothing. The navigation is searched only when the session data names no
 * vanity address. They stay in the page: only each item's own-or-other is sent.
 * @param {ReaderMemo} cache @param {Document} doc @param {string} path
 * @param {Node[]|null} changed the nodes the page changed since the last scan (null: unknown)
 * @returns {string[]}
 */
function facebookSelf(cache, doc, path, changed) {
  const session = memo(cache, "fbSession", path, () => sessionViewer(doc));
  let seen = cache.fbSeen;
  if (seen?.path !== path) cache.fbSeen = seen = { path, nav: null, header: null, tries: 0 };
  // Not looked for again when every change the page made is inside its feed: a new post shows neither.
  const feed = cache.fbLayout?.path === path ? cache.fbLayout.feed : null;
  const elsewhere = !changed || !feed || !changed.length || changed.some((node) => !feed.contains(node));
  if (elsewhere && seen.tries < PAGE_TRIES && !(seen.nav && seen.header)) {
    seen.tries += 1;
    if (!session.handles.some((h) => !h.startsWith("id:"))) seen.nav ??= navigationSelf(doc, session.name);
    seen.header ??= ownProfileHandle(doc, path);
  }
  return [...new Set([...session.handles, seen.nav, seen.header].filter(Boolean))].sort();
}

/**
 * What the reader keeps across scans: a stamp (salt, handles, day), the Facebook reader's units by
 * root and where its roots are (fb-layout.js), the item keys by raw signal, and the whole-page
 * signals by name; unitsRead: how many Facebook units the last read read afresh (for benchmarks).
 * @typedef {{stamp?: string, fbMemo?: WeakMap<Element, any>, fbLayout?: import("./fb-layout.js").LayoutState,
 *   keys?: Map<string, string>, unitsRead?: number, scripts?: number, [signal: string]: any}} ReaderMemo
 */

const mayAddScript = (node) => node.nodeName === "SCRIPT" || (node.nodeType === 1 && /** @type {Element} */ (node).getElementsByTagName("script").length > 0);

/**
 * Count the page's scripts into `cache.scripts` again only when a change may have added one:
 * counting walks the whole document once the page changed anywhere.
 * @param {ReaderMemo} cache @param {Document} doc @param {Node[]|null} changed
 */
function countScripts(cache, doc, changed) {
  if (cache.scripts === undefined || !changed || changed.some(mayAddScript)) cache.scripts = doc.scripts?.length ?? doc.querySelectorAll("script").length;
}

/** Memoise `make()` per page address and number of scripts (`countScripts`). */
function memo(cache, name, path, make) {
  const stamp = `${path}|${cache.scripts}`;
  const hit = cache[name];
  if (hit && hit.stamp === stamp) return hit.value;
  const value = make();
  cache[name] = { stamp, value };
  return value;
}

/**
 * Read every post and comment of the page.
 * @param {Document} doc
 * @param {{hostname: string, pathname: string, salt?: string, now?: Date,
 *   profiles?: {facebook?: string|null, instagram?: string|null}, cache?: ReaderMemo, changed?: Node[]|null,
 *   removals?: Node[], rules?: import("./active-rules.js").Compiled|null}} options
 *   cache: an object kept across scans; changed: nodes the page changed since the last scan
 *   (nodes added, attributes changed; null or absent = unknown, read everything); removals: nodes
 *   the page took children out of since the last scan; rules: the page rules to read with (a signed
 *   document's, compiled by rules-document.js), the bundled ones when absent.
 * @returns {{items: Array<{facts: import("../messages.js").Fact, root: Element, anchor: Element,
 *   position: "after"|"prepend", raw: string}>, skipped: {reason: string}[]}} raw: the unhashed
 *   signal, which stays in the content script: only `facts` (with the hashed key) is sent on.
 */
export function readPage(doc, options) {
  const platform = platformOf(options.hostname);
  if (!platform) return { items: [], skipped: [] };
  useRules(options.rules ?? null);
  const cache = options.cache ?? {};
  const path = options.pathname ?? "/";
  countScripts(cache, doc, options.changed ?? null);
  const profiles = Object.fromEntries(PLATFORMS.map((p) => [p, normalizeHandle(p, options.profiles?.[p])]));
  const now = options.now ?? new Date();
  const salt = options.salt ?? "";
  // The person's own handles are in the stamp: when the page reveals one more, every unit is read again.
  const selves = platform === "facebook" ? facebookSelf(cache, doc, path, options.changed ?? null) : [];
  const stamp = JSON.stringify([salt, profiles, selves, isoDay(now), rulesVersion()]);
  let { keys, fbMemo, fbLayout } = cache;
  if (cache.stamp !== stamp || !keys || !fbMemo || !fbLayout) {
    Object.assign(cache, { stamp, fbMemo: (fbMemo = new WeakMap()), keys: (keys = new Map()), fbLayout: (fbLayout = {}) });
  }
  let result;
  if (platform === "facebook") {
    const { read, ...found } = readFacebook(doc, {
      now, profiles, memo: fbMemo, changed: options.changed ?? null, removals: options.removals ?? [], layout: fbLayout, path,
      viewer: () => selves,
      embedded: () => memo(cache, "fbScopes", path, () => embeddedAudiences(doc)),
      groupAudience: () => (path.startsWith("/groups/") ? memo(cache, "fbGroup", path, () => groupPageAudience(doc)) : null),
    });
    result = found;
    cache.unitsRead = read ?? found.items.length;
  } else {
    // The profile the page is about: the person's own when its header offers "Edit profile"; public
    // when its grid is on show to a viewer who does not follow it. Read on every scan: the header
    // renders after the first one.
    const owner = profileOwner(path);
    const own = owner !== null && isOwnProfile(doc);
    const json = () => memo(cache, "igPrivacy", path, () => embeddedPrivacy(doc));
    const lookup = privacyLookup(doc, owner, json, () => !own && viewerNotFollowing(doc) && showsGrid(doc));
    const code = addressedCode(path);
    const addressed = () => memo(cache, "igAddressed", path, () => {
      const media = code ? embeddedMedia(doc, code) : null;
      return media && { code, owner: media.owner, date: media.takenAt === null ? null : isoDay(new Date(media.takenAt * 1000)) };
    });
    result = readInstagram(doc, {
      now, profiles, owner: contentOwner(path), self: own ? owner : null, unitKind: unitKindOf(path), addressed, privacy: lookup,
    });
  }
  if (keys.size > 50_000) keys.clear();
  // Each item gets its key in place (items of unchanged roots come back from the memo with theirs).
  for (const item of result.items) {
    if (item.facts.key !== undefined) continue;
    let key = keys.get(item.raw);
    if (!key) keys.set(item.raw, (key = itemKey(salt, item.raw)));
    item.facts.key = key;
  }
  return result;
}
