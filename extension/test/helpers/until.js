// Waiting in tests for what the content script does on its own time (scans, answers, clicks).
import { setTimeout as sleep } from "node:timers/promises";

/** Resolves once `predicate()` holds, checked every 10 ms; throws after `ms`. */
export async function until(predicate, ms = 3000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(10);
  }
}
