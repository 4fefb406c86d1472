// The site's shape: which pages exist, at which paths, holding which changes. Pure: built from
// the sources and every article's summary (summary.ts); no Eleventy, no I/O. What a page of one
// article shows in full comes from its ArticleEntry (article.ts) instead.
import type { Source } from "../load/types.ts";
import type { SiteConfig } from "./config.ts";
import { articleEntry, type ArticleEntry, type ChangeEntry } from "./article.ts";
import { listPath, sourcePath } from "./paths.ts";
import type { ArticleSummary, ChangeSummary } from "./summary.ts";

export {
  articleChanges,
  articleEntry,
  articleId,
  type ArticleEntry,
  type ArticleHead,
  type ChangeEntry,
  type ChangeHead,
  type DiffFunction,
  type VersionHead,
} from "./article.ts";
export type { ArticleSummary, ChangeSummary } from "./summary.ts";

/** An article as lists see it: its summary, no text. */
export type ListedArticle = ArticleEntry<ArticleSummary, ChangeSummary> & {
  /** The store key of what the summary was made from: a page listing it changes when this does. */
  key: string;
};
export type ListedChange = ChangeEntry<ChangeSummary>;

export interface SourceEntry {
  source: Source;
  path: string;
  /** Article ids, most recently changed first. */
  articleIds: string[];
  versionCount: number;
  changeCount: number;
  /** Bytes of its articles' files (how search spreads it over bundles). */
  bytes: number;
}

/**
 * One page of a paginated list (newest first). The front page shows the newest entries;
 * archive pages hold fixed blocks counted from the oldest end, so a new entry changes the
 * front page and, once every perPage entries, adds an archive page — it never shifts what
 * the archive pages hold. Links to them stay true, and an incremental build rewrites only
 * the pages whose entries changed.
 */
export interface ListPage {
  path: string;
  /** 0 for the front page; an archive page's number otherwise, 1 holding the oldest entries. */
  pageNumber: number;
  /** Indices [start, end) into the list being paginated (newest first). */
  start: number;
  end: number;
  /** The page with newer entries. */
  previousPath?: string;
  /** The page with older entries. */
  nextPath?: string;
}

export interface Totals {
  sources: number;
  articles: number;
  versions: number;
  changes: number;
}

export interface SiteModel {
  config: SiteConfig;
  totals: Totals;
  sources: SourceEntry[];
  sourcesByKey: Map<string, SourceEntry>;
  articles: Map<string, ListedArticle>;
  /** Consecutive changes across the archive, newest first. */
  latestChanges: ListedChange[];
  homePages: ListPage[];
  /** Per source key. */
  sourcePages: Map<string, ListPage[]>;
}

export const CHANGES_PER_PAGE = 50;
export const ARTICLES_PER_PAGE = 50;

export function paginate(count: number, perPage: number, basePath: string): ListPage[] {
  // Every block but the newest (which the front page always shows whole) is an archive page.
  const archived = Math.max(0, Math.ceil(count / perPage) - 1);
  const front: ListPage = {
    path: listPath(basePath, 0),
    pageNumber: 0,
    start: 0,
    end: Math.min(count, perPage),
    nextPath: archived > 0 ? listPath(basePath, archived) : undefined,
  };
  const pages = [front];
  for (let k = archived; k >= 1; k--) {
    pages.push({
      path: listPath(basePath, k),
      pageNumber: k,
      start: count - k * perPage,
      end: count - (k - 1) * perPage,
      previousPath: listPath(basePath, k === archived ? 0 : k + 1),
      nextPath: k > 1 ? listPath(basePath, k - 1) : undefined,
    });
  }
  return pages;
}

/** A summary with the key it is stored under. */
export interface KeyedSummary {
  key: string;
  summary: ArticleSummary;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The model of the whole site from every article's summary. `articles` may come in any order:
 * the model sorts them by source, then slug, as the archive is.
 */
export function buildSiteModel(
  sources: readonly Source[],
  articles: readonly KeyedSummary[],
  config: SiteConfig,
): SiteModel {
  const sourceByKey = new Map(sources.map((s) => [s.key, s]));
  const sorted = [...articles].sort(
    (a, b) =>
      compare(a.summary.source, b.summary.source) || compare(a.summary.slug, b.summary.slug),
  );
  const entries = new Map<string, ListedArticle>();
  // When each consecutive change was captured (its newer version's time), in the order made.
  const consecutive: { time: number; entry: ListedChange }[] = [];
  let versions = 0;
  for (const { key, summary } of sorted) {
    const source = sourceByKey.get(summary.source);
    if (!source) throw new Error(`${summary.file}: source "${summary.source}" is not described.`);
    const entry: ListedArticle = {
      ...articleEntry(summary, source, (_from, _to, index) => summary.changes[index]!),
      key,
    };
    entries.set(entry.id, entry);
    versions += summary.versions.length;
    for (const change of entry.changes) {
      consecutive.push({ time: summary.versions[change.to - 1]!.time, entry: change });
    }
  }

  // Newest first; changes captured at the same moment by id.
  const latestChanges = consecutive
    .sort((a, b) => b.time - a.time || compare(a.entry.id, b.entry.id))
    .map((c) => c.entry);

  const bySource = new Map<string, ListedArticle[]>(sources.map((s) => [s.key, []]));
  for (const entry of entries.values()) bySource.get(entry.source.key)!.push(entry);
  const lastSeen = (entry: ListedArticle) => entry.article.versions.at(-1)!.time;
  const sourceEntries: SourceEntry[] = sources.map((source) => {
    const own = bySource.get(source.key)!;
    own.sort((a, b) => lastSeen(b) - lastSeen(a) || compare(a.id, b.id));
    return {
      source,
      path: sourcePath(source.key),
      articleIds: own.map((a) => a.id),
      versionCount: own.reduce((n, a) => n + a.article.versions.length, 0),
      changeCount: own.reduce((n, a) => n + a.changes.length, 0),
      bytes: own.reduce((n, a) => n + a.article.bytes, 0),
    };
  });

  return {
    config,
    totals: {
      sources: sourceEntries.length,
      articles: entries.size,
      versions,
      changes: latestChanges.length,
    },
    sources: sourceEntries,
    sourcesByKey: new Map(sourceEntries.map((s) => [s.source.key, s])),
    articles: entries,
    latestChanges,
    homePages: paginate(latestChanges.length, CHANGES_PER_PAGE, ""),
    sourcePages: new Map(
      sourceEntries.map((s) => [
        s.source.key,
        paginate(s.articleIds.length, ARTICLES_PER_PAGE, s.path),
      ]),
    ),
  };
}

export { articlePath, changePath, sourcePath, versionPath } from "./paths.ts";
