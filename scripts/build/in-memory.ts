// The list pages' data made in one go, in memory, for Eleventy run on its own
// (`npx @11ty/eleventy --config .eleventy.ts`): no store, no article files. The build makes
// the same data stage by stage instead (pipeline.ts).
import { statSync } from "node:fs";
import { diffVersions } from "../diff/index.ts";
import type { AtomEntry } from "../feeds/index.ts";
import { formatProblems, loadArchive } from "../load/index.ts";
import type { SiteConfig } from "../site/config.ts";
import { articleEntry, buildSiteModel } from "../site/model.ts";
import { summarise } from "../site/summary.ts";
import { articleFeedEntries } from "./article-files.ts";
import { hashOf } from "./hash.ts";
import { feedsOf, listPages, selectAll, type ListSite } from "./lists.ts";

export async function prepareInMemory(contentDir: string, config: SiteConfig): Promise<ListSite> {
  const { archive, problems } = await loadArchive(contentDir);
  if (problems.length > 0) throw new Error(formatProblems(problems));
  const bySource = new Map(archive.sources.map((s) => [s.key, s]));
  const feed = new Map<string, AtomEntry>();
  const summaries = archive.articles.map((article) => {
    const source = bySource.get(article.source)!;
    const entry = articleEntry(article, source, (from, to) =>
      diffVersions(from, to, { language: source.language }),
    );
    const entries = articleFeedEntries(entry, config);
    entry.changes.forEach((c, i) => feed.set(c.id, entries[i]!));
    return { key: hashOf(article.file), summary: summarise(entry, statSync(article.file).size) };
  });
  const model = buildSiteModel(archive.sources, summaries, config);
  const pages = listPages(model);
  const render = selectAll(pages);
  return {
    model,
    pages,
    render,
    feeds: feedsOf(model, render, (ids) => new Map(ids.map((id) => [id, feed.get(id)!]))),
    assets: true,
  };
}
