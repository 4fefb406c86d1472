// The URL scheme. Paths are relative to the site's base path and end with "/".
// They are permanent: an article's slug is its address for ever.
//
//   ""                              home (latest changes)       page/1/ … (1 is the oldest)
//   sources/                        index of sources
//   <source>/                       a source's articles         <source>/page/1/ …
//   <source>/<slug>/                an article
//   <source>/<slug>/versions/<n>/   full text of version n
//   <source>/<slug>/changes/<a>-<b>/  diff between versions a and b
//   headlines/                      headline changes only       headlines/page/1/ …
//   search/                         search
//   404.html                        not found

/** Stylesheet and browser scripts (templates/assets, scripts/client bundled): made from code alone. */
export const ASSETS_ROOT = "assets/";

export const sourcesIndexPath = "sources/";
export const searchPath = "search/";
export const headlinesPath = "headlines/";

/** Page 0 is a list's front page (its newest entries); archive pages count from the oldest. */
export function listPath(base: string, pageNumber: number): string {
  return pageNumber === 0 ? base : `${base}page/${pageNumber}/`;
}

export function sourcePath(source: string): string {
  return `${source}/`;
}

export function articlePath(source: string, slug: string): string {
  return `${source}/${slug}/`;
}

export function versionPath(source: string, slug: string, number: number): string {
  return `${source}/${slug}/versions/${number}/`;
}

export function changePath(source: string, slug: string, from: number, to: number): string {
  return `${source}/${slug}/changes/${from}-${to}/`;
}

/** The file a page address is written to: "a/b/" is "a/b/index.html". */
export function fileOf(pagePath: string): string {
  return pagePath === "" || pagePath.endsWith("/") ? `${pagePath}index.html` : pagePath;
}

/** Atom feeds: the archive's, a source's, an article's. */
export const globalFeedPath = "feed.xml";

export function sourceFeedPath(source: string): string {
  return `${source}/feed.xml`;
}

export function articleFeedPath(source: string, slug: string): string {
  return `${source}/${slug}/feed.xml`;
}

/** An article's complete history as open data (docs/open-data.md). */
export function historyPath(source: string, slug: string): string {
  return `${source}/${slug}/history.json`;
}

/** An article's TimeMap (RFC 7089): the original and every version as mementos. */
export function timemapPath(source: string, slug: string): string {
  return `${source}/${slug}/timemap.link`;
}

/** The archive as a JSON Lines data set, when the deployer asks for it (SITE_DATASET=jsonl). */
export const DATASET_PATH = "data/archive.jsonl";
