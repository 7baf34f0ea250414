// What a badge says, as message keys, for the service's answer or the badge's state. A conditional
// answer ("used, unless the author is under 18": no page shows the author's age) is marked as such
// on the badge ("used*") and spelled out in its accessible name and its explanation.

/**
 * @param {import("../messages.js").Result|null} result @param {string} status
 * @returns {{badge: string, sentence: string, unless: string|null}} message keys; `unless`: the
 *   verdict for an under-18 author where the answer is conditional, else null
 */
export function badgeWords(result, status) {
  if (status !== "ready" || !result) return { badge: `badge_${status}`, sentence: `verdict_${status}`, unless: null };
  const c = result.condition;
  // The service answers conditionally only with "included" (an exception can only rule an item out).
  if (result.verdict === "included" && c?.fact === "author_age" && c.unless === "minor" && c.verdict !== "included") {
    return { badge: "badge_included_unless_minor", sentence: "verdict_included_unless_minor", unless: c.verdict };
  }
  return { badge: `badge_${result.verdict}`, sentence: `verdict_${result.verdict}`, unless: null };
}
