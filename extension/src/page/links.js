// What a link is, as the rules read it: a post (and which kind), a comment or reply, a profile.
// One classification: the readers find items and authors with it, and a page report names each
// link by it (page-shape.js), so a report shows links as the reader saw them.

import { rules } from "./active-rules.js";
import { handleFromUrl } from "./handles.js";

/**
 * Facebook: the post a link's path and query name, or null; a comment's link is not its post's.
 * @param {string} pathname @param {string} search @returns {{id: string, kind: string}|null}
 */
export function fbPostOf(pathname, search) {
  if (rules().FB.commentId.test(search)) return null;
  const target = pathname + search;
  for (const [re, kind] of rules().FB.permalinks) {
    const m = target.match(re);
    if (m) return { id: m[1], kind };
  }
  return null;
}

/** Facebook: the reply or comment a link's query names, or null. @param {string} search @returns {{id: string, kind: "comment"|"reply"}|null} */
export function fbCommentOf(search) {
  const reply = search.match(rules().FB.replyId);
  if (reply) return { id: reply[1], kind: "reply" };
  const comment = search.match(rules().FB.commentId);
  return comment ? { id: comment[1], kind: "comment" } : null;
}

/** Instagram: the post a path names ("/p/x/", "/jane/reel/x/"), or null. @param {string} path @returns {{code: string, kind: string}|null} */
export function igPostOf(path) {
  const m = path.match(rules().IG.postLink);
  return m ? { code: m[2], kind: rules().IG.kindOfLink[m[1]] ?? "post" } : null;
}

/** Instagram: the account a profile path names ("/jane/", "/jane/reels/" → "jane"), or null. @param {string} path */
export function igProfileOf(path) {
  const m = path.match(rules().IG.profileLink);
  const handle = m?.[1].toLowerCase();
  return handle && !rules().IG.reservedPaths.includes(handle) ? handle : null;
}

/**
 * The kind of a link on a platform's page: post, photo, video, reel, story, comment, reply,
 * profile, group or internal. Never the link itself.
 * @param {"facebook"|"instagram"} platform @param {URL} url
 */
export function linkKind(platform, url) {
  const path = url.pathname;
  if (platform === "facebook") {
    const item = fbCommentOf(url.search) ?? fbPostOf(path, url.search);
    if (item) return item.kind;
    if (path.startsWith("/groups/")) return "group";
    return handleFromUrl(platform, url) ? "profile" : "internal";
  }
  if (rules().IG.commentLink.test(path)) return "comment";
  return igPostOf(path)?.kind ?? (igProfileOf(path) ? "profile" : "internal");
}
