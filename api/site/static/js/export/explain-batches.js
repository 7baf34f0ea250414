// Turning an export's items into `POST /v1/explain` request bodies: only the facts the service
// takes (api/explain/schemas.py), the person's answers filled in, at most MAX_ITEMS per request.
// Each field is copied from a closed list of values, so nothing read from the export but an
// item's platform, kind and date can leave the device.

// api/explain/schemas.py MAX_ITEMS (test/explain-batches.test.js holds the two equal).
export const MAX_ITEMS = 500;

// The reader's kinds as the service names them: a profile photo is profile information.
const KIND = {
  post: 'post', photo: 'photo', video: 'video', reel: 'reel', story: 'story',
  comment: 'comment', profile_photo: 'profile_info',
};
const PLATFORMS = new Set(['facebook', 'instagram']);
const AUDIENCES = new Set([
  'public', 'friends', 'friends_of_friends', 'only_me', 'custom', 'close_friends', 'followers',
  'group_public', 'group_private', 'unknown',
]);
const AGES = new Set(['adult', 'minor', 'unknown']);
const SCOPES = new Set(['posts', 'comments', 'photos_videos', 'stories_reels', 'profile_info', 'ai_chats']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * @param {Array<{platform: string, kind: string, created_at: string|null}>} items the reader's items
 * @param {{region?: string, ageBand?: string, asOf?: string,
 *   audience?: Record<string, string>, commentAudience?: Record<string, string>,
 *   objection?: {filed_on: string, scope?: 'all'|string[]}}} answers the person's answers
 * @param {{account?: Record<string, {private?: boolean}>, maxItems?: number}} options
 *   account: the report's account facts, used where the person gave no audience
 * @returns {Array<object>} request bodies; item ids are "<batch>-<index>", never from the export
 */
export function explainRequests(items, answers = {}, { account = {}, maxItems = MAX_ITEMS } = {}) {
  const common = commonFields(answers);
  const facts = [];
  for (const item of items) {
    const platform = PLATFORMS.has(item.platform) ? item.platform : null;
    const kind = KIND[item.kind];
    if (!platform || !kind) continue;
    const fact = {
      platform,
      kind,
      audience: audienceFor(platform, kind, answers, account),
      author: 'self',
      author_age: AGES.has(answers.ageBand) ? answers.ageBand : 'unknown',
    };
    if (typeof item.created_at === 'string' && DAY.test(item.created_at)) fact.created_at = item.created_at;
    facts.push(fact);
  }
  const bodies = [];
  for (let start = 0; start < facts.length; start += maxItems) {
    const batch = bodies.length;
    const slice = facts.slice(start, start + maxItems).map((fact, i) => ({ id: `${batch}-${i}`, ...fact }));
    bodies.push({ ...common, items: slice });
  }
  return bodies;
}

function commonFields({ region, asOf, objection }) {
  const common = {};
  if (typeof region === 'string' && /^[A-Za-z]{2}$/.test(region)) common.region = region.toUpperCase();
  if (typeof asOf === 'string' && DAY.test(asOf)) common.as_of = asOf;
  if (objection && typeof objection.filed_on === 'string' && DAY.test(objection.filed_on)) {
    const scope = Array.isArray(objection.scope) ? objection.scope.filter((s) => SCOPES.has(s)) : [];
    common.objection = { filed_on: objection.filed_on, scope: scope.length > 0 ? scope : 'all' };
  }
  return common;
}

// A comment's audience is that of the post it is under, someone else's as often as not: only the
// person's answer about comments sets it. Their own items take their answer for the platform,
// else the account's privacy where the export records it (Instagram's "Private Account").
function audienceFor(platform, kind, answers, account) {
  const pick = (value) => (AUDIENCES.has(value) ? value : undefined);
  if (kind === 'comment') return pick(answers.commentAudience?.[platform]) ?? 'unknown';
  const given = pick(answers.audience?.[platform]);
  if (given) return given;
  const isPrivate = account[platform]?.private;
  if (platform === 'instagram' && typeof isPrivate === 'boolean') return isPrivate ? 'followers' : 'public';
  return 'unknown';
}
