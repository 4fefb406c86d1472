// The search index is split into Pagefind bundles ("shards"), merged in the browser by the
// search page of their language. A shard holds one source's articles: all of them, or, for a
// source of more than a bundle's bound, one part of them chosen by a hash of the article's
// id. Bounded shards keep Pagefind's memory bounded by the bound rather than the archive,
// let a rebuild re-index only the part holding a changed article (a source of 500 articles
// took Pagefind about 3 s alone, a quarter of it 0.75 s), and let separate machines index
// separate shards. A merged bundle shares the primary's WebAssembly: an extra one costs a
// reader its entry file, its share of the metadata, and an index request per searched word.
import type { SiteConfig } from "../site/config.ts";
import type { SiteModel } from "../site/model.ts";

/** Site-relative folder of a shard's search bundle, e.g. "pagefind/bbc/" or "pagefind/bbc--2/". */
export function searchShardPath(shardKey: string): string {
  return `pagefind/${shardKey}/`;
}

/** Every shard lives under this folder; nothing else is written there. */
export const SEARCH_ROOT = "pagefind/";

/**
 * Articles per bundle a source is spread by, unless the site's configuration says otherwise:
 * a source of more is spread over parts of about this many (see MAX_PARTS).
 */
export const BUNDLE_ARTICLES = 128;

/** The bound on a bundle's articles for this site. */
export function bundleBound(config: Pick<SiteConfig, "searchBundleArticles">): number {
  return config.searchBundleArticles ?? BUNDLE_ARTICLES;
}

/**
 * Bytes of article files (every version) per bundle a source is spread by, too: a source of
 * long documents is spread over more parts than its count alone would give, so re-indexing
 * the part holding a changed document stays short.
 */
export const BUNDLE_BYTES = 4_000_000;

/**
 * Parts a source is spread over at most. Each part is a bundle the search page merges, and
 * each costs a reader a request per searched word: with this cap, an archive has at most
 * sixteen bundles per source however large it grows, and a larger source has parts larger
 * than the bounds (a new version then re-indexes a sixteenth of its source).
 */
export const MAX_PARTS = 16;

/** How many parts a source of `count` articles and `bytes` of files is spread over (1: kept whole). */
function partsOf(count: number, bound: number, bytes: number): number {
  return Math.min(
    MAX_PARTS,
    Math.max(1, Math.ceil(count / bound), Math.ceil(bytes / BUNDLE_BYTES)),
  );
}

/**
 * The shard of each of a source's articles: the source's key while it has `bound` articles or
 * fewer and BUNDLE_BYTES of files or fewer; otherwise "<source>--<part>" (a source key never
 * holds two hyphens in a row), the articles spread over as many parts as the larger of the
 * two bounds asks (at most MAX_PARTS) by a hash of their id.
 * The parts are decided by the source's articles alone, so a full build and an incremental
 * one agree; a source that grows or shrinks past a multiple of the bound is spread anew.
 */
export function shardKeysOf(
  source: string,
  ids: readonly string[],
  bound: number,
  bytes = 0,
): Map<string, string> {
  const parts = partsOf(ids.length, bound, bytes);
  const keys = new Map<string, string>();
  for (const id of ids) keys.set(id, parts <= 1 ? source : `${source}--${fnv1a(id) % parts}`);
  return keys;
}

/** FNV-1a, 32 bits, over the UTF-16 code units: stable, fast, and spread well enough here. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export interface SearchShard {
  /** The shard's key (shardKeysOf): its bundle's folder name. */
  key: string;
  /** The source's language: each shard holds one language's index. */
  lang: string;
  /** Site-relative folder of the bundle (`searchShardPath(key)`). */
  path: string;
  /** The shard's articles (ids), in archive order. */
  articleIds: string[];
}

/**
 * Every shard that has articles, ordered by key. A source without articles has nothing to
 * index and gets no bundle (Pagefind would write one with no language index, which a search
 * page could not merge).
 */
export function searchShards(
  model: SiteModel,
  keyOf: ReadonlyMap<string, string> = shardKeysOfModel(model),
): SearchShard[] {
  const byShard = new Map<string, { lang: string; ids: string[] }>();
  for (const entry of model.articles.values()) {
    const key = keyOf.get(entry.id)!;
    const shard = byShard.get(key);
    if (shard) shard.ids.push(entry.id);
    else byShard.set(key, { lang: entry.source.language, ids: [entry.id] });
  }
  return [...byShard]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { lang, ids }]) => ({ key, lang, path: searchShardPath(key), articleIds: ids }));
}

/**
 * The shard of every article of the model, by article id. Made once per model: the build
 * asks it when it plans a patch, records the site and indexes it.
 */
export function shardKeysOfModel(model: SiteModel): ReadonlyMap<string, string> {
  let keys = modelKeys.get(model);
  if (keys) return keys;
  const bound = bundleBound(model.config);
  keys = new Map<string, string>();
  for (const source of model.sources) {
    for (const [id, key] of shardKeysOf(
      source.source.key,
      source.articleIds,
      bound,
      source.bytes,
    )) {
      keys.set(id, key);
    }
  }
  modelKeys.set(model, keys);
  return keys;
}

const modelKeys = new WeakMap<SiteModel, Map<string, string>>();

/**
 * The bundles a search page loads: the first shard of its language is the primary (its
 * pagefind.js and UI are loaded), the others are merged into it. Empty when the language has
 * no articles.
 */
export function searchBundles(
  model: SiteModel,
  lang: string,
): { primary: string; merged: string[] } | undefined {
  // The same shards searchShards indexes (those with articles), without grouping every article.
  const bound = bundleBound(model.config);
  const keys = new Set<string>();
  for (const s of model.sources) {
    if (s.source.language !== lang) continue;
    for (const key of shardKeysOf(s.source.key, s.articleIds, bound, s.bytes).values())
      keys.add(key);
  }
  const paths = [...keys].sort().map(searchShardPath);
  if (paths.length === 0) return undefined;
  return { primary: paths[0]!, merged: paths.slice(1) };
}
