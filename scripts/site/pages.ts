// Every page the site has, as small descriptors the templates paginate over.
// The same list feeds the sitemap, so no page can be missing from it.
import type { ListPage, SiteModel } from "./model.ts";
import { sourcesIndexPath, versionPath } from "./paths.ts";

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

export interface SitePages {
  home: HomePage[];
  sourcesIndex: { path: string }[];
  source: SourcePage[];
  article: ArticlePage[];
  change: ChangePage[];
  version: VersionPage[];
}

export function listPages(model: SiteModel): SitePages {
  const article: ArticlePage[] = [];
  const change: ChangePage[] = [];
  const version: VersionPage[] = [];
  for (const entry of model.articles.values()) {
    article.push({ path: entry.path, id: entry.id });
    for (const c of entry.overall ? [...entry.changes, entry.overall] : entry.changes) {
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
  };
}

/** Site-relative paths of every HTML page a reader can land on (for the sitemap). */
export function allPagePaths(pages: SitePages, extra: string[] = []): string[] {
  return [
    ...pages.home,
    ...pages.sourcesIndex,
    ...pages.source,
    ...pages.article,
    ...pages.change,
    ...pages.version,
  ]
    .map((p) => p.path)
    .concat(extra);
}
