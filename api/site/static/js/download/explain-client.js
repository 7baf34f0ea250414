// Sending the report's facts to `POST /v1/explain`, batch by batch, on the same origin: only the
// bodies the reader's `explainRequests` builds (platform, kind, audience, date, age band, region,
// objection). A refusal for too many requests waits as long as the service asks, then goes on.
import { explainRequests, MAX_ITEMS } from "../export/index.js";

const PARALLEL = 2;
const MAX_WAIT_SECONDS = 120;

export class ExplainError extends Error {
  constructor(code, detail = "") {
    super(code);
    this.code = code; // "offline" | "service"
    this.detail = detail;
  }
}

/**
 * Answers for `items` (distinct facts), in their order.
 * @param {{answers: object, account: object, language: string, signal?: AbortSignal,
 *   onBatch?: (done: number, total: number) => void, onWait?: (seconds: number) => void,
 *   onPolicy?: (policy: {id: string, title: string}) => void,
 *   fetchImpl?: typeof fetch, maxItems?: number}} options
 */
export async function explainAll(items, options) {
  const { answers, account, signal, onBatch, onPolicy, maxItems = MAX_ITEMS } = options;
  const bodies = explainRequests(items, answers, { account, maxItems });
  const results = new Array(items.length).fill(null);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const batch = next++;
      const answer = await post(bodies[batch], options);
      answer.results.forEach((result, i) => {
        results[batch * maxItems + i] = result;
      });
      onPolicy?.(answer.policy);
      done += 1;
      onBatch?.(done, bodies.length);
      signal?.throwIfAborted();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, bodies.length) }, worker));
  return results;
}

async function post(body, { language, signal, onWait, fetchImpl = fetch }) {
  for (;;) {
    let response;
    try {
      response = await fetchImpl("/v1/explain", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept-Language": language },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ExplainError("offline");
    }
    if (response.status === 429) {
      const seconds = Math.min(retryAfter(response.headers.get("Retry-After")), MAX_WAIT_SECONDS);
      onWait?.(seconds);
      await sleep(seconds * 1000, signal);
      continue;
    }
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) throw new ExplainError("service", String(payload.detail ?? payload.title ?? response.status));
    return payload;
  }
}

// Seconds, as the service sends it; a missing or unreadable value waits a few seconds.
function retryAfter(header) {
  const seconds = header === null || header.trim() === "" ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 5;
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
