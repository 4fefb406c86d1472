// Every page the site has, as small descriptors the templates paginate over.
// The same list feeds the sitemap, so no page can be missing from it.
import {
  CHANGE_FILTERS,
  filteredChanges,
  filterFeedPath,
  filterPages,
  SOURCE_FILTERS,
  statisticsPath,
  type ChangeFilter,
} from "./filters.ts";
import { headlineChanges, headlinePages } from "./headlines.ts";
import { articleChanges, type ListedChange, type ListPage, type SiteModel } from "./model.ts";
import { searchPath, sourcePath, sourcesIndexPath, versionPath } from "./paths.ts";

/**
 * Every page says when it last changed (`lastmod`, milliseconds since the epoch), for the
 * sitemap: an article page its newest version's capture, a version or change page its own
 * version's, a list page its newest entry's. Made from the content alone, never the build time.
 * None for a list with no entries.
 */
interface Dated {
  lastmod?: number;
}

export interface HomePage extends Dated {
  path: string;
  list: ListPage;
}
export interface SourcePage extends Dated {
  path: string;
  key: string;
  list: ListPage;
}
/** One source's feed (its newest changes), and pages of it that stand for one source. */
export interface SourceFeedPage {
  path: string;
  key: string;
}
/** A page of one filter's changes (filters.ts), archive-wide or of one source. */
export interface FilteredPage extends Dated {
  path: string;
  filter: ChangeFilter;
  /** The source's key; none for the archive's. */
  key?: string;
  list: ListPage;
}
/** One filter's Atom feed, archive-wide or of one source. */
export interface FilterFeedPage {
  path: string;
  filter: ChangeFilter;
  key?: string;
}
/** The archive's or one source's statistics. */
export interface StatisticsPage extends Dated {
  path: string;
  key?: string;
}
export interface ArticlePage extends Dated {
  path: string;
  id: string;
}
export interface ChangePage extends Dated {
  path: string;
  id: string;
}
export interface VersionPage extends Dated {
  path: string;
  articleId: string;
  number: number;
}

/** Pagefind keeps one index per language: search/ searches the most common, search/<lang>/ the others. */
export interface SearchPage extends Dated {
  path: string;
  lang: string;
}

/**
 * One file of the sitemap: the pages that sum up the archive, or one source's pages. The
 * sitemap protocol allows 50,000 addresses a file, so a larger group is split in parts.
 */
export interface SitemapPage {
  path: string;
  /** Site-relative paths of the pages it lists. */
  pages: string[];
  /** When each of those pages last changed (Dated), in the same order. */
  lastmods: (number | undefined)[];
}

export interface SitePages {
  home: HomePage[];
  /** headlines/: headline changes only, paginated like home. */
  headlines: HomePage[];
  sourcesIndex: ({ path: string } & Dated)[];
  source: SourcePage[];
  article: ArticlePage[];
  change: ChangePage[];
  version: VersionPage[];
  search: SearchPage[];
  sourceFeeds: SourceFeedPage[];
  /** substantive/, corrections/, without-notice/ and each source's corrections/ and without-notice/. */
  filtered: FilteredPage[];
  /** Each filter's feed, archive-wide and per source. */
  filterFeeds: FilterFeedPage[];
  statistics: StatisticsPage[];
  /** The sitemap's files, each listed in sitemap.xml (the sitemap index). */
  sitemaps: SitemapPage[];
}

