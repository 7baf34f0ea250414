// Pure helpers for the account parts of the extension's pages: what a failed code means to the
// person, how long a link code has left, and the recovery codes as a text file. No browser API.

/**
 * The message key for a failed sign-in with a code. Never says whether an account exists: a wrong,
 * used or unknown code all read the same.
 * @param {{status?: number, problem?: any}} answer
 */
export function codeFailureKey(answer) {
  const status = answer?.status ?? 0;
  const code = String(answer?.problem?.code ?? "");
  if (status === 429 || code.includes("rate")) return "codeTooManyTries";
  if (status === 0 || status >= 500) return "serviceUnavailable";
  if (code.includes("expired")) return "codeExpired";
  return "codeWrong";
}

/**
 * "m:ss" left until `expiresAt`, or null once it has passed.
 * @param {string} expiresAt ISO date-time @param {number} now epoch ms
 */
export function timeLeft(expiresAt, now) {
  const ms = Date.parse(expiresAt) - now;
  if (!(ms > 0)) return null;
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * The recovery codes as a text file a person can keep.
 * @param {string[]} codes @param {{title: string, note: string, service: string, made: string}} words
 */
export function recoveryCodesText(codes, { title, note, service, made }) {
  return [title, "", note, "", `${service}`, `${made}`, "", ...codes.map((c, i) => `${String(i + 1).padStart(2, " ")}. ${c}`), ""].join("\n");
}

/**
 * The QR image as a data: URL for an <img>, or null unless `svg` parses as one <svg> document.
 * An image never runs what the document carries (scripts, handlers).
 * @param {string} svg @param {{parseFromString: (text: string, type: any) => Document}} parser a DOMParser
 */
export function qrImageUrl(svg, parser) {
  if (typeof svg !== "string" || !svg.trim()) return null;
  const doc = parser.parseFromString(svg, "image/svg+xml");
  const root = doc.documentElement;
  if (!root || root.localName !== "svg" || root.namespaceURI !== "http://www.w3.org/2000/svg") return null;
  if (doc.getElementsByTagName("parsererror").length) return null;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
