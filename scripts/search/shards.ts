// The search index is split into one Pagefind bundle per source ("shard"), merged in the
// browser by the search page of the source's language. One index per source keeps Pagefind's
// memory bounded by the largest source rather than the archive, lets a rebuild re-index only
// the sources that changed, and lets separate machines index separate sources.
import type { ArticleEntry, SiteModel } from "../site/model.ts";

/** Site-relative folder of a source's search bundle, e.g. "pagefind/bbc/". */
export function searchShardPath(sourceKey: string): string {
  return `pagefind/${sourceKey}/`;
}

/** Every shard lives under this folder; nothing else is written there. */
export const SEARCH_ROOT = "pagefind/";

export interface SearchShard {
  /** The source's key: the shard's folder name. */
  key: string;
  /** The source's language: each shard holds one language's index. */
  lang: string;
  /** Site-relative folder of the bundle (`searchShardPath(key)`). */
  path: string;
  /** The source's articles, in archive order. */
  entries: ArticleEntry[];
}

/**
 * One shard per source that has articles, ordered by source key. A source without articles
 * has nothing to index and gets no bundle (Pagefind would write one with no language index,
 * which a search page could not merge).
 */
export function searchShards(model: SiteModel): SearchShard[] {
  const bySource = new Map<string, ArticleEntry[]>();
  for (const entry of model.articles.values()) {
    const list = bySource.get(entry.source.key);
    if (list) list.push(entry);
    else bySource.set(entry.source.key, [entry]);
  }
  return [...bySource]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, entries]) => ({
      key,
      lang: entries[0]!.source.language,
      path: searchShardPath(key),
      entries,
    }));
}

/**
 * The bundles a search page loads: the first shard of its language is the primary (its
 * pagefind.js and UI are loaded), the others are merged into it. Empty when the language has
 * no articles.
 */
export function searchBundles(
  model: SiteModel,
  lang: string,
): { primary: string; merged: string[] } | undefined {
  // The same sources searchShards indexes (those with articles), without grouping every article.
  const paths = model.sources
    .filter((s) => s.articleIds.length > 0 && s.source.language === lang)
    .map((s) => s.source.key)
    .sort()
    .map(searchShardPath);
  if (paths.length === 0) return undefined;
  return { primary: paths[0]!, merged: paths.slice(1) };
}
