// Page-reading rules as DATA: selectors, URL shapes and localised labels for Facebook and
// Instagram. A layout change on either site should be one edit here. Sources and dates for each
// signal: shared/research/fb-ig-dom.md. Labels are matched after folding (NFKC, zero-width
// characters removed, diacritics removed, lower case), against all shipped languages at once:
// en, de, fr, es, it, nl, pl, pt (BR).

export const FB = {
  feed: '[role="feed"]',
  posinset: "[aria-posinset]",
  article: '[role="article"]',
  placeholder: '[role="progressbar"], [data-visualcompletion="loading-state"]',
  // Landmarks where climbing from an anchor must stop.
  stopRoles: ["main", "feed", "banner", "navigation", "complementary", "dialog", "contentinfo"],
  actionMenuLabels: [
    "Actions for this post", "Aktionen für diesen Beitrag", "Actions pour cette publication",
    "Acciones para esta publicación", "Azioni per questo post", "Acties voor dit bericht",
    "Działania dotyczące tego posta", "Ações para esta publicação",
  ],
  commentPrefixes: [
    "Comment by", "Kommentar von", "Commentaire de", "Comentario de", "Commento di",
    "Opmerking van", "Reactie van", "Komentarz użytkownika", "Komentarz od", "Comentário de",
  ],
  replyPrefixes: [
    "Reply by", "Antwort von", "Réponse de", "Respuesta de", "Risposta di", "Antwoord van",
    "Odpowiedź użytkownika", "Odpowiedź od", "Resposta de",
  ],
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
  dateElements: "abbr[data-utime], time[datetime]",
  // Path roots that are not people or Pages.
  reservedPaths: [
    "groups", "watch", "reel", "reels", "events", "stories", "photo", "photo.php", "permalink.php",
    "story.php", "hashtag", "ads", "login", "marketplace", "gaming", "help", "privacy", "settings",
    "notifications", "messages", "bookmarks", "search", "l.php", "share", "sharer",
  ],
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

/** @type {Array<[string, string[]]>} */
export const AUDIENCE_WORDS = [
  ["custom", [
    "friends except", "freunde außer", "amis sauf", "amigos excepto", "amici tranne", "vrienden behalve",
    "znajomi z wyjątkiem", "amigos exceto", "specific friends", "bestimmte freunde", "amis spécifiques",
    "amigos concretos", "amici specifici", "specifieke vrienden", "konkretni znajomi", "amigos específicos",
  ]],
  ["group_private", [
    "members of", "mitglieder von", "membres de", "miembros de", "membri di", "leden van",
    "członkowie", "membros de", "private group", "private gruppe", "groupe privé", "grupo privado",
    "gruppo privato", "besloten groep", "privégroep", "grupa prywatna",
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

// Group pages show the group's kind in their header.
/** @type {Array<[string, string[]]>} */
export const GROUP_HEADER_WORDS = [
  ["group_public", GROUP_PUBLIC],
  ["group_private", ["private group", "private gruppe", "groupe privé", "grupo privado", "gruppo privato", "besloten groep", "privégroep", "grupa prywatna"]],
];

// "Sponsored" and the 2026 short form "Ad", in every shipped language.
export const SPONSORED_LABELS = [
  "Sponsored", "Gesponsert", "Sponsorisé", "Publicidad", "Sponsorizzato", "Gesponsord",
  "Sponsorowane", "Patrocinado", "Ad", "Anzeige", "Werbung", "Publicité", "Anuncio", "Annuncio",
  "Advertentie", "Reklama", "Anúncio",
];

// Month names and abbreviations (incl. genitive forms) in every shipped language.
/** @type {Record<number, string[]>} */
export const MONTHS = {
  1: ["january", "jan", "januar", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari", "stycznia", "styczeń", "sty", "janeiro"],
  2: ["february", "feb", "februar", "février", "fevrier", "févr", "febrero", "febbraio", "februari", "lutego", "luty", "lut", "fevereiro", "fev"],
  3: ["march", "mar", "märz", "marz", "mars", "marzo", "maart", "marca", "marzec", "março", "marco"],
  4: ["april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień", "kwi"],
  5: ["may", "mai", "mayo", "maggio", "mag", "mei", "maja", "maj", "maio"],
  6: ["june", "jun", "juni", "juin", "junio", "giugno", "giu", "czerwca", "czerwiec", "cze", "junho"],
  7: ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "lipca", "lipiec", "lip", "julho"],
  8: ["august", "aug", "août", "aout", "agosto", "augustus", "sierpnia", "sierpień", "sie"],
  9: ["september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "września", "wrzesień", "wrz", "setembro"],
  10: ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "października", "październik", "paź", "outubro", "out"],
  11: ["november", "nov", "novembre", "noviembre", "listopada", "listopad", "lis", "novembro"],
  12: ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "grudnia", "grudzień", "gru", "dezembro"],
};

export const YESTERDAY = ["yesterday", "gestern", "hier", "ayer", "ieri", "gisteren", "wczoraj", "ontem"];

// Relative ages ("22h", "3 days ago", "2 Std.", "1 sem."): unit words → days per unit (0 = today).
/** @type {Array<[number, string[]]>} */
export const RELATIVE_UNITS = [
  [0, ["s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden", "godz", "uur", "ore", "ora", "horas", "hora", "heures", "heure"]],
  [1, ["d", "day", "days", "t", "tag", "tage", "tagen", "j", "jour", "jours", "dia", "dias", "día", "días", "g", "giorni", "giorno", "dag", "dagen", "dni", "dzień"]],
  [7, ["w", "wk", "wks", "week", "weeks", "wo", "woche", "wochen", "sem", "semaine", "semaines", "semana", "semanas", "sett", "settimana", "settimane", "weken", "tyg", "tydzień", "tygodnie"]],
];
