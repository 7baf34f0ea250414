// Meta's exports give Unix times in seconds. An item's date is the calendar day on the person's
// own clock (or the time zone given), as they would name it; a time before the platform existed
// or after now is a placeholder or an error, and is shown as unknown rather than guessed.

// The day each platform opened to the public (UTC): nothing of theirs can be older.
const LAUNCHED = { facebook: Date.UTC(2004, 1, 4) / 1000, instagram: Date.UTC(2010, 9, 6) / 1000 };
const DAY = 86_400;

/**
 * Builds the converter for one reading.
 * @param {{timeZone?: string, now?: Date}} options
 * @returns {(platform: string, seconds: unknown) => {date: string|null, year: number|null, status: 'ok'|'missing'|'out-of-range'}}
 */
export function dateReader({ timeZone, now = new Date() } = {}) {
  const latest = now.getTime() / 1000 + DAY;
  const format = timeZone ? zonedFormatter(timeZone) : localParts;
  return (platform, seconds) => {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds === 0) {
      return { date: null, year: null, status: 'missing' };
    }
    if (seconds < (LAUNCHED[platform] ?? 0) || seconds > latest) {
      return { date: null, year: null, status: 'out-of-range' };
    }
    const [year, month, day] = format(new Date(seconds * 1000));
    return { date: `${year}-${pad(month)}-${pad(day)}`, year, status: 'ok' };
  };
}

function localParts(when) {
  return [when.getFullYear(), when.getMonth() + 1, when.getDate()];
}

function zonedFormatter(timeZone) {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone, year: 'numeric', month: 'numeric', day: 'numeric',
  });
  return (when) => {
    const parts = Object.fromEntries(formatter.formatToParts(when).map((p) => [p.type, p.value]));
    return [Number(parts.year), Number(parts.month), Number(parts.day)];
  };
}

const pad = (n) => String(n).padStart(2, '0');
