// Comments, the post menu and dates in every shipped language, written from the page's side
// (independently of src/page-rules.js): a comment whose label orders the name before the words
// ("山田太郎さんのコメント") is found as one, with its author, as "Comment by Jane" is; running text
// holding the words is not a label.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readPage } from "../src/page/page-reader.js";
import { parseDateLabel } from "../src/page/dates.js";
import { audienceFromLabel, groupPageAudience } from "../src/page/audience.js";
import { actionMenus, commentLabel } from "../src/page/fb-roots.js";
import { fold } from "../src/page/text.js";
import { load, plain } from "./helpers/dom.js";

const NOW = new Date(2025, 5, 10, 12);

/**
 * What each language's page says: a comment's and a reply's accessible name ({name}: the person),
 * the post menu, the person's name, a post date as written and the day it is.
 */
const PAGES = {
  en: ["Comment by {name} 2 days ago", "Reply by {name} to Jane Doe's comment a day ago", "Actions for this post", "Sam Lee", "May 3, 2021"],
  de: ["Kommentar von {name} vor 2 Tagen", "Antwort von {name}", "Aktionen für diesen Beitrag", "Jonas Weber", "3. Mai 2021"],
  fr: ["Commentaire de {name} il y a 2 jours", "Réponse de {name}", "Actions pour cette publication", "Léa Martin", "3 mai 2021"],
  es: ["Comentario de {name} hace 10 horas", "Respuesta de {name}", "Acciones para esta publicación", "Laura Cruz", "3 de mayo de 2021"],
  it: ["Commento di {name}", "Risposta di {name}", "Azioni per questo post", "Luca Rossi", "3 maggio 2021"],
  nl: ["Reactie van {name}", "Antwoord van {name}", "Acties voor dit bericht", "Sanne de Vries", "3 mei 2021"],
  pl: ["Komentarz użytkownika {name}", "Odpowiedź użytkownika {name}", "Działania dotyczące tego posta", "Anna Nowak", "3 maja 2021"],
  pt: ["Comentário de {name}", "Resposta de {name}", "Ações para esta publicação", "Ana Souza", "3 de maio de 2021"],
  tr: ["{name} tarafından yapılan yorum", "{name} tarafından verilen yanıt", "Bu gönderi için işlemler", "Ayşe Yılmaz", "3 Mayıs 2021"],
  ar: ["تعليق بواسطة {name} منذ يومين", "رد بواسطة {name}", "إجراءات بشأن هذا المنشور", "\u2067أحمد علي\u2069", "٣ مايو ٢٠٢١"],
  hi: ["{name} द्वारा टिप्पणी", "{name} द्वारा जवाब", "इस पोस्ट के लिए कार्रवाइयां", "राहुल शर्मा", "3 मई 2021"],
  bn: ["{name} এর মন্তব্য", "{name} এর উত্তর", "এই পোস্টের জন্য অ্যাকশন", "রাহিম আহমেদ", "৩ এপ্রিল ২০২১"],
  id: ["Komentar dari {name}", "Balasan dari {name}", "Tindakan untuk postingan ini", "Budi Santoso", "3 Mei 2021"],
  vi: ["Bình luận dưới tên {name} vào 13 giờ trước", "Phản hồi của {name}", "Hành động với bài viết này", "Anh Nhi", "3 tháng 5, 2021"],
  th: ["ความคิดเห็นโดย {name}", "การตอบกลับโดย {name}", "การดำเนินการสำหรับโพสต์นี้", "สมชาย ใจดี", "3 พฤษภาคม 2564"],
  ru: ["Комментарий от {name}", "Ответ от {name}", "Действия для этой публикации", "Иван Петров", "3 мая 2021 г."],
  uk: ["Коментар від {name}", "Відповідь від {name}", "Дії для цього допису", "Олена Коваль", "3 травня 2021 р."],
  ja: ["{name}さんのコメント", "{name}さんの返信", "この投稿に対するアクション", "山田太郎", "2021年5月3日"],
  ko: ["{name}님의 댓글", "{name}님의 답글", "이 게시물에 대한 작업", "김민수", "2021년 5월 3일"],
  tl: ["Komento ni {name}", "Tugon ni {name}", "Mga aksyon para sa post na ito", "Juan dela Cruz", "Mayo 3, 2021"],
  he: ["תגובה של {name}", "תשובה של {name}", "פעולות לפוסט זה", "\u2067דנה כהן\u2069", "3 במאי 2021"],
};
// Bengali's May ("মে") folds to the letter its minutes do and is not read: that page writes April.
const DAY = { bn: "2021-04-03" };

