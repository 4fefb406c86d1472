// Every page the site has, as small descriptors the templates paginate over.
// The same list feeds the sitemap, so no page can be missing from it.
import { headlinePages } from "./headlines.ts";
import { articleChanges, type ListPage, type SiteModel } from "./model.ts";
import { searchPath, sourcePath, sourcesIndexPath, versionPath } from "./paths.ts";

export interface HomePage {
  path: string;
  list: ListPage;
}
export interface SourcePage {
  path: string;
  key: string;
  list: ListPage;
}
/** One source's feed (its newest changes), and pages of it that stand for one source. */
export interface SourceFeedPage {
  path: string;
  key: string;
}
export interface ArticlePage {
  path: string;
  id: string;
}
export interface ChangePage {
  path: string;
  id: string;
}
export interface VersionPage {
  path: string;
  articleId: string;
  number: number;
}

/** Pagefind keeps one index per language: search/ searches the most common, search/<lang>/ the others. */
export interface SearchPage {
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
}

export interface SitePages {
  home: HomePage[];
  /** headlines/: headline changes only, paginated like home. */
  headlines: HomePage[];
  sourcesIndex: { path: string }[];
  source: SourcePage[];
  article: ArticlePage[];
  change: ChangePage[];
  version: VersionPage[];
  search: SearchPage[];
  sourceFeeds: SourceFeedPage[];
  /** The sitemap's files, each listed in sitemap.xml (the sitemap index). */
  sitemaps: SitemapPage[];
}

export function listPages(model: SiteModel): SitePages {
  const article: ArticlePage[] = [];
  const change: ChangePage[] = [];
  const version: VersionPage[] = [];
  for (const entry of model.articles.values()) {
    article.push({ path: entry.path, id: entry.id });
    for (const c of articleChanges(entry)) {
      change.push({ path: c.path, id: c.id });
    }
    for (const v of entry.article.versions) {
      version.push({
        path: versionPath(entry.article.source, entry.article.slug, v.number),
        articleId: entry.id,
        number: v.number,
      });
    }
  }
  const pages = {
    home: model.homePages.map((list) => ({ path: list.path, list })),
    headlines: headlinePages(model).map((list) => ({ path: list.path, list })),
    sourcesIndex: [{ path: sourcesIndexPath }],
    source: model.sources.flatMap((s) =>
      model.sourcePages.get(s.source.key)!.map((list) => ({
        path: list.path,
        key: s.source.key,
        list,
      })),
    ),
    article,
    change,
    version,
    search: searchPages(model),
    sourceFeeds: model.sources.map((s) => ({ path: `${s.path}feed.xml`, key: s.source.key })),
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
  const bySource = new Map<string, string[]>(sourceKeys.map((key) => [key, []]));
  // Every source page's path begins with its source's folder.
  for (const kind of [pages.source, pages.article, pages.change, pages.version]) {
    for (const p of kind) bySource.get(p.path.slice(0, p.path.indexOf("/")))!.push(p.path);
  }
  const wide = [...pages.home, ...pages.headlines, ...pages.sourcesIndex, ...pages.search];
  const parts = (base: string, paths: string[]): SitemapPage[] => {
    const out: SitemapPage[] = [];
    for (let i = 0; i < paths.length; i += limit) {
      const n = i / limit + 1;
      out.push({
        path: n === 1 ? `${base}.xml` : `${base}-${n}.xml`,
        pages: paths.slice(i, i + limit),
      });
    }
    return out;
  };
  return [
    ...parts(
      "sitemap-pages",
      wide.map((p) => p.path),
    ),
    ...[...bySource].flatMap(([key, paths]) => parts(`${sourcePath(key)}sitemap`, paths)),
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

function searchPages(model: SiteModel): SearchPage[] {
  const languages = searchLanguages(model);
  if (languages.length === 0) return [{ path: searchPath, lang: "en" }];
  return languages.map((lang, i) => ({
    path: i === 0 ? searchPath : `${searchPath}${lang}/`,
    lang,
  }));
}
