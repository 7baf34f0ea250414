// Telling what a ZIP or folder is from its file names alone, before any file is read: another
// service's archive, Meta's HTML export (which we do not parse), or media we never need to open.

// Archives of other services, by a path only they have.
const OTHER_SERVICES = [
  { service: 'google-takeout', pattern: /(?:^|\/)Takeout\/|(?:^|\/)archive_browser\.html$/ },
  { service: 'x-twitter', pattern: /(?:^|\/)data\/(?:tweets|account)\.js$/ },
  { service: 'tiktok', pattern: /(?:^|\/)user_data(?:_tiktok)?\.json$/ },
  { service: 'snapchat', pattern: /(?:^|\/)json\/snap_history\.json$/ },
  { service: 'linkedin', pattern: /(?:^|\/)Connections\.csv$/ },
];

// Meta's HTML export: the same folders as the JSON one, with .html files in place of .json.
const META_HTML = /(?:^|\/)(?:your_instagram_activity|your_facebook_activity|posts|comments|content)\/[^/]+\.html$/;
const MEDIA = /\.(?:jpe?g|png|gif|webp|heic|heif|bmp|mp4|mov|m4v|webm|3gp|avi|mkv|srt|mp3|m4a|aac|wav|opus)$/i;

/** The other service whose archive this is, or null. */
export function otherService(paths) {
  for (const { service, pattern } of OTHER_SERVICES) {
    if (paths.some((path) => pattern.test(path))) return service;
  }
  return null;
}

export const isMetaHtml = (path) => META_HTML.test(path);
export const isMedia = (path) => MEDIA.test(path);
export const isJson = (path) => /\.json$/i.test(path);
