// The report an export reading builds: each item's facts and nothing else, counts by year and
// kind, account-level facts, what was skipped, and the problems met on the way.
import { ProblemLog } from './problems.js';

export const KINDS = ['post', 'photo', 'video', 'reel', 'story', 'comment', 'profile_photo'];
// Exports hold no per-post audience (neither Facebook's nor Instagram's): every item says so.
export const AUDIENCE_NOTE = {
  code: 'audience-unknown',
  message: "Meta's export does not say who could see each post: the audience is unknown until you tell us.",
};

export class ReportBuilder {
  items = [];
  account = {};
  files = { total: 0, read: 0, skipped: 0, media: 0, failed: 0, html: 0 };
  problems = new ProblemLog();
  #dates;
  #seen = new Set();

  constructor(dates) {
    this.#dates = dates;
  }

  /** The sink one file's reader writes to, for that file's platform. */
  sink(platform) {
    return {
      item: (kind, seconds) => this.#item(platform, kind, seconds),
      account: (facts) => Object.assign((this.account[platform] ??= {}), facts),
      seen: (ref) => typeof ref === 'string' && ref && this.#seen.add(`${platform}\n${ref}`),
      wasSeen: (ref) => typeof ref === 'string' && this.#seen.has(`${platform}\n${ref}`),
    };
  }

  #item(platform, kind, seconds) {
    const { date, year, status } = this.#dates(platform, seconds);
    if (status === 'out-of-range') this.problems.add('dates-out-of-range');
    if (status === 'missing') this.problems.add('dates-missing');
    this.items.push({ platform, kind, created_at: date, year, audience: 'unknown' });
  }

  /** The finished report; `error` is the fatal error that stopped reading, if any. */
  build(error = null) {
    const platforms = [...new Set(this.items.map((item) => item.platform))];
    for (const platform of Object.keys(this.account)) if (!platforms.includes(platform)) platforms.push(platform);
    if (this.files.html > 0) this.problems.add('html-files', this.files.html);
    return {
      ok: error === null,
      error,
      platforms: platforms.sort(),
      items: this.items,
      counts: counts(this.items),
      account: this.account,
      files: { ...this.files },
      problems: this.problems.list(),
      notes: this.items.length > 0 ? [AUDIENCE_NOTE] : [],
    };
  }
}

/** Counts by year × kind (year "unknown" for an item without a date), overall and per platform. */
export function counts(items) {
  const byYear = {};
  const byKind = {};
  const byPlatform = {};
  for (const { platform, kind, year } of items) {
    const key = year ?? 'unknown';
    bump((byYear[key] ??= {}), kind);
    bump(byKind, kind);
    bump(((byPlatform[platform] ??= {})[key] ??= {}), kind);
  }
  return { total: items.length, byKind, byYear, byPlatform };
}

const bump = (table, key) => void (table[key] = (table[key] ?? 0) + 1);
