// RFC 7089 (Memento) TimeMap of an article: every captured version as a memento of the outlet's
// original address, in the application/link-format of RFC 6690.

export interface Memento {
  /** Absolute address of the archived version. */
  url: string;
  /** When it was captured. */
  datetime: Date;
}

export interface TimemapOptions {
  /**
   * True when the third address is a real TimeGate (negotiates on Accept-Datetime); a static
   * archive has none, so by default that address (the article's page) is linked as "related".
   */
  timegate?: boolean;
}

/** The Content-Type a TimeMap is served with. */
export const TIMEMAP_TYPE = "application/link-format";

/** RFC 1123 date as Memento wants it: "Tue, 20 Jun 2000 18:02:59 GMT". */
export function mementoDatetime(date: Date): string {
  return date.toUTCString();
}

/** An address fit for <…> in link-format: characters that would end or break it are percent-encoded. */
function target(url: string): string {
  return `<${url.replace(/[<>"\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)}>`;
}

/**
 * The TimeMap: the original resource, the TimeMap itself (with from/until), the TimeGate or
 * article page, then every memento oldest first, the first and last marked as RFC 7089 does
 * ("first memento", "last memento", "first last memento" for a single one). One link a line.
 */
export function timemap(
  original: string,
  timemapUrl: string,
  timegateOrArticleUrl: string,
  mementos: readonly Memento[],
  options: TimemapOptions = {},
): string {
  const sorted = [...mementos].sort((a, b) => a.datetime.getTime() - b.datetime.getTime());
  const links = [`${target(original)};rel="original"`];
  let self = `${target(timemapUrl)};rel="self";type="${TIMEMAP_TYPE}"`;
  if (sorted.length > 0) {
    self += `;from="${mementoDatetime(sorted[0]!.datetime)}";until="${mementoDatetime(sorted[sorted.length - 1]!.datetime)}"`;
  }
  links.push(self);
  links.push(`${target(timegateOrArticleUrl)};rel="${options.timegate ? "timegate" : "related"}"`);
  sorted.forEach((memento, k) => {
    const rel = [k === 0 ? "first" : "", k === sorted.length - 1 ? "last" : "", "memento"]
      .filter(Boolean)
      .join(" ");
    links.push(
      `${target(memento.url)};rel="${rel}";datetime="${mementoDatetime(memento.datetime)}"`,
    );
  });
  return `${links.join(",\n")}\n`;
}