const esc = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** A post of a person's group feed unit, the way Comet writes it, with one comment and one reply. */
function page(lang, [comment, reply, actions, name, date]) {
  const article = (label, handle, id) => `<div role="article" aria-label="${esc(label.replace("{name}", name))}" tabindex="-1">
    <a href="/${handle}/" role="link"><span>${name}</span></a><div dir="auto">…</div>
    <a href="/author.page/posts/1001/?${id}" role="link">2d</a></div>`;
  return `<!doctype html><html lang="${lang}"><body><div role="main"><div role="feed"><div><div aria-posinset="1" role="article">
    <h4><a href="/author.page/">Author</a></h4>
    <a href="/author.page/posts/1001/" aria-label="${esc(date)}"><span>${esc(date)}</span></a>
    <div aria-haspopup="menu" aria-label="${esc(actions)}" role="button">…</div>
    <div data-ad-preview="message"><div dir="auto">…</div></div>
    ${article(comment, `commenter.${lang}`, "comment_id=501")}
    ${article(reply, `replier.${lang}`, "comment_id=501&amp;reply_comment_id=502")}
  </div></div></div></div></body></html>`;
}

for (const [lang, words] of Object.entries(PAGES)) {
  test(`${lang}: a comment and a reply in the language's word order are found, with their authors; the post's date and menu are read`, () => {
    const { document } = load(page(lang, words));
    const { items } = readPage(document, { hostname: "www.facebook.com", pathname: "/", now: NOW, profiles: { facebook: `commenter.${lang}` } });
    const day = DAY[lang] ?? "2021-05-03";
    assert.deepEqual(plain(items).map(({ kind, author }) => [kind, author]), [["post", "other"], ["comment", "self"], ["reply", "other"]]);
    assert.equal(items[0].facts.created_at, day);
    assert.equal(actionMenus(document).length, 1);
    const [comment, reply, , name] = words;
    for (const [template, kind] of [[comment, "comment"], [reply, "reply"]]) {
      const said = commentLabel(template.replace("{name}", name));
      assert.equal(said?.kind, kind, template);
      assert.ok(said.name.startsWith(fold(name)), `${said.name} names ${name}`);
    }
  });
}

// A relative age in each language, as the feed writes it, and how many days back it is.
const AGES = [
  ["en", "3 days ago", 3], ["de", "vor 3 Tagen", 3], ["fr", "il y a 3 j", 3], ["es", "hace 3 días", 3], ["it", "3 giorni fa", 3],
  ["nl", "3 dagen geleden", 3], ["pl", "3 dni temu", 3], ["pt", "há 3 dias", 3], ["tr", "3 gün önce", 3], ["ar", "منذ ٣ أيام", 3],
  ["ar", "منذ يومين", 2], ["hi", "3 दिन पहले", 3], ["bn", "৩ দিন আগে", 3], ["id", "3 hari lalu", 3], ["vi", "3 ngày trước", 3],
  ["th", "3 วันที่แล้ว", 3], ["ru", "3 дня назад", 3], ["uk", "3 дні тому", 3], ["ja", "3日前", 3], ["ko", "3일 전", 3],
  ["tl", "3 araw", 3], ["he", "לפני 3 ימים", 3], ["he", "לפני יומיים", 2], ["he", "לפני שעה", 0], ["he", "3 ש'", 0], ["he", "3 שע׳", 0],
  ["he", "אתמול ב-10:00", 1], ["he", "2 שב'", 14], ["ko", "12월 4일", null], ["vi", "4 Tháng 12 lúc 10:00", null],
];
const back = (days) => new Date(NOW.getTime() - days * 86_400_000).toLocaleDateString("sv");

