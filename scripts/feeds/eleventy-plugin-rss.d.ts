// @11ty/eleventy-plugin-rss ships no TypeScript declarations; these cover the helpers the feeds use.
declare module "@11ty/eleventy-plugin-rss" {
  /** Atom's date format (RFC 3339, to the second, UTC). */
  export function dateToRfc3339(date: Date): string;
  /** Resolves `url` against `base`; returns `url` unchanged when it cannot. */
  export function absoluteUrl(url: string, base: string): string;
  /** Newest `date` of the items, or `fallback` (else the current time) when there are none. */
  export function getNewestCollectionItemDate(
    items: readonly { date: Date }[],
    fallback?: Date,
  ): Date;
  /** Rewrites every URL in the markup to an absolute one. */
  export function convertHtmlToAbsoluteUrls(html: string, base: string): Promise<string>;
  const rssPlugin: (config: unknown, options?: unknown) => void;
  export default rssPlugin;
}
