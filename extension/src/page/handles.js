// Profile handles: what the person typed in the popup (handle, @handle or profile URL) and what
// an author link points at, both reduced to one comparable form.

import { PLATFORMS, SITES } from "../platforms.js";
import { rules } from "./active-rules.js";

// Each site's own domain (its registry home page without www.): a profile is on it or on one of
// its hosts (m., mbasic.), never on a domain that merely ends the same way.
const DOMAIN = Object.fromEntries(PLATFORMS.map((p) => [p, new URL(SITES[p].home).hostname.replace(/^www\./, "")]));
// A profile's address typed without its scheme.
const TYPED_ADDRESS = new RegExp(
  `^([a-z0-9-]+\\.)*(${Object.values(DOMAIN).map((d) => d.replaceAll(".", "\\.")).join("|")})/`,
  "i",
);

/** @param {"facebook"|"instagram"} platform @param {string} hostname */
function onSite(platform, hostname) {
  return hostname === DOMAIN[platform] || hostname.endsWith(`.${DOMAIN[platform]}`);
}

/**
 * @param {"facebook"|"instagram"} platform
 * @param {string|null|undefined} value a handle, "@handle" or profile URL
 * @returns {string|null} "jane.doe" or "id:100012345" (lower case)
 */
export function normalizeHandle(platform, value) {
  if (!value || typeof value !== "string") return null;
  const text = value.trim();
  if (!text) return null;
  if (/^https?:\/\//i.test(text) || TYPED_ADDRESS.test(text)) {
    try {
      return handleFromUrl(platform, new URL(/^https?:/i.test(text) ? text : `https://${text}`));
    } catch {
      return null;
    }
  }
  const bare = text.replace(/^@/, "").replace(/\/+$/, "").toLowerCase();
  return /^[a-z0-9._-]+$/.test(bare) ? bare : null;
}

/**
 * The profile a link points at, or null for links that are not a person or Page.
 * @param {"facebook"|"instagram"} platform @param {URL} url
 */
export function handleFromUrl(platform, url) {
  const parts = url.pathname.split("/").filter(Boolean);
  if (platform === "facebook") {
    if (!onSite(platform, url.hostname)) return null;
    if (parts[0] === "profile.php") return url.searchParams.get("id") ? `id:${url.searchParams.get("id")}` : null;
    if (parts[0] === "people" && parts[2]) return `id:${parts[2]}`;
    if (!parts[0] || rules().FB.reservedPaths.includes(parts[0].toLowerCase())) return null;
    return parts[0].toLowerCase();
  }
  if (!onSite(platform, url.hostname) || parts.length !== 1) return null;
  const handle = parts[0].toLowerCase();
  return rules().IG.reservedPaths.includes(handle) || !/^[a-z0-9._]{1,30}$/.test(handle) ? null : handle;
}
