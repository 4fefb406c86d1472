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

/** "18 March 2008, 09:05 UTC". */
export function formatDateTime(time: number): string {
  const date = new Date(time);
  return `${DATE.format(date)}, ${TIME.format(date)} UTC`;
}

/** "18 March 2008". */
export function formatDate(time: number): string {
  return DATE.format(new Date(time));
}

/** Machine-readable form for `<time datetime>`: UTC, to the second. */
export function isoTime(time: number): string {
  return new Date(time).toISOString().replace(/\.000Z$/, "Z");
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-GB");
}

/** "1 change", "3 changes". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
