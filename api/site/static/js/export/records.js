// Pulling the few facts we need out of one parsed JSON file: where its records are, each record's
// time and, for a post, whether it carries photos or videos. Text fields are never looked at, so
// Meta's mojibake (UTF-8 written as latin-1 escapes) never needs repairing.

const PHOTO = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic', 'heif', 'bmp']);
const VIDEO = new Set(['mp4', 'mov', 'm4v', 'webm', '3gp', 'avi', 'mkv']);

/** The array of records in a file: the file itself or the first of `keys` present. Null when the
 * layout is not one we know. */
export function recordsOf(json, keys) {
  if (Array.isArray(json)) return json;
  if (!isObject(json)) return null;
  for (const key of keys) if (Array.isArray(json[key])) return json[key];
  return null;
}

/** An Instagram post or reel file may hold one post as a bare object (the anonymised sample
 * does): read it as a list of one. Only for those files, where a `media` array means a post. */
export function instagramRecordsOf(json, keys) {
  return recordsOf(json, keys) ?? (isObject(json) && Array.isArray(json.media) ? [json] : null);
}

export const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** 'photo', 'video' or null, from the media's metadata or the ending of its file name. */
export function mediaKind(media) {
  if (!isObject(media)) return null;
  const meta = media.media_metadata;
  if (isObject(meta?.video_metadata)) return 'video';
  if (isObject(meta?.photo_metadata)) return 'photo';
  const ending = typeof media.uri === 'string' ? /\.([a-z0-9]{2,5})$/i.exec(media.uri)?.[1] : undefined;
  if (!ending) return null;
  const lower = ending.toLowerCase();
  return PHOTO.has(lower) ? 'photo' : VIDEO.has(lower) ? 'video' : null;
}

/** A post's kind from what it carries: a video wins over photos, and no known media is a post. */
export function postKind(mediaList) {
  let kind = 'post';
  for (const media of mediaList) {
    const found = mediaKind(media);
    if (found === 'video') return 'video';
    if (found === 'photo') kind = 'photo';
  }
  return kind;
}

/** The media objects of a Facebook post (attachments[].data[].media). */
export function facebookMedia(post) {
  const found = [];
  for (const attachment of arrayOf(post?.attachments)) {
    for (const data of arrayOf(attachment?.data)) if (isObject(data?.media)) found.push(data.media);
  }
  return found;
}

/** The first usable time among several candidates (Meta leaves some at 0). */
export function firstTime(...candidates) {
  for (const value of candidates) if (typeof value === 'number' && value !== 0) return value;
  return candidates.find((value) => value !== undefined);
}

/**
 * An Instagram "string map" record's time: its `Time` entry, or the first non-zero timestamp in
 * any entry, since the keys are written in the account's language.
 */
export function stringMapTime(record) {
  const map = record?.string_map_data;
  if (!isObject(map)) return undefined;
  if (typeof map.Time?.timestamp === 'number') return map.Time.timestamp;
  return firstTime(...Object.values(map).map((entry) => entry?.timestamp));
}

export const arrayOf = (value) => (Array.isArray(value) ? value : []);
