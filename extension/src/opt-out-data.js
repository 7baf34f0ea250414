// The vocabulary of a person's opt-out record, shared by the popup and the background: objection
// states, scopes, and where Meta offers an objection form (EU/EEA, GB, CH, BR per
// shared/policy/meta-policy.md).

export const OBJECTION_STATES = ["not_started", "ready", "submitted", "confirmed", "rejected", "needs_resubmission"];
export const SCOPES = ["posts", "comments", "photos_videos", "stories_reels", "profile_info", "ai_chats"];
export const EEA = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
  "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];
export const OBJECTION_REGIONS = [...EEA, "GB", "CH", "BR"];
export const OBJECTION_FORMS = {
  facebook: "https://www.facebook.com/help/contact/712876720715583",
  instagram: "https://help.instagram.com/contact/767264225370182",
};
