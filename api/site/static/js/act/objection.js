// The objection to Meta as the page walks a person through it: Meta's forms, the states an
// objection moves through (the service's api/preferences/objections.py, which refuses any other
// move), which step comes next, and the body of the opt-out record. Pure: no DOM, no fetch.

export const PLATFORMS = ["facebook", "instagram"];

// Meta's objection forms (api/policy/jurisdictions.toml [forms]; a test compares them). Plain
// https links: on a phone they open Meta's app or the browser, signed in either way.
export const FORMS = {
  facebook: "https://www.facebook.com/help/contact/6359191084165019",
  instagram: "https://help.instagram.com/contact/767264225370182",
};

export const STATES = ["not_started", "ready", "submitted", "confirmed", "rejected", "needs_resubmission", "withdrawn"];

/** Where each state may go next (api/preferences/objections.py TRANSITIONS). */
export const TRANSITIONS = {
  not_started: ["ready", "submitted"],
  ready: ["not_started", "submitted"],
  submitted: ["confirmed", "rejected", "needs_resubmission", "withdrawn"],
  confirmed: ["needs_resubmission", "withdrawn"],
  rejected: ["ready", "submitted", "needs_resubmission"],
  needs_resubmission: ["ready", "submitted"],
  withdrawn: ["ready", "submitted"],
};

/** The steps that carry a day (`on`): sent, confirmed, withdrawn. */
export const DATED_STEPS = ["submitted", "confirmed", "withdrawn"];

export const SCOPES = ["posts", "comments", "photos_videos", "stories_reels", "profile_info", "ai_chats"];

/** The steps a person may record from `state`, most likely first (setting aside last). */
export function nextSteps(state) {
  const order = ["submitted", "confirmed", "rejected", "needs_resubmission", "withdrawn", "ready", "not_started"];
  return order.filter((next) => TRANSITIONS[state]?.includes(next));
}

/**
 * The state a correction returns to: the one the page saw before its last step, when it knows it
 * and the move was possible; else every state that could have led here (the person picks).
 */
export function correctionTargets(state, remembered = null) {
  const possible = STATES.filter((before) => TRANSITIONS[before].includes(state));
  if (remembered && possible.includes(remembered)) return [remembered];
  return possible;
}

/**
 * The PUT body of the opt-out record from what the person chose, keeping each linked account's
 * objection as it stands, a withdrawal included (a PUT replaces the whole record: a dropped
 * field would reset it). `center`: the accounts are in one Meta Accounts Center; left out, each
 * account keeps the mark it has.
 * @param {{region: string, profiles: Record<string, string|null|undefined>, scope: "all"|string[], listed: boolean, center?: boolean}} chosen
 * @param {{accounts?: any[]}|null} current the record as last read
 */
export function preferencesBody(chosen, current) {
  const accounts = [];
  for (const platform of PLATFORMS) {
    if (chosen.profiles[platform] === undefined) continue;
    const profile = chosen.profiles[platform]?.trim() || null;
    const before = current?.accounts?.find((account) => account.platform === platform);
    const center = typeof chosen.center === "boolean" ? chosen.center : before?.accounts_center;
    accounts.push({
      platform, profile, objection: before?.objection ?? { state: "not_started" },
      ...(typeof center === "boolean" ? { accounts_center: center } : {}),
    });
  }
  const scope = chosen.scope === "all" || chosen.scope.length === 0 ? "all" : chosen.scope.filter((s) => SCOPES.includes(s));
  return { region: chosen.region || null, accounts, scope, listed: chosen.listed === true };
}

/** A step's body: the day for `submitted` and `confirmed`, Meta's reason for `rejected`. */
export function stepBody(state, { on = null, reason = null, profile = null } = {}) {
  const body = { state };
  if (DATED_STEPS.includes(state) && on) body.on = on;
  if (state === "rejected" && reason) body.reason = reason;
  if (profile) body.profile = profile;
  return body;
}
