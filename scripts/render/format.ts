// Deterministic formatting of dates and counts (no "now", no locale of the build machine).

const DATE = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const TIME = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/**
 * Remembers the last few thousand results of a formatter: a version's time is shown on every
 * page of its article (Intl's formatting was a tenth of the time spent rendering them).
 */
function remembered(format: (time: number) => string): (time: number) => string {
  const known = new Map<number, string>();
  return (time) => {
    let text = known.get(time);
    if (text === undefined) {
      if (known.size >= 4096) known.clear();
      text = format(time);
      known.set(time, text);
    }
    return text;
  };
}

/** "18 March 2008, 09:05 UTC". */
export const formatDateTime = remembered((time) => {
  const date = new Date(time);
  return `${DATE.format(date)}, ${TIME.format(date)} UTC`;
});

/** "18 March 2008". */
export const formatDate = remembered((time) => DATE.format(new Date(time)));

/** Machine-readable form for `<time datetime>`: UTC, to the second. */
export const isoTime = remembered((time) => new Date(time).toISOString().replace(/\.000Z$/, "Z"));

export function formatCount(n: number): string {
  // Below a thousand there is nothing to group.
  return Number.isInteger(n) && n > -1000 && n < 1000 ? String(n) : n.toLocaleString("en-GB");
}

/** "1 change", "3 changes". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
