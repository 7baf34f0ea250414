// Page words as DATA, for the languages Facebook and Instagram are most used in beyond the eight
// of page-rules.js: en es pt fr de it nl pl tr ar hi bn id vi th ru uk ja ko tl. Only words whose
// form on the sites is known; a missing word reads as "unknown", never as a guess. Matched after
// folding (text.js: NFKC, invisible characters out, accents off, lower case).

/** Audience words per language: public, friends, friends of friends, only me. */
const AUDIENCE = {
  tr: { public: ["herkese açık", "herkes"], friends: ["arkadaşlar"], friends_of_friends: ["arkadaşların arkadaşları"], only_me: ["sadece ben", "yalnızca ben"] },
  ar: { public: ["العامة", "عام", "الجمهور"], friends: ["الأصدقاء", "الاصدقاء"], friends_of_friends: ["أصدقاء الأصدقاء", "اصدقاء الاصدقاء"], only_me: ["أنا فقط", "انا فقط"] },
  hi: { public: ["सार्वजनिक"], friends: ["मित्र", "दोस्त"], friends_of_friends: ["मित्रों के मित्र", "दोस्तों के दोस्त"], only_me: ["केवल मैं", "सिर्फ़ मैं"] },
  bn: { public: ["সর্বজনীন", "পাবলিক"], friends: ["বন্ধুরা", "বন্ধু"], friends_of_friends: ["বন্ধুদের বন্ধুরা"], only_me: ["শুধুমাত্র আমি", "কেবল আমি"] },
  id: { public: ["publik", "umum"], friends: ["teman"], friends_of_friends: ["teman dari teman", "teman-teman dari teman"], only_me: ["hanya saya"] },
  vi: { public: ["công khai"], friends: ["bạn bè"], friends_of_friends: ["bạn của bạn bè", "bạn bè của bạn bè"], only_me: ["chỉ mình tôi"] },
  th: { public: ["สาธารณะ"], friends: ["เพื่อน"], friends_of_friends: ["เพื่อนของเพื่อน"], only_me: ["เฉพาะฉัน", "เฉพาะฉันเท่านั้น"] },
  ru: { public: ["доступно всем", "общедоступно", "все"], friends: ["друзья"], friends_of_friends: ["друзья друзей"], only_me: ["только я"] },
  uk: { public: ["загальнодоступне", "усі", "всі", "публічно"], friends: ["друзі"], friends_of_friends: ["друзі друзів"], only_me: ["лише я", "тільки я"] },
  ja: { public: ["公開"], friends: ["友達"], friends_of_friends: ["友達の友達"], only_me: ["自分のみ"] },
  ko: { public: ["전체 공개", "공개"], friends: ["친구"], friends_of_friends: ["친구의 친구"], only_me: ["나만 보기"] },
  tl: { public: ["pampubliko", "publiko"], friends: ["mga kaibigan"], friends_of_friends: ["mga kaibigan ng mga kaibigan"], only_me: ["ako lang"] },
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
];
export const EDIT_PRIVACY = [
  "Edit privacy", "Privatsphäre bearbeiten", "Modifier la confidentialité", "Editar privacidad", "Modifica privacy",
  "Privacy bewerken", "Edytuj prywatność", "Editar privacidade", "Gizliliği düzenle", "تعديل الخصوصية",
  "गोपनीयता संपादित करें", "Edit Privasi", "Chỉnh sửa quyền riêng tư", "แก้ไขความเป็นส่วนตัว",
  "Изменить настройки конфиденциальности", "Редагувати конфіденційність", "プライバシー設定を編集", "공개 범위 수정",
];

/** "Sponsored" as the sites write it. */
export const SPONSORED = [
  "Sponsorlu", "Reklam", "ممول", "إعلان", "प्रायोजित", "স্পনসর্ড", "Bersponsor", "Được tài trợ", "ได้รับการสนับสนุน",
  "Реклама", "Спонсорский", "Спонсорована", "広告", "スポンサー", "광고", "Patrocinada",
];

/**
 * Relative ages: unit word → days per unit (0 = today). Years and months count as 365 and 30. A word
 * is in one list only: "год" (Ukrainian hours, Russian year) is in none, so "3 год." reads unknown.
 */