for (const [lang, label, days] of AGES) {
  test(`${lang}: ${JSON.stringify(label)} is ${days === null ? "4 December, last year" : `${days} days back`}`, () => {
    assert.equal(parseDateLabel(label, NOW), days === null ? "2024-12-04" : back(days));
  });
}

test("digits of Arabic and Persian script, and bidirectional marks around them, read as numbers", () => {
  assert.equal(parseDateLabel("\u200F٤ ديسمبر ٢٠٢٤\u200F", NOW), "2024-12-04");
  assert.equal(parseDateLabel("۴ دسامبر", NOW), null); // Persian month names are not shipped: unknown, not guessed
  assert.equal(parseDateLabel("\u2067۳\u2069 س", NOW), "2025-06-10");
  assert.equal(parseDateLabel("4 בדצמ׳", NOW), "2024-12-04");
  assert.equal(parseDateLabel("13月4日", NOW), null); // no thirteenth month
});

test("a Thai date in the Buddhist era and one in the Gregorian calendar are the same day", () => {
  assert.equal(parseDateLabel("4 ธันวาคม 2567", NOW), "2024-12-04");
  assert.equal(parseDateLabel("4 ธ.ค. 2024", NOW), "2024-12-04");
});

test("running text holding a language's words for a comment is not a comment's label", () => {
  for (const text of [
    "Jane wrote a comment by the lake", "Comment by", "山田さんのコメントを読んで考えたこと", "김민수님의 댓글을 보고",
    "Bu yorum hakkında", "تعليقات الأصدقاء", "תגובה שלי לפוסט", "Bình luận", "Komentarze", "コメントする",
  ]) assert.equal(commentLabel(text), null, text);
});

test("an article inside a post whose name is running text stays out: it is no comment and gets no badge", () => {
  const { document } = load(page("ja", ["{name}さんのコメントを読んで", "{name}の感想", "この投稿に対するアクション", "山田太郎", "2021年5月3日"]));
  const { items } = readPage(document, { hostname: "www.facebook.com", pathname: "/", now: NOW, profiles: {} });
  assert.deepEqual(items.map((it) => it.facts.kind), ["post"]);
});

// Close friends and groups, as the audience icon and a group page's header name them.
const CIRCLES = {
  tr: ["Yakın Arkadaşlar", "Herkese açık grup", "Gizli grup"], ar: ["الأصدقاء المقربون", "مجموعة عامة", "مجموعة خاصة"],
  hi: ["करीबी दोस्त", "सार्वजनिक समूह", "निजी समूह"], bn: ["ঘনিষ্ঠ বন্ধুরা", "পাবলিক গ্রুপ", "প্রাইভেট গ্রুপ"],
  id: ["Teman Dekat", "Grup Publik", "Grup Privat"], vi: ["Bạn thân", "Nhóm Công khai", "Nhóm Riêng tư"],
  th: ["เพื่อนสนิท", "กลุ่มสาธารณะ", "กลุ่มส่วนตัว"], ru: ["Близкие друзья", "Общедоступная группа", "Закрытая группа"],
  uk: ["Близькі друзі", "Публічна група", "Приватна група"], ja: ["親しい友達", "公開グループ", "非公開グループ"],
  ko: ["친한 친구", "공개 그룹", "비공개 그룹"], tl: ["Malalapit na Kaibigan", "Pampublikong grupo", "Pribadong grupo"],
  he: ["חברים קרובים", "קבוצה ציבורית", "קבוצה פרטית"],
};

for (const [lang, [close, open, closed]] of Object.entries(CIRCLES)) {
  test(`${lang}: close friends and a public or private group, on a post's icon and on a group page's header`, () => {
    assert.deepEqual([close, open, closed].map(audienceFromLabel), ["close_friends", "group_public", "group_private"]);
    const header = (word) => load(`<html lang="${lang}"><body><div role="main"><h1>Group</h1><span>${word} · 1.2K</span></div></body></html>`).document;
    assert.deepEqual([open, closed].map((word) => groupPageAudience(header(word))), ["group_public", "group_private"]);
  });
}
