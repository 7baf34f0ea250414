// Synthetic Facebook exports in both layouts, shaped after Meta's own files: posts with and
// without media, the same photo again in an album, comments, text in Meta's mojibake.
import { at } from './build.js';

const MOJIBAKE = 'Caf\u00c3\u00a9 with Zo\u00c3\u00ab \u00f0\u009f\u0098\u0080'; // "Café with Zoë 😀" as Meta writes it

const textPost = (timestamp) => ({
  timestamp, data: [{ post: MOJIBAKE, update_timestamp: timestamp }], title: 'Ana Sm\u00c3\u00adth updated her status.',
});
const mediaPost = (timestamp, uri) => ({
  timestamp,
  attachments: [{ data: [{ media: { uri, creation_timestamp: timestamp, title: 'Mobile uploads', description: MOJIBAKE } }] }],
  data: [{ post: MOJIBAKE }],
  title: 'Ana Sm\u00c3\u00adth added a new photo.',
});
const comment = (timestamp) => ({
  timestamp,
  data: [{ comment: { timestamp, comment: MOJIBAKE, author: 'Ana Sm\u00c3\u00adth' } }],
  title: "Ana Sm\u00c3\u00adth commented on Bob Jones's post.",
});

/** The 2024+ layout under your_facebook_activity/. */
export function facebook2024() {
  const root = 'your_facebook_activity';
  const photo = `${root}/posts/media/Mobileuploads_1/4711.jpg`;
  const video = `${root}/posts/media/videos/4712.mp4`;
  return {
    [`${root}/posts/your_posts__check_ins__photos_and_videos_1.json`]: [
      textPost(at(2019, 5, 3)),
      mediaPost(at(2021, 7, 1), photo),
      mediaPost(at(2022, 2, 14), video),
    ],
    [`${root}/posts/your_posts__check_ins__photos_and_videos_2.json`]: [textPost(at(2019, 8, 9)), textPost(12)],
    // The post's photo again (not counted twice), and one photo posted nowhere else.
    [`${root}/posts/album/0.json`]: {
      name: 'Mobile uploads',
      photos: [{ uri: photo, creation_timestamp: at(2021, 7, 1) }, { uri: `${root}/posts/media/Mobileuploads_1/4713.jpg`, creation_timestamp: at(2020, 1, 2) }],
    },
    [`${root}/posts/your_videos.json`]: { videos_v2: [{ uri: video, creation_timestamp: at(2022, 2, 14) }] },
    [`${root}/posts/your_uncategorized_photos.json`]: { other_photos_v2: [{ uri: `${root}/posts/media/x/4714.jpg`, creation_timestamp: at(2023, 3, 3) }] },
    [`${root}/comments_and_reactions/comments.json`]: { comments_v2: [comment(at(2018, 1, 1)), comment(at(2024, 12, 31))] },
    [`${root}/other_activity/pokes.json`]: { pokes_v2: [] },
    [photo]: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
    'personal_information/profile_information/profile_information.json': { profile_v2: { name: { full_name: 'Ana Sm\u00c3\u00adth' } } },
  };
}

/** The older layout: posts/your_posts_N.json, comments/comments.json, photos_and_videos/. */
export function facebookOlder() {
  const photo = 'photos_and_videos/MobileUploads_abc/99.jpg';
  return {
    'posts/your_posts_1.json': [textPost(at(2012, 6, 1)), mediaPost(at(2013, 6, 1), photo)],
    'comments/comments.json': { comments: [comment(at(2011, 3, 4)), comment(at(2014, 3, 4))] },
    'photos_and_videos/album/0.json': { name: 'Mobile Uploads', photos: [{ uri: photo, creation_timestamp: at(2013, 6, 1) }] },
    'photos_and_videos/your_videos.json': { videos: [{ uri: 'photos_and_videos/videos/1.mp4', creation_timestamp: at(2015, 5, 5) }] },
    'profile_information/profile_information.json': { profile: { name: 'Ana' } },
  };
}

export const FACEBOOK_TEXT = [MOJIBAKE, 'Ana Sm\u00c3\u00adth', 'Mobile uploads', '4711', 'Bob Jones'];
