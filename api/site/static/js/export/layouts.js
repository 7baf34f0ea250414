// Where Meta's exports keep the person's own items, as data: one row per file pattern, in both
// Facebook layouts (2024+ `your_facebook_activity/…`, and the older one) and Instagram's. Paths
// are matched at any depth, so a picked folder with the export one level down reads the same.
// A reader gets the parsed JSON and a sink; it returns false when the file's layout is unknown.
import {
  arrayOf, facebookMedia, firstTime, instagramRecordsOf, isObject, postKind, recordsOf, stringMapTime,
} from './records.js';

const at = (tail) => new RegExp(`(?:^|/)${tail}$`);

/** One item per record, all of one kind, timed by `time(record)`. */
function each(kind, keys, time) {
  return (json, sink) => {
    const records = recordsOf(json, keys);
    if (!records) return false;
    for (const record of records) sink.item(kind, time(record));
    return true;
  };
}

const created = (record) => record?.creation_timestamp;

function instagramPosts(json, sink) {
  const records = instagramRecordsOf(json, ['ig_posts']);
  if (!records) return false;
  for (const post of records) {
    const media = arrayOf(post?.media);
    sink.item(postKind(media), firstTime(post?.creation_timestamp, ...media.map(created)));
  }
  return true;
}

function instagramReels(json, sink) {
  const records = instagramRecordsOf(json, ['ig_reels_media']);
  if (!records) return false;
  for (const reel of records) {
    sink.item('reel', firstTime(reel?.creation_timestamp, ...arrayOf(reel?.media).map(created)));
  }
  return true;
}

function instagramAccount(json, sink) {
  const profile = arrayOf(json?.profile_user)[0]?.string_map_data;
  if (!isObject(profile)) return false;
  const flag = profile['Private Account']?.value;
  if (flag === 'True' || flag === 'False') sink.account({ private: flag === 'True' });
  return true;
}

function facebookPosts(json, sink) {
  const records = recordsOf(json, ['status_updates_v2', 'status_updates']);
  if (!records) return false;
  for (const post of records) {
    const media = facebookMedia(post);
    for (const one of media) sink.seen(one.uri);
    sink.item(postKind(media), firstTime(post?.timestamp, ...media.map(created)));
  }
  return true;
}

// Photos and videos also listed apart from posts: counted only when no post carried them.
function facebookMediaFile(kind, keys) {
  return (json, sink) => {
    const records = recordsOf(json, keys);
    if (!records) return false;
    for (const media of records) {
      if (!sink.wasSeen(media?.uri)) sink.item(kind, media?.creation_timestamp);
    }
    return true;
  };
}

// `order`: posts are read before the files whose media they may already hold.
export const LAYOUTS = [
  { platform: 'instagram', order: 0, pattern: at('content/posts_\\d+\\.json'), read: instagramPosts },
  { platform: 'instagram', order: 0, pattern: at('content/reels\\.json'), read: instagramReels },
  {
    platform: 'instagram', order: 0, pattern: at('content/stories\\.json'),
    read: each('story', ['ig_stories'], created),
  },
  {
    platform: 'instagram', order: 0, pattern: at('content/profile_photos\\.json'),
    read: each('profile_photo', ['ig_profile_picture'], created),
  },
  {
    platform: 'instagram', order: 0, pattern: at('content/igtv_videos\\.json'),
    read: each('video', ['ig_igtv_media'], (r) => firstTime(r?.creation_timestamp, ...arrayOf(r?.media).map(created))),
  },
  {
    platform: 'instagram', order: 0, pattern: at('comments/(?:post_comments(?:_\\d+)?|reels_comments)\\.json'),
    read: each('comment', ['comments_media_comments', 'comments_reels_comments'], stringMapTime),
  },
  {
    platform: 'instagram', order: 0, pattern: at('personal_information/personal_information\\.json'),
    read: instagramAccount, account: true,
  },
  {
    platform: 'facebook', order: 0,
    pattern: at('posts/your_posts(?:__check_ins__photos_and_videos)?_\\d+\\.json'), read: facebookPosts,
  },
  {
    platform: 'facebook', order: 1, pattern: at('(?:posts|photos_and_videos)/your_videos\\.json'),
    read: facebookMediaFile('video', ['videos_v2', 'videos']),
  },
  {
    platform: 'facebook', order: 1, pattern: at('(?:posts|photos_and_videos)/your_uncategorized_photos\\.json'),
    read: facebookMediaFile('photo', ['other_photos_v2', 'other_photos']),
  },
  {
    platform: 'facebook', order: 1, pattern: at('(?:posts|photos_and_videos)/album/\\d+\\.json'),
    read: facebookMediaFile('photo', ['photos']),
  },
  {
    platform: 'facebook', order: 0, pattern: at('stories/archived_stories\\.json'),
    read: each('story', ['archived_stories_v2', 'archived_stories'], created),
  },
  {
    platform: 'facebook', order: 0, pattern: at('(?:comments_and_reactions|comments)/comments\\.json'),
    read: each('comment', ['comments_v2', 'comments'], (r) => r?.timestamp),
  },
];

/** The row that reads this path, or undefined. */
export function layoutFor(path) {
  return LAYOUTS.find((row) => row.pattern.test(path));
}

// Files that show the export is Meta's even when none of the rows above matched (e.g. no posts yet).
const META_ROOTS = at('(?:your_instagram_activity|your_facebook_activity|personal_information|logged_information|connections|ads_information|security_and_login_information|preferences|apps_and_websites_off_of_(?:instagram|facebook))/.+');
export const isMetaPath = (path) => META_ROOTS.test(path);