export function listPages(model: SiteModel): SitePages {
  const article: ArticlePage[] = [];
  const change: ChangePage[] = [];
  const version: VersionPage[] = [];
  let newest: number | undefined;
  for (const entry of model.articles.values()) {
    const versions = entry.article.versions;
    const last = versions.at(-1)!.time;
    newest = Math.max(newest ?? last, last);
    article.push({ path: entry.path, id: entry.id, lastmod: last });
    for (const c of articleChanges(entry)) {
      change.push({ path: c.path, id: c.id, lastmod: versions[c.to - 1]!.time });
    }
    for (const v of versions) {
      version.push({
        path: versionPath(entry.article.source, entry.article.slug, v.number),
        articleId: entry.id,
        number: v.number,
        lastmod: v.time,
      });
    }
  }
  const changeTime = (c: ListedChange | undefined) =>
    c && model.articles.get(c.articleId)!.article.versions[c.to - 1]!.time;
  const headlines = headlineChanges(model);
  const newestOf = (key: string) => {
    const id = model.sourcesByKey.get(key)?.articleIds[0];
    return id === undefined ? undefined : model.articles.get(id)!.article.versions.at(-1)!.time;
  };
  const pages = {
    home: model.homePages.map((list) => ({
      path: list.path,
      list,
      lastmod: changeTime(model.latestChanges[list.start]),
    })),
    headlines: headlinePages(model).map((list) => ({
      path: list.path,
      list,
      lastmod: changeTime(headlines[list.start]),
    })),
    sourcesIndex: [{ path: sourcesIndexPath, lastmod: newest }],
    source: model.sources.flatMap((s) =>
      model.sourcePages.get(s.source.key)!.map((list) => {
        const id = s.articleIds[list.start];
        return {
          path: list.path,
          key: s.source.key,
          list,
          lastmod:
            id === undefined ? undefined : model.articles.get(id)!.article.versions.at(-1)!.time,
        };
      }),
    ),
    article,
    change,
    version,
    search: searchPages(model, newest),
    sourceFeeds: model.sources.map((s) => ({ path: `${s.path}feed.xml`, key: s.source.key })),
    filtered: [
      ...CHANGE_FILTERS.map((filter) => ({ filter, key: undefined })),
      ...model.sources.flatMap((s) =>
        SOURCE_FILTERS.map((filter) => ({ filter, key: s.source.key as string | undefined })),
      ),
    ].flatMap(({ filter, key }) =>
      filterPages(model, filter, key).map((list) => ({
        path: list.path,
        filter,
        ...(key === undefined ? {} : { key }),
        list,
        // A list with no entry yet is dated by its scope's newest capture (its source's, or the
        // archive's), so a version elsewhere does not date it anew.
        lastmod:
          changeTime(filteredChanges(model, filter, key)[list.start]) ??
          (key === undefined ? newest : newestOf(key)),
      })),
    ),
    filterFeeds: [undefined, ...model.sources.map((s) => s.source.key)].flatMap((key) =>
      CHANGE_FILTERS.map((filter) => ({
        path: filterFeedPath(filter, key),
        filter,
        ...(key === undefined ? {} : { key }),
      })),
    ),
    statistics: [
      { path: statisticsPath(), lastmod: newest },
      ...model.sources.map((s) => ({
        path: statisticsPath(s.source.key),
        key: s.source.key,
        lastmod:
          s.articleIds[0] === undefined
            ? undefined
            : model.articles.get(s.articleIds[0])!.article.versions.at(-1)!.time,
      })),
    ],
  };
  return {
    ...pages,
    sitemaps: sitemapPages(
      pages,
      model.sources.map((s) => s.source.key),
    ),
  };
}

/** Addresses a sitemap file may hold (sitemaps.org). */
export const SITEMAP_LIMIT = 50_000;

/**
 * Every page a reader can land on, in sitemap files: the archive-wide pages in
 * sitemap-pages.xml, each source's pages in <source>/sitemap.xml (a sitemap may list only
 * addresses under its own folder). Split by source, a new version rewrites the sitemap of
 * its source alone. Groups over SITEMAP_LIMIT continue in sitemap-2.xml, sitemap-3.xml, …;
 * a source without pages has no sitemap.
 */
export function sitemapPages(
  pages: Omit<SitePages, "sitemaps">,
  sourceKeys: readonly string[],
  limit = SITEMAP_LIMIT,
): SitemapPage[] {
  const bySource = new Map<string, ({ path: string } & Dated)[]>(
    sourceKeys.map((key) => [key, []]),
  );
  // Every source page's path begins with its source's folder.
  const own = <T extends { path: string; key?: string }>(list: readonly T[]) =>
    list.filter((p) => p.key !== undefined);
  const wideOf = <T extends { path: string; key?: string }>(list: readonly T[]) =>
    list.filter((p) => p.key === undefined);
  for (const kind of [
    pages.source,
    own(pages.filtered),
    own(pages.statistics),
    pages.article,
    pages.change,
    pages.version,
  ]) {
    for (const p of kind) bySource.get(p.path.slice(0, p.path.indexOf("/")))!.push(p);
  }
  const wide = [
    ...pages.home,
    ...pages.headlines,
    ...wideOf(pages.filtered),
    ...wideOf(pages.statistics),
    ...pages.sourcesIndex,
    ...pages.search,
  ];
  const parts = (base: string, listed: readonly ({ path: string } & Dated)[]): SitemapPage[] => {
    const out: SitemapPage[] = [];
    for (let i = 0; i < listed.length; i += limit) {
      const n = i / limit + 1;
      const slice = listed.slice(i, i + limit);
      out.push({
        path: n === 1 ? `${base}.xml` : `${base}-${n}.xml`,
        pages: slice.map((p) => p.path),
        lastmods: slice.map((p) => p.lastmod),
      });
    }
    return out;
  };
  return [
    // A sitemap file's fingerprint is its whole descriptor, times included
    // (scripts/build/lists.ts), so a patch rewrites it when a time changes.
    ...parts("sitemap-pages", wide),
    ...[...bySource].flatMap(([key, listed]) => parts(`${sourcePath(key)}sitemap`, listed)),
  ];
}

/** Languages of the archive's articles, the most common first (ties by tag). */
export function searchLanguages(model: SiteModel): string[] {
  const counts = new Map<string, number>();
  for (const entry of model.articles.values()) {
    counts.set(entry.source.language, (counts.get(entry.source.language) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([lang]) => lang);
}

/** The search pages change with the index: when the archive's newest version was captured. */
function searchPages(model: SiteModel, newest: number | undefined): SearchPage[] {
  const languages = searchLanguages(model);
  if (languages.length === 0) return [{ path: searchPath, lang: "en", lastmod: newest }];
  return languages.map((lang, i) => ({
    path: i === 0 ? searchPath : `${searchPath}${lang}/`,
    lang,
    lastmod: newest,
  }));
}
