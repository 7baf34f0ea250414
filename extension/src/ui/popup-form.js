// The popup's form and status, as plain functions over the DOM: preferences → form, form →
// preferences, the objection-form links for a region, and the status lines.

import { byId, linkById, option } from "./elements.js";
import { OBJECTION_REGIONS, OBJECTION_STATES, PLATFORMS, REGIONS, SCOPES, SITES } from "../platforms.js";

/** Meta's objection form per platform where the region has one, else null. @param {string|null} region */
export function objectionLinks(region) {
  const has = region ? OBJECTION_REGIONS.includes(region) : false;
  return Object.fromEntries(PLATFORMS.map((p) => [p, has ? SITES[p].objectionForm : null]));
}

/** Fill the selects once. @param {Document} doc @param {Function} t @param {string} language */
export function buildForm(doc, t, language) {
  const names = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames([language, "en"], { type: "region" }) : null;
  const region = byId(doc, "region");
  region.replaceChildren(option(doc, t("regionNone"), ""));
  const sorted = REGIONS.map((code) => [code, names?.of(code) ?? code]).sort((a, b) => a[1].localeCompare(b[1], language));
  for (const [code, name] of sorted) region.append(option(doc, name, code));
  for (const platform of PLATFORMS) {
    const select = byId(doc, `objection-${platform}`);
    select.replaceChildren(...OBJECTION_STATES.map((s) => option(doc, t(`objection_${s}`), s)));
  }
}

/** Show the region's objection links and the linked/unlinked state of each platform. */
export function syncForm(doc, t) {
  const links = objectionLinks(byId(doc, "region").value || null);
  for (const platform of PLATFORMS) {
    const linked = byId(doc, `platform-${platform}`).checked;
    doc.querySelector(`.platform[data-platform="${platform}"]`).dataset.linked = String(linked);
    for (const id of [`profile-${platform}`, `objection-${platform}`]) byId(doc, id).disabled = !linked;
    const a = linkById(doc, `objection-link-${platform}`);
    a.hidden = !links[platform];
    if (links[platform]) {
      a.href = /** @type {string} */ (links[platform]);
      // Short on screen, so the account's row keeps to one line; named in full to a screen reader.
      a.textContent = t("objectionFormShort");
      a.setAttribute("aria-label", t("objectionFormLink", [t(`platform_${platform}`)]));
    }
  }
  // "These accounts" needs two of them: with one linked, the mark would mean nothing.
  byId(doc, "accounts-center-row").hidden = linkedPlatforms(doc).length < 2;
  const region = byId(doc, "region").value;
  byId(doc, "objection-note").hidden = !region || Boolean(links.facebook);
  const all = byId(doc, "scope-all").checked;
  for (const s of SCOPES) byId(doc, `scope-${s}`).disabled = all;
}

/** @param {Document} doc @param {any} prefs the service's preferences body */
export function preferencesToForm(doc, prefs) {
  byId(doc, "region").value = prefs?.region ?? "";
  for (const platform of PLATFORMS) {
    const account = prefs?.accounts?.find((a) => a.platform === platform);
    byId(doc, `platform-${platform}`).checked = Boolean(account);
    byId(doc, `profile-${platform}`).value = account?.profile ?? "";
    byId(doc, `objection-${platform}`).value = account?.objection?.state ?? "not_started";
  }
  const scope = prefs?.scope ?? "all";
  byId(doc, "scope-all").checked = scope === "all";
  for (const s of SCOPES) byId(doc, `scope-${s}`).checked = Array.isArray(scope) && scope.includes(s);
  // The scope folds away while it is "everything"; a narrower one is shown, so it is never missed.
  const details = doc.getElementById("scope-details");
  if (details && scope !== "all") details.setAttribute("open", "");
  byId(doc, "listed").checked = prefs?.listed === true;
  // One box for the record, as the web page has: ticked when every linked account is marked.
  const accounts = prefs?.accounts ?? [];
  const center = byId(doc, "accounts-center");
  center.checked = accounts.length > 0 && accounts.every((a) => a.accounts_center === true);
  center.dataset.read = String(center.checked);
}

/** @param {Document} doc @returns {string[]} the platforms the form links */
function linkedPlatforms(doc) {
  return PLATFORMS.filter((p) => byId(doc, `platform-${p}`).checked);
}

/**
 * The mark the Accounts Center box gives every linked account, or null where each keeps its
 * own: the box is hidden (fewer than two linked), or it was read unticked and still is (a
 * record where only some accounts are marked stays as it is).
 * @param {Document} doc @returns {boolean|null}
 */
function accountsCenterSaid(doc) {
  const box = byId(doc, "accounts-center");
  if (linkedPlatforms(doc).length < 2) return null;
  return box.checked || box.dataset.read === "true" ? box.checked : null;
}

/**
 * What to send in savePreferences. Objection dates already on record are kept, and so is each
 * account's Accounts Center mark unless the box says otherwise (a PUT would reset it if dropped).
 * @param {Document} doc @param {any} previous
 */
export function formToPreferences(doc, previous) {
  const said = accountsCenterSaid(doc);
  const accounts = linkedPlatforms(doc).map((platform) => {
    const account = previous?.accounts?.find((a) => a.platform === platform);
    const before = account?.objection ?? {};
    const state = byId(doc, `objection-${platform}`).value;
    const profile = byId(doc, `profile-${platform}`).value.trim();
    // Objecting again after a withdrawal is a new objection, sent today, not the old one's day.
    const again = before.state === "withdrawn" && state !== "withdrawn" ? { submitted_on: null, withdrawn_on: null } : {};
    const mark = said ?? account?.accounts_center;
    const center = typeof mark === "boolean" ? { accounts_center: mark } : {};
    return { platform, profile: profile || null, objection: { ...before, state, ...again }, ...center };
  });
  const picked = SCOPES.filter((s) => byId(doc, `scope-${s}`).checked);
  return {
    region: byId(doc, "region").value || null,
    accounts,
    scope: byId(doc, "scope-all").checked || picked.length === 0 ? "all" : picked,
    listed: byId(doc, "listed").checked,
  };
}

/**
 * The status lines: region, each linked account with its objection state, the latest receipt.
 * @param {{preferences: any, receipt: any, problem: any}} state @param {Function} t
 */
export function statusLines(state, t) {
  if (!state.preferences) return [t(state.problem ? "statusOffline" : "statusLoading")];
  const p = state.preferences;
  const lines = [p.region ? t("statusRegion", [p.region]) : t("statusNoRegion")];
  if (!p.accounts?.length) lines.push(t("statusNoAccounts"));
  for (const a of p.accounts ?? []) {
    const name = a.profile ? `${t(`platform_${a.platform}`)} (${a.profile})` : t(`platform_${a.platform}`);
    const withdrawn = a.objection?.state === "withdrawn" && a.objection.withdrawn_on;
    const state = withdrawn ? t("objectionWithdrawnOn", [a.objection.withdrawn_on]) : t(`objection_${a.objection?.state ?? "not_started"}`);
    lines.push(t("statusAccount", [name, state]) + (a.accounts_center === true ? ` ${t("statusAccountsCenter")}` : ""));
  }
  if (state.receipt?.event_hash) lines.push(t("statusReceipt", [String(state.receipt.position), state.receipt.event_hash.slice(0, 12)]));
  return lines;
}
