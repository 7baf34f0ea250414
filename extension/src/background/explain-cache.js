// A bounded cache of the service's answers, one entry per facts signature (item key + facts), in
// storage.session so it outlives the service worker's eviction but not the browser session. An
// in-memory mirror serves repeated reads while the worker lives. Oldest entries go first.

const INDEX = "explainIndex";
const PREFIX = "x:";

/**
 * @param {{get: (keys: string[]) => Promise<Record<string, any>>, set: (values: Record<string, any>) => Promise<void>,
 *   remove: (keys: string[]) => Promise<void>, limit?: number}} store storage.session helpers
 */
export function createExplainCache({ get, set, remove, limit = 3000 }) {
  const memory = new Map();
  let index = null; // signatures, oldest first
  let indexed = new Set();

  async function loadIndex() {
    if (!index) {
      index = (await get([INDEX]))[INDEX] ?? [];
      indexed = new Set(index);
    }
    return index;
  }

  return {
    /** @param {string[]} sigs @returns {Promise<Map<string, any>>} */
    async getMany(sigs) {
      const found = new Map();
      const missing = [];
      for (const sig of sigs) (memory.has(sig) ? found.set(sig, memory.get(sig)) : missing.push(sig));
      if (missing.length) {
        const stored = await get(missing.map((s) => PREFIX + s));
        for (const sig of missing) {
          const hit = stored[PREFIX + sig];
          if (hit) { memory.set(sig, hit); found.set(sig, hit); }
        }
      }
      return found;
    },

    /** @param {Map<string, any>} entries */
    async setMany(entries) {
      if (!entries.size) return;
      const list = await loadIndex();
      const values = {};
      for (const [sig, result] of entries) {
        if (!indexed.has(sig)) { list.push(sig); indexed.add(sig); }
        memory.set(sig, result);
        values[PREFIX + sig] = result;
      }
      const evicted = list.length > limit ? list.splice(0, list.length - limit) : [];
      for (const sig of evicted) {
        memory.delete(sig);
        indexed.delete(sig);
        delete values[PREFIX + sig];
      }
      if (evicted.length) await remove(evicted.map((s) => PREFIX + s));
      await set({ ...values, [INDEX]: list });
    },

    async clear() {
      const list = await loadIndex();
      await remove([...list.map((s) => PREFIX + s), INDEX]);
      memory.clear();
      index = [];
      indexed = new Set();
    },

    size() {
      return memory.size;
    },
  };
}
