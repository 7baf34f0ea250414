// Answers "explain" for the content scripts: serves what the cache holds, sends the rest to
// POST /v1/explain in batches of at most 500, shares one request between concurrent asks for the
// same facts, and caches the answers.

import { VERDICTS, factsSignature } from "../messages.js";

export const MAX_BATCH = 500;

/** The API's item: the key becomes the id; an unknown date is left out. @param {import("../messages.js").Fact} f */
export function toApiItem(f) {
  const item = { id: f.key, platform: f.platform, kind: f.kind, audience: f.audience, author: f.author, author_age: f.author_age };
  if (f.created_at) item.created_at = f.created_at;
  return item;
}

/**
 * @param {{api: {request: Function}, cache: ReturnType<import("./explain-cache.js").createExplainCache>, maxBatch?: number}} deps
 */
export function createExplainService({ api, cache, maxBatch = MAX_BATCH }) {
  const inflight = new Map(); // signature → Promise<result|null>
  let policy = null;
  let lastError = null;

  async function fetchBatch(facts) {
    const res = await api.request("/v1/explain", { method: "POST", body: { items: facts.map(toApiItem) } });
    if (!res.ok || !Array.isArray(res.body?.results)) {
      lastError = res.body ?? { title: `HTTP ${res.status}`, status: res.status };
      return new Map();
    }
    policy = res.body.policy ?? policy;
    const byId = new Map(res.body.results.filter((r) => VERDICTS.includes(r?.verdict)).map((r) => [r.id, r]));
    const answers = new Map();
    for (const f of facts) if (byId.has(f.key)) answers.set(factsSignature(f), byId.get(f.key));
    await cache.setMany(answers);
    return answers;
  }

  return {
    /**
     * @param {import("../messages.js").Fact[]} facts
     * @returns {Promise<{ok: boolean, policy: object|null, results: Record<string, object>, error?: object}>}
     */
    async explain(facts) {
      const sigs = facts.map(factsSignature);
      const cached = await cache.getMany(sigs);
      const toFetch = [];
      const seen = new Set();
      for (const [i, f] of facts.entries()) {
        if (cached.has(sigs[i]) || inflight.has(sigs[i]) || seen.has(sigs[i])) continue;
        seen.add(sigs[i]);
        toFetch.push(f);
      }
      lastError = null;
      for (let i = 0; i < toFetch.length; i += maxBatch) {
        const chunk = toFetch.slice(i, i + maxBatch);
        const batch = fetchBatch(chunk).catch((err) => { lastError = err.problem ?? { title: String(err.message) }; return new Map(); });
        for (const f of chunk) {
          const sig = factsSignature(f);
          inflight.set(sig, batch.then((answers) => answers.get(sig) ?? null).finally(() => inflight.delete(sig)));
        }
      }
      const results = {};
      let missing = 0;
      await Promise.all(facts.map(async (f, i) => {
        const result = cached.get(sigs[i]) ?? (await inflight.get(sigs[i])) ?? null;
        if (result) results[f.key] = result;
        else missing += 1;
      }));
      return missing ? { ok: false, policy, results, error: lastError ?? { title: "No answer" } } : { ok: true, policy, results };
    },

    clear: () => cache.clear(),
  };
}
