// When to try a failed call again: how long the service asked us to wait (Retry-After), and capped
// exponential backoff with jitter so many browsers that failed together do not come back together.

/** Attempts per refresh before the caller is told "not now" (the account is kept either way). */
export const RETRY = Object.freeze({ baseMs: 500, capMs: 30_000, attempts: 6, maxWaitMs: 120_000 });

/**
 * The delay before attempt `attempt + 1`: half the capped exponential step, plus up to the other
 * half at random ("equal jitter": never zero, never above the cap).
 * @param {number} attempt 0 for the first retry
 * @param {{baseMs: number, capMs: number}} [policy] @param {() => number} [random]
 */
export function backoffMs(attempt, policy = RETRY, random = Math.random) {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Retry-After in milliseconds (delta-seconds or an HTTP date), or null when absent or unreadable.
 * @param {string|null|undefined} value @param {number} now epoch ms
 */
export function retryAfterMs(value, now) {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
