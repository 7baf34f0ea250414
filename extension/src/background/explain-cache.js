// A bounded cache of the service's answers, one entry per facts signature (item key + facts), in
// storage.session so it outlives the service worker's eviction but not the browser session. An
// in-memory mirror serves repeated reads while the worker lives. Oldest entries go first.
//
// Every answer depends on the person's record on the service too (their objection, their region),
// which the facts do not show. So the cache is tagged with the record it was filled under
// (service, account, ETag): asked under another tag, it empties itself first. A worker that wakes
// after the record changed therefore never serves an answer made for the old record.

const INDEX = "explainIndex";
const TAG = "explainTag";
const PREFIX = "x:";

/**
 * @param {{get: (keys: string[]) => Promise<Record<string, any>>, set: (values: Record<string, any>) => Promise<void>,
 *   remove: (keys: string[]) => Promise<void>, limit?: number}} store storage.session helpers
 */
export function createExplainCache({ get, set, remove, limit = 3000 }) {
  const memory = new Map();
  /** @type {string[]|null} */
  let index = null; // signatures, oldest first
  let indexed = new Set();
  /** @type {string|null|undefined} */
  let tag; // the tag the stored entries belong to: undefined = not read yet, null = none
  /** @type {Promise<unknown>} */
  let queue = Promise.resolve(); // writes one after the other: concurrent batches share the index

  /** @returns {Promise<string[]>} */
  async function loadIndex() {
    if (index) return index;
    const got = await get([INDEX, TAG]);
    /** @type {string[]} */
    const list = index ?? got[INDEX] ?? []; // another call may have read it meanwhile
    index = list;
    indexed = new Set(list);
    if (tag === undefined) tag = got[TAG] ?? null;
    return list;
  }

  async function clear() {
    const list = await loadIndex();
    await remove([...list.map((s) => PREFIX + s), INDEX, TAG]);
    memory.clear();
    index = [];
    indexed = new Set();
    tag = null;
  }

  /** Empty the cache when it holds answers made under another tag; the index then in use. @param {string} wanted */
  async function useTag(wanted) {
    const list = await loadIndex();
    if (tag === wanted) return list;
    if (tag !== null || list.length) await clear();
    tag = wanted; // stored with the first entries
    return loadIndex();
  }

  /** @template T @param {() => Promise<T>} fn @returns {Promise<T>} */
  function serial(fn) {
    const run = queue.then(fn);
    queue = run.catch(() => {});
    return run;
  }

  return {
    /** @param {string[]} sigs @param {string} wanted the current tag @returns {Promise<Map<string, any>>} */
    getMany(sigs, wanted = "") {
      return serial(async () => {
        const list = await useTag(wanted);
        const found = new Map();
        const missing = [];
        for (const sig of sigs) (memory.has(sig) ? found.set(sig, memory.get(sig)) : missing.push(sig));
        if (missing.length && list.length) {
          const stored = await get(missing.map((s) => PREFIX + s));
          for (const sig of missing) {
            const hit = stored[PREFIX + sig];
            if (hit) { memory.set(sig, hit); found.set(sig, hit); }
          }
        }
        return found;
      });
    },

    /**
     * @param {Map<string, any>} entries @param {string} wanted the tag they were answered under
     * @param {() => Promise<boolean>} [valid] checked when their turn comes: false drops them
     */
    setMany(entries, wanted = "", valid = async () => true) {
      return serial(async () => {
        if (!entries.size || !(await valid())) return;
        const list = await useTag(wanted);
        /** @type {Record<string, unknown>} */
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
        await set({ ...values, [INDEX]: list, [TAG]: tag });
      });
    },

    /** Drop every answer (storage.session is left empty). */
    clear: () => serial(clear),

    size() {
      return memory.size;
    },
  };
}