export const RELATIVE = /** @type {Array<[number, string[]]>} */ ([
  [0, ["sn", "dk", "sa", "saniye", "dakika", "saat", "ث", "د", "س", "ثانية", "دقيقة", "ساعة", "ساعات", "सेकंड", "मिनट", "घंटे", "घंटा",
    "detik", "menit", "jam", "giây", "phút", "giờ", "วินาที", "นาที", "ชั่วโมง", "ชม", "с", "сек", "мин", "хв", "ч", "秒", "分", "時間",
    "초", "분", "시간", "segundo", "minuto", "oras", "min", "mn"]],
  [1, ["g", "gün", "ي", "يوم", "أيام", "दिन", "hari", "ngày", "วัน", "д", "дн", "дня", "дней", "день", "日", "일", "araw", "dias"]],
  [7, ["hf", "hafta", "أسبوع", "أسابيع", "सप्ताह", "minggu", "mg", "tuần", "สัปดาห์", "нед", "тиж", "週間", "週", "주", "linggo"]],
  [30, ["mo", "mos", "month", "months", "ay", "mes", "meses", "mois", "monat", "monate", "monaten", "mese", "mesi", "maand", "maanden", "mies", "miesiąc", "miesiące", "mês", "شهر", "أشهر", "महीने", "bulan", "tháng", "เดือน", "мес", "міс", "か月", "개월", "buwan"]],
  [365, ["y", "yr", "yrs", "year", "years", "a", "an", "ans", "año", "años", "ano", "anos", "jahr", "jahre", "jahren", "anno", "anni", "jaar", "jaren", "r", "rok", "lat", "lata", "yıl", "سنة", "سنوات", "साल", "वर्ष", "tahun", "thn", "năm", "ปี", "г", "года", "лет", "р", "рік", "роки", "років", "年", "년", "taon"]],
]);

/** "Just now": today. */
export const JUST_NOW = [
  "just now", "hace un momento", "agora mesmo", "à l'instant", "gerade eben", "gerade", "adesso", "zojuist", "przed chwilą",
  "az önce", "الآن", "अभी", "এইমাত্র", "baru saja", "vừa xong", "เมื่อสักครู่", "только что", "щойно", "たった今", "방금", "ngayon lang",
];

/** "Yesterday" words (the first word of "Yesterday at 10:00"). */
export const YESTERDAY_WORDS = ["dün", "أمس", "कल", "গতকাল", "kemarin", "hôm qua", "เมื่อวาน", "вчера", "вчора", "昨日", "어제", "kahapon"];

/** Instagram's "Edit profile" button: the page is the person's own profile. */
export const EDIT_PROFILE = [
  "Edit profile", "Profil bearbeiten", "Modifier le profil", "Editar perfil", "Modifica profilo", "Profiel bewerken",
  "Edytuj profil", "Profili düzenle", "تعديل الملف الشخصي", "प्रोफ़ाइल संपादित करें", "প্রোফাইল এডিট করুন", "Edit profil",
  "Chỉnh sửa trang cá nhân", "แก้ไขโปรไฟล์", "Редактировать профиль", "Редагувати профіль", "プロフィールを編集", "프로필 편집",
  "I-edit ang profile",
];

/** Instagram's "Follow" button, exactly (not "Following", "Requested"): the viewer does not follow the profile. */
export const FOLLOW = [
  "Follow", "Follow back", "Seguir", "Seguir también", "Seguir de volta", "S'abonner", "Suivre", "Folgen", "Segui",
  "Volgen", "Obserwuj", "Takip et", "Geri takip et", "متابعة", "फ़ॉलो करें", "ফলো করুন", "Ikuti", "Ikuti balik",
  "Theo dõi", "ติดตาม", "Подписаться", "Подписаться в ответ", "Стежити", "Підписатися", "フォローする", "팔로우",
  "I-follow",
];

/** Instagram's notice on a private account the viewer does not follow. */
export const PRIVATE_ACCOUNT = [
  "Bu hesap gizli", "هذا الحساب خاص", "यह अकाउंट निजी है", "Akun ini bersifat pribadi", "Akun ini privat",
  "Đây là tài khoản riêng tư", "บัญชีนี้เป็นบัญชีส่วนตัว", "Это закрытый аккаунт", "Це закритий акаунт",
  "このアカウントは非公開です", "비공개 계정입니다", "Pribado ang account na ito",
];

/** Audience words by value, in the order audience.js tests them (the longer phrase first). */
export const AUDIENCE_BY_VALUE = /** @type {Array<[string, string[]]>} */ (
  ["friends_of_friends", "only_me", "public", "friends"].map((value) => [value, Object.values(AUDIENCE).flatMap((words) => words[value])])
);
