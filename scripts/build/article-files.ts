// Every file that belongs to one article: its page, one page per version, one per change
// (neighbours, and first → latest), its Atom feed and its JSON history. They need nothing
// but that article, so the build writes them straight from the renderers, many articles at
// a time in worker threads (shards.ts), and leaves Eleventy the pages that list articles.
//
// Why not through Eleventy: these are nine files in ten of the site, and Eleventy's own cost
// per paginated page (its data cascade and pagination, before any of our code runs) is what
// plain Eleventy writing the same number of trivial pages costs — about as long as the
// whole build is allowed to take at newsroom scale (docs/performance.md).
import { articleChangesFeed, renderAtom } from "../feeds/index.ts";
import { articleHistory, toJson } from "../opendata/index.ts";
import {
  articleFeed,
  articleHistoryPath,
  renderArticle,
  renderChangePage,
  renderVersion,
} from "../render/pages.ts";
import { articleChanges, type SiteModel } from "../site/model.ts";
import { fileOf, versionPath } from "../site/paths.ts";

export interface SiteFile {
  /** Site-relative file name, e.g. "bbc/some-story/index.html". */
  file: string;
  content: string;
}

/** Renders every file of one article. Pure: the model in, file names and text out. */
export function articleFiles(model: SiteModel, id: string): SiteFile[] {
  const entry = model.articles.get(id);
  if (!entry) throw new Error(`No article "${id}" in the site model.`);
  const { source, slug } = entry.article;
  const files: SiteFile[] = [{ file: fileOf(entry.path), content: renderArticle(model, id) }];
  for (const v of entry.article.versions) {
    files.push({
      file: fileOf(versionPath(source, slug, v.number)),
      content: renderVersion(model, id, v.number),
    });
  }
  for (const c of articleChanges(entry)) {
    files.push({ file: fileOf(c.path), content: renderChangePage(model, c.id) });
  }
  files.push({
    file: articleFeed(entry).path,
    content: renderAtom(articleChangesFeed(model, id)),
  });
  files.push({ file: articleHistoryPath(entry), content: toJson(articleHistory(model, id)) });
  return files;
}
