// Writes a large synthetic Facebook export to disk, streaming, for the streaming test and the
// benchmark: N posts, M comments over ten years, and one big video the reader must never open.
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { TextReader, ZipWriter } from '../static/vendor/zip-native.min.js';

const ROOT = 'your_facebook_activity';
const START = Date.UTC(2015, 0, 1) / 1000;
const SPAN = 10 * 365 * 86_400;
export const MEDIA_PATH = `${ROOT}/posts/media/videos/holiday.mp4`;

function posts(count) {
  const list = [];
  for (let i = 0; i < count; i += 1) {
    const timestamp = START + Math.floor((i * SPAN) / count);
    const media = i % 3 === 0 ? [{ data: [{ media: { uri: `${ROOT}/posts/media/p/${i}.jpg`, creation_timestamp: timestamp, title: '' } }] }] : undefined;
    list.push({ timestamp, data: [{ post: `Caf\u00c3\u00a9 post number ${i}` }], title: 'Ana updated her status.', attachments: media });
  }
  return list;
}

function comments(count) {
  const list = [];
  for (let i = 0; i < count; i += 1) {
    const timestamp = START + Math.floor((i * SPAN) / count);
    list.push({ timestamp, data: [{ comment: { timestamp, comment: `comment ${i}`, author: 'Ana' } }], title: "Ana commented on Bob's post." });
  }
  return { comments_v2: list };
}

// Incompressible-looking bytes, made quickly: one 1 MiB xorshift block, sent again and again.
function mediaStream(bytes) {
  const block = new Uint32Array((1 << 20) / 4);
  let state = 0x9e3779b9;
  for (let i = 0; i < block.length; i += 1) {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    block[i] = state;
  }
  const chunk = new Uint8Array(block.buffer);
  let left = bytes;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      const size = Math.min(left, chunk.length);
      left -= size;
      controller.enqueue(chunk.slice(0, size));
    },
  });
}

/** Writes the export to `path`; returns what it holds. */
export async function writeSyntheticExport(path, { posts: postCount, comments: commentCount, mediaBytes }) {
  const writer = new ZipWriter(Writable.toWeb(createWriteStream(path)), { useWebWorkers: false });
  await writer.add(`${ROOT}/posts/your_posts__check_ins__photos_and_videos_1.json`, new TextReader(JSON.stringify(posts(postCount))));
  await writer.add(`${ROOT}/comments_and_reactions/comments.json`, new TextReader(JSON.stringify(comments(commentCount))));
  // Stored as it is, as Meta stores media: the reader must skip it without reading its bytes.
  await writer.add(MEDIA_PATH, { readable: mediaStream(mediaBytes), size: mediaBytes }, { level: 0 });
  await writer.close();
  return { posts: postCount, comments: commentCount, mediaBytes };
}
