// How long after the previous version a version was captured, in words a
// reader takes in at a glance (after Rails' distance_of_time_in_words).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
// Whole years of 365 days, so three calendar years (one of them leap) read "about 3 years", not "almost 3".
const YEAR = 365 * DAY;

/**
 * "less than a minute later", "2 minutes later", "about 13 hours later",
 * "about 3 days later", "about 2 months later", "over 2 years later"...
 * A negative interval reads "earlier".
 */
export function timeInWords(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`Expected a number of milliseconds, found ${ms}.`);
  const direction = ms < 0 ? "earlier" : "later";
  return `${distance(Math.abs(ms))} ${direction}`;
}

function distance(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 1) return "less than a minute";
  if (minutes === 1) return "1 minute";
  if (minutes < 45) return `${minutes} minutes`;
  if (minutes < 90) return "about an hour";
  if (ms < 23.5 * HOUR) return `about ${Math.round(ms / HOUR)} hours`;
  if (ms < 42 * HOUR) return "about a day";
  if (ms < 29.5 * DAY) return `about ${Math.round(ms / DAY)} days`;
  if (ms < 45 * DAY) return "about a month";
  if (ms < 365 * DAY) return `about ${Math.max(2, Math.round(ms / MONTH))} months`;
  // Years: "about" for the first quarter past a whole year, "over" up to three
  // quarters, "almost" the next whole year, as Rails does.
  const years = Math.floor(ms / YEAR);
  const remainder = ms - years * YEAR;
  if (remainder < YEAR / 4) return years === 1 ? "about a year" : `about ${years} years`;
  if (remainder < (3 * YEAR) / 4) return years === 1 ? "over a year" : `over ${years} years`;
  return `almost ${years + 1} years`;
}

/** The time from one ISO 8601 timestamp to another, in words. */
export function timeBetween(fromIso: string, toIso: string): { words: string; ms: number } {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (Number.isNaN(from) || Number.isNaN(to)) {
    const bad = Number.isNaN(from) ? fromIso : toIso;
    throw new RangeError(
      `Expected an ISO 8601 timestamp such as "2008-03-18T09:05:00Z", found "${bad}".`,
    );
  }
  return { words: timeInWords(to - from), ms: to - from };
}
