// The site's shape: which pages exist, at which paths, holding which changes.
// Pure: built from the loaded archive and a diff function; no Eleventy, no I/O.
import type { Change } from "../diff/types.ts";
import type { Archive, Article, Source, Version } from "../load/types.ts";
import type { SiteConfig } from "./config.ts";
import { articlePath, changePath, listPath, sourcePath, versionPath } from "./paths.ts";

/** Computes the change between two versions of one article (possibly from a cache). */
export type DiffFunction = (article: Article, from: Version, to: Version) => Change;

export interface ChangeEntry {
  /** "source/slug/2-3": stable, used for feed ids and anchors. */
  id: string;
  articleId: string;
  from: number;
  to: number;
  change: Change;
  /** Site-relative path of the diff page, e.g. "bbc/slug/changes/2-3/". */
  path: string;
  /** Between neighbouring versions (false for first → latest). */
  consecutive: boolean;
}

export interface ArticleEntry {
  /** "source/slug". */
  id: string;
  article: Article;
  source: Source;
  path: string;
  /** Between neighbouring versions, oldest first. */
  changes: ChangeEntry[];
  /** First → latest, when there are three versions or more (with two it is changes[0]). */
  overall?: ChangeEntry;
}

/** Every change of an article: between neighbours, oldest first, then first → latest. */
export function articleChanges(entry: ArticleEntry): ChangeEntry[] {
  return entry.overall ? [...entry.changes, entry.overall] : entry.changes;
}

export interface SourceEntry {
  source: Source;
  path: string;
  /** Article ids, most recently changed first. */
  articleIds: string[];
  versionCount: number;
  changeCount: number;
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
  articles: Map<string, ArticleEntry>;
  changes: Map<string, ChangeEntry>;
  /** Consecutive changes across the archive, newest first. */
  latestChanges: ChangeEntry[];
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

export function buildSiteModel(
  archive: Archive,
  config: SiteConfig,
  diff: DiffFunction,
): SiteModel {
  const sourceByKey = new Map(archive.sources.map((s) => [s.key, s]));
  const articles = new Map<string, ArticleEntry>();
  const changes = new Map<string, ChangeEntry>();
  // When each consecutive change was captured (its newer version's time), in the order they
  // are made: sorting 26,000 changes by a lookup per comparison took 0.17 s of a rebuild.
  const consecutiveChanges: { time: number; entry: ChangeEntry }[] = [];

  const entryFor = (
    article: Article,
    articleId: string,
    from: Version,
    to: Version,
    consecutive: boolean,
  ) => {
    const id = `${articleId}/${from.number}-${to.number}`;
    const entry: ChangeEntry = {
      id,
      // One string per article, not per change.
      articleId,
      from: from.number,
      to: to.number,
      change: diff(article, from, to),
      path: changePath(article.source, article.slug, from.number, to.number),
      consecutive,
    };
    changes.set(id, entry);
    if (consecutive) consecutiveChanges.push({ time: to.time, entry });
    return entry;
  };

  for (const article of archive.articles) {
    const source = sourceByKey.get(article.source);
    if (!source) throw new Error(`${article.file}: source "${article.source}" is not described.`);
    const versions = article.versions;
    const id = `${article.source}/${article.slug}`;
    const consecutive: ChangeEntry[] = [];
    for (let i = 1; i < versions.length; i++) {
      consecutive.push(entryFor(article, id, versions[i - 1]!, versions[i]!, true));
    }
    const first = versions[0]!;
    const last = versions[versions.length - 1]!;
    articles.set(id, {
      id,
      article,
      source,
      path: articlePath(article.source, article.slug),
      changes: consecutive,
      overall: versions.length > 2 ? entryFor(article, id, first, last, false) : undefined,
    });
  }

  // Newest first; changes captured at the same moment by id.
  const byId = (a: ChangeEntry, b: ChangeEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const latestChanges = consecutiveChanges
    .sort((a, b) => b.time - a.time || byId(a.entry, b.entry))
    .map((c) => c.entry);

  const lastSeen = (entry: ArticleEntry) => entry.article.versions.at(-1)!.time;
  const sources: SourceEntry[] = archive.sources.map((source) => {
    const own = [...articles.values()].filter((a) => a.source.key === source.key);
    own.sort((a, b) => lastSeen(b) - lastSeen(a) || (a.id < b.id ? -1 : 1));
    return {
      source,
      path: sourcePath(source.key),
      articleIds: own.map((a) => a.id),
      versionCount: own.reduce((n, a) => n + a.article.versions.length, 0),
      changeCount: own.reduce((n, a) => n + a.changes.length, 0),
    };
  });

  return {
    config,
    totals: {
      sources: sources.length,
      articles: articles.size,
      versions: archive.articles.reduce((n, a) => n + a.versions.length, 0),
      changes: latestChanges.length,
    },
    sources,
    sourcesByKey: new Map(sources.map((s) => [s.source.key, s])),
    articles,
    changes,
    latestChanges,
    homePages: paginate(latestChanges.length, CHANGES_PER_PAGE, ""),
    sourcePages: new Map(
      sources.map((s) => [s.source.key, paginate(s.articleIds.length, ARTICLES_PER_PAGE, s.path)]),
    ),
  };
}

export { articlePath, changePath, sourcePath, versionPath };
