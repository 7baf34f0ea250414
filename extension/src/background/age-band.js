// The person's own age band (adult / under 18), said once in the popup and kept on this device only
// (storage.local, beside the other settings): the person's own items are explained with it instead
// of "unknown". The service never needs to hold it, so it is never sent on its own.

import { storageGet, storageSet } from "../ext.js";
import { randomHex } from "../ids.js";
import { AGE_BANDS } from "../messages.js";

/** The band the person said, or null when they said none. @returns {Promise<"adult"|"minor"|null>} */
export async function ageBand() {
  const { ageBand: value } = await storageGet("local", { ageBand: null });
  return AGE_BANDS.includes(value) ? value : null;
}

/** Keep the band (null: not said) and have every tab ask again, since own items' verdicts change. */
export async function setAgeBand(value) {
  await storageSet("local", { ageBand: AGE_BANDS.includes(value) ? value : null, verdictEpoch: randomHex(8) });
}
