// Page-reading rules as DATA, the one place for them: selectors, URL shapes and localised labels
// for Facebook and Instagram. A layout change on either site should be one edit here. Every export
// is a rule: rules-document.js makes the bundled, signed-update-ready document from this module's
// exports as they are, so a rule added here travels in it. Sources and dates for each signal:
// shared/research/fb-ig-dom.md; for each language's labels, extension/docs/labels.md. Labels are
// matched after folding (NFKC, zero-width characters removed, diacritics removed, lower case),
// against all shipped languages at once. The first part holds the eight first shipped (en, de,
// fr, es, it, nl, pl, pt-BR); the second, the languages Facebook and Instagram are most used in
// beyond them.

export const FB = {
  feed: '[role="feed"]',
  posinset: "[aria-posinset]",
  // A post: role=article (Comet, classic); an <article> element (the mobile site, m.).
  article: '[role="article"], article',
  placeholder: '[role="progressbar"], [data-visualcompletion="loading-state"]',
  // Landmarks where climbing from an anchor must stop.
  stopRoles: ["main", "feed", "banner", "navigation", "complementary", "dialog", "contentinfo"],
  // The post header's menu, compared whole: an unverified guess matches nothing else (sources: extension/docs/labels.md).
  actionMenuLabels: [
    "Actions for this post", "Aktionen für diesen Beitrag", "Actions pour cette publication",
    "Acciones para esta publicación", "Azioni per questo post", "Acties voor dit bericht",
    "Działania dotyczące tego posta", "Ações para esta publicação",
    "Ações para esta postagem", "إجراءات لهذا المنشور", "إجراءات بشأن هذا المنشور", "इस पोस्ट के लिए कार्रवाइयाँ",
    "Tindakan untuk postingan ini", "Tindakan untuk kiriman ini", "Hành động với bài viết này", "Действия для этой публикации",
    "Действия с публикацией", "פעולות לפוסט זה",
    // tr bn th uk ja ko tl, and a second Hebrew form: unverified against a real page.
    "Bu gönderi için işlemler", "এই পোস্টের জন্য অ্যাকশন", "การดำเนินการสำหรับโพสต์นี้", "Дії для цього допису",
    "この投稿に対するアクション", "이 게시물에 대한 작업", "Mga aksyon para sa post na ito", "פעולות עבור פוסט זה",
  ],
  // A comment's or reply's accessible name ("Comment by Jane Doe 2 days ago") per language: a template with a
  // {name} slot in the language's order ("{name}さんのコメント"); the age may follow. Its words must stand as words
  // (a letter right after "{name}さんのコメント" makes running text). Replies are tried first (fb-roots.js).
  commentLabels: {
    en: { comment: ["Comment by {name}"], reply: ["Reply by {name}"] },
    de: { comment: ["Kommentar von {name}"], reply: ["Antwort von {name}"] },
    fr: { comment: ["Commentaire de {name}"], reply: ["Réponse de {name}"] },
    es: { comment: ["Comentario de {name}"], reply: ["Respuesta de {name}"] },
    it: { comment: ["Commento di {name}"], reply: ["Risposta di {name}"] },
    nl: { comment: ["Opmerking van {name}", "Reactie van {name}"], reply: ["Antwoord van {name}"] },
    pl: { comment: ["Komentarz użytkownika {name}", "Komentarz od {name}"], reply: ["Odpowiedź użytkownika {name}", "Odpowiedź od {name}"] },
    pt: { comment: ["Comentário de {name}"], reply: ["Resposta de {name}"] },
    // Beyond the first eight, unverified against a real page except where extension/docs/labels.md says.
    tr: { comment: ["{name} tarafından yapılan yorum", "{name} adlı kişinin yorumu"], reply: ["{name} tarafından verilen yanıt", "{name} adlı kişinin yanıtı"] },
    ar: { comment: ["تعليق بواسطة {name}", "تعليق من {name}"], reply: ["رد بواسطة {name}", "رد من {name}"] },
    hi: { comment: ["{name} द्वारा टिप्पणी", "{name} की टिप्पणी"], reply: ["{name} द्वारा जवाब", "{name} का जवाब"] },
    bn: { comment: ["{name} এর মন্তব্য", "{name} দ্বারা মন্তব্য"], reply: ["{name} এর উত্তর", "{name} দ্বারা উত্তর"] },
    id: { comment: ["Komentar dari {name}", "Komentar oleh {name}"], reply: ["Balasan dari {name}", "Balasan oleh {name}"] },
    vi: { comment: ["Bình luận dưới tên {name}", "Bình luận của {name}"], reply: ["Phản hồi dưới tên {name}", "Phản hồi của {name}", "Trả lời của {name}"] },
    th: { comment: ["ความคิดเห็นโดย {name}", "ความคิดเห็นของ {name}"], reply: ["การตอบกลับโดย {name}", "การตอบกลับของ {name}"] },
    ru: { comment: ["Комментарий от {name}", "Комментарий пользователя {name}"], reply: ["Ответ от {name}", "Ответ пользователя {name}"] },
    uk: { comment: ["Коментар від {name}", "Коментар користувача {name}"], reply: ["Відповідь від {name}", "Відповідь користувача {name}"] },
    ja: { comment: ["{name}さんのコメント"], reply: ["{name}さんの返信"] },
    ko: { comment: ["{name}님의 댓글"], reply: ["{name}님의 답글"] },
    tl: { comment: ["Komento ni {name}", "Komento mula kay {name}"], reply: ["Tugon ni {name}", "Sagot ni {name}"] },
    he: { comment: ["תגובה של {name}", "תגובה מאת {name}"], reply: ["תשובה של {name}", "תשובה מאת {name}"] },
  },
  // Post permalinks, most specific first: [shape, kind]; group 1 is the id. Comment links are told apart below.
  permalinks: /** @type {Array<[RegExp, string]>} */ ([
    [/\/groups\/[^/?#]+\/(?:posts|permalink)\/(\d+|pfbid\w+)/, "post"],
    [/\/posts\/(pfbid\w+|\d+)/, "post"],
    [/[?&]story_fbid=(pfbid\w+|\d+)/, "post"],
    [/\/permalink\/(\d+)/, "post"],
    [/[?&]multi_permalinks=(\d+)/, "post"],
    [/\/reel\/(\d+)/, "reel"],
    [/\/stories\/\d+\/([\w=-]+)/, "story"],
    [/\/videos\/(?:[^/?#]+\/)?(\d+)/, "video"],
    [/\/watch\/?\?v=(\d+)/, "video"],
    [/\/photo(?:\.php)?\/?\?fbid=(\d+)/, "photo"],
    [/\/photos\/[^/?#]+\/(\d+)/, "photo"],
  ]),
  commentId: /[?&]comment_id=(\d+)/,
  replyId: /[?&]reply_comment_id=(\d+)/,
  // Where a post's author link is, most specific first.
  authorLinks: '[data-ad-rendering-role="profile_name"] a[href], h2 a[href], h3 a[href], h4 a[href], h5 a[href], strong a[href]',
  // Machine dates: unix seconds in data-utime (classic) or in data-store's "time" (mobile), ISO in datetime.
  dateElements: 'abbr[data-utime], abbr[data-store*="time"], time[datetime]',
  // Where the person's own profile link is shown under their name (the left rail, the top bar).
  viewerLinks: '[role="navigation"] a[href], [role="banner"] a[href]',
  // A profile header's buttons: "Edit profile" among them says the profile is the person's own.
  profileButtons: 'button, [role="button"]',
  // Path roots that are not people or Pages.
  reservedPaths: [
    "groups", "watch", "reel", "reels", "events", "stories", "photo", "photo.php", "permalink.php",
    "story.php", "hashtag", "ads", "login", "marketplace", "gaming", "help", "privacy", "settings",
    "notifications", "messages", "bookmarks", "search", "l.php", "share", "sharer", "me",
  ],
  // The mobile sites' plain markup (mbasic., touch., and m. where it serves it), read by
  // fb-mobile.js. Sources and dates: extension/docs/mobile.md.
  mobile: {
    // Markup only these sites serve (never Comet's): a page holding none of it is read as Comet.
    markup: '#m_newsfeed_stream, #m_story_permalink_view, #objects_container, article[data-ft], [data-sigil~="comment"]',
    // A post: an <article>, a role=article, or a block whose data-ft names its post (mbasic's feed).
    posts: 'article, [role="article"], [data-ft*="top_level_post_id"]',
    // In data-ft: the post's id, and its publish time (unix seconds) under page_insights.
    postId: /"top_level_post_id":"?(\d+)/,
    publishTime: /"publish_time":(\d{9,11})\b/,
    // Comments: touch's data-sigil ("comment inline-reply" for a reply), and mbasic's blocks with a
    // numeric id under the post's "ufi_<post id>" block.
    comments: '[data-sigil~="comment"], [id^="ufi_"] div[id]',
    commentElementId: /^\d+$/,
    replySigil: "inline-reply",
    ufiId: /^ufi_(\d+)$/,
    // The date as written ("December 22 at 8:41 PM", "22 hrs"), or with data-store's time.
    dates: "abbr",
    // The audience written as a word after the date, in the footer ("Public", "Friends").
    audienceText: '#inline-privacy-survey-audience, abbr ~ span:not([aria-hidden="true"])',
  },
  // The Stories viewer: one story at a time, at /stories/<bucket>/<story id>. Read by fb-stories.js.
  stories: {
    viewerPath: /^\/stories\/[^/?#]+\/([\w=-]+)/,
    // Where the viewer's header is not: the buckets' list, the top bar, "Create story" tiles.
    notHeader: '[role="navigation"], [role="banner"], [role="complementary"], [role="grid"], [role="list"]',
    // The header's relative time ("5h") is short text of its own.
    timeText: "span, abbr, a",
  },
};

export const IG = {
  article: "article",
  // /p/<code>/, /<user>/p/<code>/, /reel/<code>/; group 1 is the kind of link, group 2 the shortcode.
  postLink: /^\/(?:[A-Za-z0-9._]+\/)?(p|reel|reels|tv)\/([A-Za-z0-9_-]{5,})\/?$/,
  kindOfLink: { p: "post", reel: "reel", reels: "reel", tv: "video" },
  commentLink: /\/(?:p|reel)\/([A-Za-z0-9_-]{5,})\/c\/(\d+)(?:\/r\/(\d+))?\/?$/,
  // A profile, or one of its own tabs ("/jane/reels/": the Reels viewer names a reel's author so).
  profileLink: /^\/([A-Za-z0-9._]{1,30})\/(?:reels\/?)?$/,
  media: 'img, video, [role="img"]',
  // A viewer's unit without a permalink (the Reels viewer, 2026) is found by its one playing medium.
  unitMedia: "video",
  // Landmarks where climbing from a unit's medium must stop.
  stopRoles: ["main", "banner", "navigation", "complementary", "dialog", "contentinfo"],
  // Pages that show one item or a viewer of items: the unit's kind comes from the address.
  reelsViewer: /^\/reels\/?$/,
  // A profile's own content tabs: the profile is the author of what they show (not "tagged", "saved").
  ownerTabs: ["", "reels"],
  // The profile page's header: its buttons say whether the viewer follows, or owns, the profile.
  profileHeader: "main header",
  headerButtons: 'button, [role="button"], a[href]',
  editProfileLink: /^\/accounts\/edit\/?$/,
  // The description Instagram writes for a photo names its date ("Photo by Jane on October 31,
  // 2021. May be …"), in English on pages in every language (seen on es 2022 and zh 2025 pages).
  mediaAltDated: ["Photo by", "Photo shared by"],
  reservedPaths: [
    "explore", "reel", "reels", "p", "tv", "stories", "direct", "accounts", "about", "legal",
    "developer", "web", "emails", "challenge", "your_activity", "locations", "tags", "privacy",
  ],
  privateAccountTexts: [
    "This account is private", "Dieses Konto ist privat", "Ce compte est privé",
    "Esta cuenta es privada", "Questo account è privato", "Dit account is privé",
    "To konto jest prywatne", "Esta conta é privada",
  ],
};

// The accessible name of the audience icon starts with one of these, or is an audience word alone.
export const AUDIENCE_PREFIXES = [
  "Shared with", "Sharing with", "Edit privacy", "Geteilt mit", "Teilen mit", "Privatsphäre bearbeiten",
  "Partagé avec", "Partage avec", "Modifier la confidentialité", "Compartido con", "Compartiendo con",
  "Editar privacidad", "Condiviso con", "Contenuto condiviso con", "Modifica privacy", "Gedeeld met",
  "Delen met", "Privacy bewerken", "Udostępnione dla", "Udostępniono", "Grono odbiorców",
  "Edytuj prywatność", "Compartilhado com", "Compartilhando com", "Editar privacidade",
];

// Audience words by value, tested IN THIS ORDER (the more specific phrase first: "friends of
// friends" before "friends", "public group" before "public", "members of <group>" before any).
// "Public group", in every shipped language: an audience word and a group page's header.
const GROUP_PUBLIC = [
  "public group", "öffentliche gruppe", "groupe public", "grupo público", "gruppo pubblico",
  "openbare groep", "grupa publiczna",
];
const GROUP_PRIVATE = [
  "private group", "private gruppe", "groupe privé", "grupo privado", "gruppo privato", "besloten groep", "privégroep", "grupa prywatna",
];

/** @type {Array<[string, string[]]>} */
export const AUDIENCE_WORDS = [
  ["custom", [
    "friends except", "freunde außer", "amis sauf", "amigos excepto", "amici tranne", "vrienden behalve",
    "znajomi z wyjątkiem", "amigos exceto", "specific friends", "bestimmte freunde", "amis spécifiques",
    "amigos concretos", "amici specifici", "specifieke vrienden", "konkretni znajomi", "amigos específicos",
  ]],
  ["group_private", [
    "members of", "mitglieder von", "membres de", "miembros de", "membri di", "leden van",
    "członkowie", "membros de", ...GROUP_PRIVATE,
  ]],
  ["group_public", GROUP_PUBLIC],
  ["friends_of_friends", [
    "friends of friends", "freunde von freunden", "amis de leurs amis", "amis d'amis", "amis des amis",
    "amigos de amigos", "amigos de los amigos", "amici di amici", "amici degli amici",
    "vrienden van vrienden", "znajomi znajomych", "amigos dos amigos",
  ]],
  ["only_me", [
    "only me", "nur ich", "moi uniquement", "moi seulement", "solo yo", "solo io", "alleen ik",
    "tylko ja", "somente eu", "apenas eu", "só eu",
  ]],
  ["close_friends", [
    "close friends", "enge freunde", "amis proches", "mejores amigos", "amici più stretti",
    "goede vrienden", "naaste vrienden", "bliscy znajomi", "amigos próximos", "melhores amigos",
  ]],
  ["public", [
    "public", "öffentlich", "público", "publico", "pubblico", "tutti", "openbaar", "publiczne",
    "publiczny", "everyone",
  ]],
  ["friends", ["friends", "freunde", "amis", "amigos", "amici", "vrienden", "znajomi"]],
  ["custom", ["custom", "benutzerdefiniert", "personnalisé", "personalizado", "personalizzato", "aangepast", "niestandardowe"]],
];

// "Sponsored" and the 2026 short form "Ad", in every shipped language.
export const SPONSORED_LABELS = [
  "Sponsored", "Gesponsert", "Sponsorisé", "Publicidad", "Sponsorizzato", "Gesponsord",
  "Sponsorowane", "Patrocinado", "Ad", "Anzeige", "Werbung", "Publicité", "Anuncio", "Annuncio",
  "Advertentie", "Reklama", "Anúncio",
];

// Month names and abbreviations (incl. genitive forms) of the first eight and Arabic ("٥ مايو ٢٠٢١"; its digits
// fold to ASCII, text.js); the further languages' join from MONTH_NAMES below.
/** @type {Record<number, string[]>} */
export const MONTHS = {
  1: ["january", "jan", "januar", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari", "stycznia", "styczeń", "sty", "janeiro", "يناير"],
  2: ["february", "feb", "februar", "février", "fevrier", "févr", "febrero", "febbraio", "februari", "lutego", "luty", "lut", "fevereiro", "fev", "فبراير"],
  3: ["march", "mar", "märz", "marz", "mars", "marzo", "maart", "marca", "marzec", "março", "marco", "مارس"],
  4: ["april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień", "kwi", "أبريل", "ابريل"],
  5: ["may", "mai", "mayo", "maggio", "mag", "mei", "maja", "maj", "maio", "مايو"],
  6: ["june", "jun", "juni", "juin", "junio", "giugno", "giu", "czerwca", "czerwiec", "cze", "junho", "يونيو"],
  7: ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "lipca", "lipiec", "lip", "julho", "يوليو"],
  8: ["august", "aug", "août", "aout", "agosto", "augustus", "sierpnia", "sierpień", "sie", "أغسطس", "اغسطس"],
  9: ["september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "września", "wrzesień", "wrz", "setembro", "سبتمبر"],
  10: ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "października", "październik", "paź", "outubro", "out", "أكتوبر", "اكتوبر"],
  11: ["november", "nov", "novembre", "noviembre", "listopada", "listopad", "lis", "novembro", "نوفمبر"],
  12: ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "grudnia", "grudzień", "gru", "dezembro", "ديسمبر"],
};

// Months of the further languages, January first, "|" between forms (vi, ja, ko: NUMBERED_DATES).
// Thai "ม.ค."/"มี.ค." and Bengali "মে" (May) are left out: folding makes them another word.
const MONTH_NAMES = {
  tr: ["ocak|oca", "şubat|şub", "mart", "nisan|nis", "mayıs", "haziran|haz", "temmuz|tem", "ağustos|ağu", "eylül|eyl", "ekim", "kasım", "aralık"],
  hi: ["जनवरी", "फ़रवरी|फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर|सितम्बर", "अक्टूबर", "नवंबर|नवम्बर", "दिसंबर|दिसम्बर"],
  bn: ["জানুয়ারী|জানুয়ারি", "ফেব্রুয়ারী|ফেব্রুয়ারি", "মার্চ", "এপ্রিল", "", "জুন", "জুলাই", "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর"],
  id: ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus|agu", "september", "oktober", "november", "desember|des"],
  th: ["มกราคม", "กุมภาพันธ์|ก.พ.", "มีนาคม", "เมษายน|เม.ย.", "พฤษภาคม|พ.ค.", "มิถุนายน|มิ.ย.", "กรกฎาคม|ก.ค.", "สิงหาคม|ส.ค.", "กันยายน|ก.ย.", "ตุลาคม|ต.ค.", "พฤศจิกายน|พ.ย.", "ธันวาคม|ธ.ค."],
  ru: ["января|янв", "февраля|февр", "марта", "апреля", "мая", "июня", "июля", "августа|авг", "сентября|сент", "октября", "ноября|нояб", "декабря|дек"],
  uk: ["січня|січ", "лютого|лют", "березня|берез", "квітня|квіт", "травня|трав", "червня|черв", "липня", "серпня|серп", "вересня|верес", "жовтня|жовт", "листопада|листоп", "грудня|груд"],
  tl: ["enero", "pebrero", "marso", "abril", "mayo", "hunyo", "hulyo", "agosto", "setyembre", "oktubre", "nobyembre", "disyembre"],
  // Hebrew writes "in" before the month ("4 בדצמבר 2024"), and shortens it with a geresh ("4 בדצמ׳").
  he: ["ינואר|בינואר|בינו", "פברואר|בפברואר|בפבר", "מרץ|במרץ", "אפריל|באפריל|באפר", "מאי|במאי", "יוני|ביוני", "יולי|ביולי", "אוגוסט|באוגוסט|באוג", "ספטמבר|בספטמבר|בספט", "אוקטובר|באוקטובר|באוק", "נובמבר|בנובמבר|בנוב", "דצמבר|בדצמבר|בדצמ"],
};
for (const months of Object.values(MONTH_NAMES)) {
  months.forEach((forms, i) => MONTHS[i + 1].push(...forms.split("|").filter(Boolean)));
}

// Dates with the month as a number, on folded text (Hangul folds to jamo, written as escapes): "2024年12月4日",
// "12月4日" (ja), "2024년 12월 4일" (ko), "4 tháng 12, 2024", "4 Tháng 12 lúc 10:00" (vi). Groups: y (optional), m, d.
export const NUMBERED_DATES = [
  /(?:(?<y>\d{4})\s*年\s*)?(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*日/u,
  /(?:(?<y>\d{4})\s*\u1102\u1167\u11ab\s*)?(?<m>\d{1,2})\s*\u110b\u116f\u11af\s*(?<d>\d{1,2})\s*\u110b\u1175\u11af/u,
  /(?<d>\d{1,2}) thang (?<m>\d{1,2})(?:,? (?:nam )?(?<y>\d{4}))?/u,
];

export const YESTERDAY = ["yesterday", "gestern", "hier", "ayer", "ieri", "gisteren", "wczoraj", "ontem"];

// Relative ages ("22h", "3 days ago", "2 Std.", "1 sem."): unit words → days per unit (0 = today).
/** @type {Array<[number, string[]]>} */
export const RELATIVE_UNITS = [
  [0, ["s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "godz", "uur", "ore", "ora", "horas", "hora", "heures", "heure"]],
  [1, ["d", "day", "days", "t", "tag", "tage", "tagen", "j", "jour", "jours", "dia", "dias", "día", "días", "g", "giorni", "giorno", "dag", "dagen", "dni", "dzień"]],
  [7, ["w", "wk", "wks", "week", "weeks", "wo", "woche", "wochen", "sem", "semaine", "semaines", "semana", "semanas", "sett", "settimana", "settimane", "weken", "tyg", "tydzień", "tygodnie"]],
];

// ---- Beyond the first eight: tr ar hi bn id vi th ru uk ja ko tl he, and more forms of es pt fr (sources: extension/docs/labels.md).

/** Audience words per language (close friends and groups: unverified against a real page). */
const AUDIENCE = {
  tr: { public: ["herkese açık", "herkes"], friends: ["arkadaşlar"], friends_of_friends: ["arkadaşların arkadaşları"], only_me: ["sadece ben", "yalnızca ben"],
    close_friends: ["yakın arkadaşlar"], group_public: ["herkese açık grup"], group_private: ["gizli grup", "özel grup"] },
  ar: { public: ["العامة", "عام", "الجمهور"], friends: ["الأصدقاء", "الاصدقاء"], friends_of_friends: ["أصدقاء الأصدقاء", "اصدقاء الاصدقاء"], only_me: ["أنا فقط", "انا فقط"],
    close_friends: ["الأصدقاء المقربون"], group_public: ["مجموعة عامة"], group_private: ["مجموعة خاصة"] },
  hi: { public: ["सार्वजनिक"], friends: ["मित्र", "दोस्त"], friends_of_friends: ["मित्रों के मित्र", "दोस्तों के दोस्त"], only_me: ["केवल मैं", "सिर्फ़ मैं"],
    close_friends: ["करीबी दोस्त", "करीबी मित्र"], group_public: ["सार्वजनिक समूह", "सार्वजनिक ग्रुप"], group_private: ["निजी समूह", "निजी ग्रुप"] },
  bn: { public: ["সর্বজনীন", "পাবলিক"], friends: ["বন্ধুরা", "বন্ধু"], friends_of_friends: ["বন্ধুদের বন্ধুরা"], only_me: ["শুধুমাত্র আমি", "কেবল আমি"],
    close_friends: ["ঘনিষ্ঠ বন্ধুরা"], group_public: ["পাবলিক গ্রুপ"], group_private: ["প্রাইভেট গ্রুপ"] },
  id: { public: ["publik", "umum"], friends: ["teman"], friends_of_friends: ["teman dari teman", "teman-teman dari teman"], only_me: ["hanya saya"],
    close_friends: ["teman dekat"], group_public: ["grup publik"], group_private: ["grup privat"] },
  vi: { public: ["công khai"], friends: ["bạn bè"], friends_of_friends: ["bạn của bạn bè", "bạn bè của bạn bè"], only_me: ["chỉ mình tôi"],
    close_friends: ["bạn thân"], group_public: ["nhóm công khai"], group_private: ["nhóm riêng tư"] },
  th: { public: ["สาธารณะ"], friends: ["เพื่อน"], friends_of_friends: ["เพื่อนของเพื่อน"], only_me: ["เฉพาะฉัน", "เฉพาะฉันเท่านั้น"],
    close_friends: ["เพื่อนสนิท"], group_public: ["กลุ่มสาธารณะ"], group_private: ["กลุ่มส่วนตัว"] },
  ru: { public: ["доступно всем", "общедоступно", "все"], friends: ["друзья"], friends_of_friends: ["друзья друзей"], only_me: ["только я"],
    close_friends: ["близкие друзья"], group_public: ["общедоступная группа"], group_private: ["закрытая группа", "частная группа"] },
  uk: { public: ["загальнодоступне", "усі", "всі", "публічно"], friends: ["друзі"], friends_of_friends: ["друзі друзів"], only_me: ["лише я", "тільки я"],
    close_friends: ["близькі друзі"], group_public: ["публічна група", "загальнодоступна група"], group_private: ["приватна група", "закрита група"] },
  ja: { public: ["公開"], friends: ["友達"], friends_of_friends: ["友達の友達"], only_me: ["自分のみ"],
    close_friends: ["親しい友達"], group_public: ["公開グループ"], group_private: ["非公開グループ"] },
  ko: { public: ["전체 공개", "공개"], friends: ["친구"], friends_of_friends: ["친구의 친구"], only_me: ["나만 보기"],
    close_friends: ["친한 친구"], group_public: ["공개 그룹"], group_private: ["비공개 그룹"] },
  // Hebrew, the other right-to-left language Facebook serves widely.
  he: { public: ["ציבורי"], friends: ["חברים"], friends_of_friends: ["חברים של חברים"], only_me: ["רק אני"],
    close_friends: ["חברים קרובים"], group_public: ["קבוצה ציבורית"], group_private: ["קבוצה פרטית"] },
  tl: { public: ["pampubliko", "publiko"], friends: ["mga kaibigan"], friends_of_friends: ["mga kaibigan ng mga kaibigan"], only_me: ["ako lang"],
    close_friends: ["malalapit na kaibigan"], group_public: ["pampublikong grupo"], group_private: ["pribadong grupo"] },
  // Gender-inclusive French ("Les ami(e)s de vos ami(e)s") reads as "les amis de vos amis" once "(e)" is dropped.
  fr: { public: [], friends: ["vos amis", "amis de"], friends_of_friends: ["amis de vos amis", "amis de leurs amis"], only_me: [] },
  es: { public: [], friends: ["amigos de"], friends_of_friends: [], only_me: [] },
  pt: { public: [], friends: ["amigos de"], friends_of_friends: [], only_me: [] },
};

/** The start of the audience icon's name: "Shared with …", and the owner's "Edit privacy" button. */
export const SHARED_WITH = [
  "Paylaşılan kişiler", "Paylaşım kitlesi", "تمت المشاركة مع", "مشاركة مع", "इनके साथ शेयर किया गया", "के साथ शेयर किया गया",
  "শেয়ার করা হয়েছে", "Dibagikan dengan", "Dibagikan ke", "Đã chia sẻ với", "Chia sẻ với", "แชร์กับ", "Поделились с",
  "Доступно", "Кому видно", "Поширено з", "Кому доступно", "共有範囲", "공유 대상", "Ibinahagi sa", "Partilhado com",
  "שותף עם", "משותף עם", // he, unverified against a real page
];
export const EDIT_PRIVACY = [
  "Edit privacy", "Privatsphäre bearbeiten", "Modifier la confidentialité", "Editar privacidad", "Modifica privacy",
  "Privacy bewerken", "Edytuj prywatność", "Editar privacidade", "Gizliliği düzenle", "تعديل الخصوصية",
  "गोपनीयता संपादित करें", "Edit Privasi", "Chỉnh sửa quyền riêng tư", "แก้ไขความเป็นส่วนตัว",
  "Изменить настройки конфиденциальности", "Редагувати конфіденційність", "プライバシー設定を編集", "공개 범위 수정",
  "গোপনীয়তা এডিট করুন", "I-edit ang privacy", "עריכת פרטיות", // bn, tl, he: unverified against a real page
];

/** "Sponsored" as the sites write it. */
export const SPONSORED = [
  "Sponsorlu", "Reklam", "ممول", "إعلان", "प्रायोजित", "স্পনসর্ড", "Bersponsor", "Được tài trợ", "ได้รับการสนับสนุน",
  "Реклама", "Спонсорский", "Спонсорована", "広告", "スポンサー", "광고", "Patrocinada", "ממומן",
];

/**
 * Relative ages: unit word → days per unit (0 = today). Years and months count as 365 and 30. A word is in one list
 * only: "год" (Ukrainian hours, Russian year) is in none. Dual forms ("منذ يومين", "לפני יומיים": two days ago) stand
 * for two units. Hebrew's short forms ("3 ש'": hours, "2 שב'": weeks) are unverified against a real page.
 */
export const RELATIVE = /** @type {Array<[number, string[]]>} */ ([
  [0, ["sn", "dk", "sa", "saniye", "dakika", "saat", "ث", "د", "س", "ثانية", "دقيقة", "ساعة", "ساعات", "सेकंड", "मिनट", "घंटे", "घंटा",
    "detik", "menit", "jam", "giây", "phút", "giờ", "วินาที", "นาที", "ชั่วโมง", "ชม", "с", "сек", "мин", "хв", "ч", "秒", "分", "時間",
    "초", "분", "시간", "segundo", "minuto", "oras", "min", "mn", "час", "часа", "часов", "минут", "минуты", "минуту",
    "годину", "години", "годин", "хвилин", "хвилини", "хвилину", "ঘণ্টা", "ঘন্টা", "মিনিট", "সেকেন্ড", "ש", "שע", "שעה", "שעות", "ד", "דק",
    "דקה", "דקות", "שעתיים", "ساعتين", "دقيقتين"]],
  [1, ["g", "gün", "ي", "يوم", "أيام", "दिन", "hari", "ngày", "วัน", "д", "дн", "дня", "дней", "день", "日", "일", "araw", "dias", "дні", "днів", "দিন", "י", "יום", "ימים"]],
  [2, ["יומיים", "يومين"]],
  [7, ["hf", "hafta", "أسبوع", "أسابيع", "सप्ताह", "minggu", "mg", "tuần", "สัปดาห์", "нед", "тиж", "週間", "週", "주", "linggo", "неделю", "недели", "недель", "тиждень", "тижні", "тижнів", "সপ্তাহ", "שב", "שבוע", "שבועות"]],
  [14, ["שבועיים", "أسبوعين"]],
  [30, ["mo", "mos", "month", "months", "ay", "mes", "meses", "mois", "monat", "monate", "monaten", "mese", "mesi", "maand", "maanden", "mies", "miesiąc", "miesiące", "mês", "شهر", "أشهر", "महीने", "bulan", "tháng", "เดือน", "мес", "міс", "か月", "개월", "buwan", "месяц", "месяца", "месяцев", "місяць", "місяці", "місяців", "মাস", "ח", "חודש", "חודשים"]],
  [60, ["חודשיים", "شهرين"]],
  [365, ["y", "yr", "yrs", "year", "years", "a", "an", "ans", "año", "años", "ano", "anos", "jahr", "jahre", "jahren", "anno", "anni", "jaar", "jaren", "r", "rok", "lat", "lata", "yıl", "سنة", "سنوات", "साल", "वर्ष", "tahun", "thn", "năm", "ปี", "г", "года", "лет", "р", "рік", "роки", "років", "年", "년", "taon", "বছর", "שנה", "שנים"]],
  [730, ["שנתיים", "سنتين", "عامين"]],
]);

/** Words around a relative age: before it ("il y a 2 jours", "לפני 3 שעות"), after it ("3時間前", "3 days ago"). */
export const AGO = {
  before: ["about", "il y a", "vor", "hace", "fa", "ha", "há", "около", "منذ", "sekitar", "לפני", "cách đây", "khoảng"],
  after: ["ago", "前", "전", "назад", "тому", "önce", "पहले", "আগে", "lalu", "trước", "ที่แล้ว", "atrás", "fa", "geleden", "temu"],
};

/** "Just now": today. */
export const JUST_NOW = [
  "just now", "hace un momento", "agora mesmo", "à l'instant", "gerade eben", "gerade", "adesso", "zojuist", "przed chwilą",
  "az önce", "الآن", "अभी", "এইমাত্র", "baru saja", "vừa xong", "เมื่อสักครู่", "только что", "щойно", "たった今", "방금", "ngayon lang",
  "עכשיו", "ממש עכשיו", // he, unverified against a real page
];

/** "Yesterday" words (the first word of "Yesterday at 10:00"). */
export const YESTERDAY_WORDS = ["dün", "أمس", "कल", "গতকাল", "kemarin", "hôm qua", "เมื่อวาน", "вчера", "вчора", "昨日", "어제", "kahapon", "אתמול"];

/** "Edit profile" in a profile's header, on Instagram and on Facebook: the page is the person's own profile. */
export const EDIT_PROFILE = [
  "Edit profile", "Profil bearbeiten", "Modifier le profil", "Editar perfil", "Modifica profilo", "Profiel bewerken",
  "Edytuj profil", "Profili düzenle", "تعديل الملف الشخصي", "प्रोफ़ाइल संपादित करें", "প্রোফাইল এডিট করুন", "Edit profil",
  "Chỉnh sửa trang cá nhân", "แก้ไขโปรไฟล์", "Редактировать профиль", "Редагувати профіль", "プロフィールを編集", "프로필 편집",
  "I-edit ang profile", "עריכת פרופיל", // he, unverified against a real page
];

/** Instagram's "Follow" button, exactly (not "Following", "Requested"): the viewer does not follow the profile. */
export const FOLLOW = [
  "Follow", "Follow back", "Seguir", "Seguir también", "Seguir de volta", "S'abonner", "Suivre", "Folgen", "Segui",
  "Volgen", "Obserwuj", "Takip et", "Geri takip et", "متابعة", "फ़ॉलो करें", "ফলো করুন", "Ikuti", "Ikuti balik",
  "Theo dõi", "ติดตาม", "Подписаться", "Подписаться в ответ", "Стежити", "Підписатися", "フォローする", "팔로우",
  "I-follow", "מעקב", "לעקוב", // he, unverified against a real page
];

/** Instagram's notice on a private account the viewer does not follow. */
export const PRIVATE_ACCOUNT = [
  "Bu hesap gizli", "هذا الحساب خاص", "यह अकाउंट निजी है", "Akun ini bersifat pribadi", "Akun ini privat",
  "Đây là tài khoản riêng tư", "บัญชีนี้เป็นบัญชีส่วนตัว", "Это закрытый аккаунт", "Це закритий акаунт",
  "このアカウントは非公開です", "비공개 계정입니다", "Pribado ang account na ito",
  "এই অ্যাকাউন্টটি প্রাইভেট", "זהו חשבון פרטי", "החשבון הזה פרטי", // bn, he: unverified against a real page
];

/** @param {string} value @returns {string[]} the further languages' words for an audience */
const wordsFor = (value) => Object.values(AUDIENCE).flatMap((words) => /** @type {Record<string, string[]>} */ (words)[value] ?? []);

/** Audience words by value: each joins that value's first (most specific) list in AUDIENCE_WORDS. */
export const AUDIENCE_BY_VALUE = /** @type {Array<[string, string[]]>} */ (
  ["group_private", "group_public", "friends_of_friends", "only_me", "close_friends", "public", "friends"].map((value) => [value, wordsFor(value)])
);

/** Group pages show the group's kind in their header. @type {Array<[string, string[]]>} */
export const GROUP_HEADER_WORDS = [
  ["group_public", [...GROUP_PUBLIC, ...wordsFor("group_public")]],
  ["group_private", [...GROUP_PRIVATE, ...wordsFor("group_private")]],
];
