// Every page the site has, as small descriptors the templates paginate over.
// The same list feeds the sitemap, so no page can be missing from it.
import { headlinePages } from "./headlines.ts";
import { articleChanges, type ListPage, type SiteModel } from "./model.ts";
import { searchPath, sourcesIndexPath, versionPath } from "./paths.ts";

export interface HomePage {
  path: string;
  list: ListPage;
}
export interface SourcePage {
  path: string;
  key: string;
  list: ListPage;
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
  return {
    home: model.homePages.map((list) => ({ path: list.path, list })),
    headlines: headlinePages(model).map((list) => ({ path: list.path, list })),
    sourcesIndex: [{ path: sourcesIndexPath }],
    source: model.sources.flatMap((s) =>
      (model.sourcePages.get(s.source.key) ?? []).map((list) => ({
        path: list.path,
        key: s.source.key,
        list,
      })),
    ),
    article,
    change,
    version,
    search: searchPages(model),
  };
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

/** Site-relative paths of every HTML page a reader can land on (for the sitemap). */
export function allPagePaths(pages: SitePages, extra: string[] = []): string[] {
  return [
    ...pages.home,
    ...pages.headlines,
    ...pages.sourcesIndex,
    ...pages.source,
    ...pages.article,
    ...pages.change,
    ...pages.version,
    ...pages.search,
  ]
    .map((p) => p.path)
    .concat(extra);
}
