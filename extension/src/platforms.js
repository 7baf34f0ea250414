// The one registry of what the extension knows of the platforms it works on (their hosts, their
// home pages, Meta's objection form for each) and of the vocabulary it shares with the service:
// item kinds, audiences, verdicts, objection states, scopes and the regions with a right to object.
// Every other module imports these; none spells a host or a service enum itself.
// tools/contract.mjs compares them with the service's OpenAPI document and objection facts
// (tests/extension/test_contract.py), so the two sides cannot drift apart unnoticed.

/** @typedef {"facebook"|"instagram"} Platform */

/**
 * Per platform: the hosts the content script runs on (also the manifest's host permissions and
 * content-script matches, which test/manifest.test.js checks), the address relative links resolve
 * against, and Meta's objection form (shared/policy/meta-policy.md §5; the service's
 * api/objections/jurisdictions.toml holds the same).
 * @type {Readonly<Record<Platform, Readonly<{hosts: readonly string[], home: string, objectionForm: string}>>>}
 */
/**
 * Facebook's mobile sites (m. is what Firefox for Android is served), read in the shapes public
 * scrapers recorded of them (extension/docs/mobile.md); only their pages are asked whether they
 * hold that markup, so a desktop page pays no query for it.
 */
export const FACEBOOK_MOBILE_HOSTS = Object.freeze(["m.facebook.com", "mbasic.facebook.com", "touch.facebook.com"]);

export const SITES = Object.freeze({
  facebook: Object.freeze({
    hosts: Object.freeze(["www.facebook.com", "web.facebook.com", ...FACEBOOK_MOBILE_HOSTS]),
    home: "https://www.facebook.com/",
    objectionForm: "https://www.facebook.com/help/contact/6359191084165019",
  }),
  instagram: Object.freeze({
    hosts: Object.freeze(["www.instagram.com"]),
    home: "https://www.instagram.com/",
    objectionForm: "https://help.instagram.com/contact/767264225370182",
  }),
});

/** @type {readonly Platform[]} */
export const PLATFORMS = Object.freeze(["facebook", "instagram"]);

/** Every host a content script runs on. */
export const CONTENT_HOSTS = Object.freeze(PLATFORMS.flatMap((p) => SITES[p].hosts));

/** The manifest's match patterns for the content script's hosts. */
export const CONTENT_MATCHES = Object.freeze(CONTENT_HOSTS.map((host) => `https://${host}/*`));

/** @param {string} hostname @returns {Platform|null} */
export function platformOf(hostname) {
  return PLATFORMS.find((p) => SITES[p].hosts.includes(hostname)) ?? null;
}

/** @param {unknown} value @returns {value is Platform} */
export function isPlatform(value) {
  return PLATFORMS.includes(/** @type {Platform} */ (value));
}

// The facts of an item (POST /v1/explain's ExplainItem): the values the extension reads from pages.
// The service knows more kinds and platforms; the extension sends only these.
export const KINDS = Object.freeze(["post", "photo", "video", "reel", "story", "comment", "reply"]);
export const AUDIENCES = Object.freeze([
  "public", "friends", "friends_of_friends", "only_me", "custom", "close_friends",
  "followers", "group_public", "group_private", "unknown",
]);
export const AUTHORS = Object.freeze(["self", "other"]);
export const AUTHOR_AGES = Object.freeze(["adult", "minor", "unknown"]);

// The service's answer (ItemResult.verdict); an answer with another verdict is dropped.
export const VERDICTS = Object.freeze(["included", "excluded", "uncertain"]);

// A person's opt-out record (PUT /v1/me/preferences): one model of an objection's life, shared
// with the service (docs/decisions.md, "Preferences are replaced whole").
export const OBJECTION_STATES = Object.freeze(["not_started", "ready", "submitted", "confirmed", "rejected", "needs_resubmission", "withdrawn"]);
/** The objection states in which Meta has, or had, the person's objection, filed on a date
 * (the service's FILED_STATES: a withdrawn one still covers what came before its withdrawal). */
export const FILED_STATES = Object.freeze(["submitted", "confirmed", "withdrawn"]);
/** The states reached only after the objection was sent: they carry the date it was sent. */
export const SENT_STATES = Object.freeze(["submitted", "confirmed", "rejected", "needs_resubmission", "withdrawn"]);
export const SCOPES = Object.freeze(["posts", "comments", "photos_videos", "stories_reels", "profile_info", "ai_chats"]);

// Where Meta offers the objection form: EU/EEA, GB, CH, BR (shared/policy/meta-policy.md; the
// service's jurisdictions with a law).
export const EEA = Object.freeze([
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
  "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
]);
export const OBJECTION_REGIONS = Object.freeze([...EEA, "GB", "CH", "BR"]);
/** The regions the popup offers: those with an objection route, then others. */
export const REGIONS = Object.freeze([
  ...OBJECTION_REGIONS, "US", "CA", "AU", "NZ", "IN", "JP", "KR", "MX", "AR", "CL", "CO", "ZA", "NG", "KE", "EG",
  "TR", "UA", "RS", "IL", "AE", "SA", "SG", "ID", "PH", "TH", "VN", "MY", "PK", "BD",
]);
