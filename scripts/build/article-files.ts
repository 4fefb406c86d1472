// Every file that belongs to one article: its page, one page per version, one per change
// (neighbours, and first → latest), its Atom feed and its JSON history. They need nothing
// but that article, its source and the site's settings, so they are rendered where the
// article is diffed (articles.ts), many articles at a time in worker threads, and Eleventy is
// left the pages that list articles.
import { articleChangesFeed, changeFeedEntry, renderAtom, type AtomEntry } from "../feeds/index.ts";
import { articleHistory, toJson } from "../opendata/index.ts";
import {
  articleFeed,
  articleHistoryPath,
  renderArticle,
  renderChangePage,
  renderVersion,
} from "../render/pages.ts";
import { timemap } from "../accountability/index.ts";
import { absolute } from "../render/layout.ts";
import type { SiteConfig } from "../site/config.ts";
import { articleChanges, type ArticleEntry } from "../site/model.ts";
import { fileOf, timemapPath, versionPath } from "../site/paths.ts";

export interface SiteFile {
  /** Site-relative file name, e.g. "bbc/some-story/index.html". */
  file: string;
  content: string;
}

/** Feed entries of the article's changes between neighbours, oldest first. */
export function articleFeedEntries(entry: ArticleEntry, config: SiteConfig): AtomEntry[] {
  return entry.changes.map((c) => changeFeedEntry(entry, c, config));
}

/** Renders every file of one article. Pure: the article in, file names and text out. */
export function articleFiles(
  entry: ArticleEntry,
  config: SiteConfig,
  feed: readonly AtomEntry[] = articleFeedEntries(entry, config),
): SiteFile[] {
  const { source, slug } = entry.article;
  const files: SiteFile[] = [{ file: fileOf(entry.path), content: renderArticle(entry, config) }];
  for (const v of entry.article.versions) {
    files.push({
      file: fileOf(versionPath(source, slug, v.number)),
      content: renderVersion(entry, v.number, config),
    });
  }
  for (const c of articleChanges(entry)) {
    files.push({ file: fileOf(c.path), content: renderChangePage(entry, c, config) });
  }
  files.push({
    file: articleFeed(entry.article).path,
    content: renderAtom(articleChangesFeed(entry, config, feed)),
  });
  files.push({ file: articleHistoryPath(entry), content: toJson(articleHistory(entry, config)) });
  files.push({
    file: timemapPath(source, slug),
    content: timemap(
      entry.article.url,
      absolute(config, timemapPath(source, slug)),
      absolute(config, entry.path),
      entry.article.versions.map((v) => ({
        url: absolute(config, versionPath(source, slug, v.number)),
        datetime: new Date(v.time),
      })),
    ),
  });
  return files;
}
