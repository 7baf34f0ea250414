// The page's words for the reader's codes: each fatal error, problem and kind has its own key in
// i18n/download/, so every message is said in the person's language.

export const FATAL_KEYS = {
  "empty-file": "fatalEmptyFile",
  "empty-folder": "fatalEmptyFolder",
  "not-a-zip": "fatalNotAZip",
  "corrupt-zip": "fatalCorruptZip",
  "truncated-zip": "fatalTruncatedZip",
  "encrypted-zip": "fatalEncryptedZip",
  "html-export": "fatalHtmlExport",
  "other-service": "fatalOtherService",
  "not-an-export": "fatalNotAnExport",
  aborted: "fatalAborted",
  unreadable: "fatalUnreadable",
};

export const PROBLEM_KEYS = {
  "json-unparsable": "problemJsonUnparsable",
  "entry-unreadable": "problemEntryUnreadable",
  "unexpected-shape": "problemUnexpectedShape",
  "dates-out-of-range": "problemDatesOutOfRange",
  "dates-missing": "problemDatesMissing",
  "html-files": "problemHtmlFiles",
};

export const KIND_KEYS = {
  post: "kindPost",
  photo: "kindPhoto",
  video: "kindVideo",
  reel: "kindReel",
  story: "kindStory",
  comment: "kindComment",
  profile_photo: "kindProfilePhoto",
};

export const SERIES_KEYS = {
  included: "seriesIncluded",
  excluded: "seriesExcluded",
  uncertain: "seriesUncertain",
  pending: "seriesPending",
};

export const fatalKey = (code) => FATAL_KEYS[code] ?? FATAL_KEYS.unreadable;
