// Articles made in code, for tests of the site model and what is derived from it.
import { diffVersions } from "../../scripts/diff/index.ts";
import { formatProblems, loadArchive } from "../../scripts/load/index.ts";
import type { Article, Source } from "../../scripts/load/types.ts";
import type { SiteConfig } from "../../scripts/site/config.ts";
import {
  articleEntry,
  buildSiteModel,
  type ArticleEntry,
  type SiteModel,
} from "../../scripts/site/model.ts";
import { summarise } from "../../scripts/site/summary.ts";

/** An article of `source` captured at these moments (ISO times), each capture a new headline. */
export function testArticle(source: string, slug: string, ...captures: string[]): Article {
  return {
    source,
    slug,
    file: `content/${source}/${slug}.md`,
    url: `https://example.org/${slug}`,
    tracking: "active",
    corrections: [],
    versions: captures.map((capturedAt, i) => ({
      number: i + 1,
      capturedAt,
      time: Date.parse(capturedAt),
      headline: `${slug}, take ${i + 1}`,
      paragraphs: ["Text."],
    })),
  };
}

/** An article's full entry, diffed with the engine the build uses. */
export function entryOf(article: Article, source: Source): ArticleEntry {
  return articleEntry(article, source, (from, to) =>
    diffVersions(from, to, { language: source.language }),
  );
}

/** The site model of some articles, as the build makes it from their summaries. */
export function modelOf(sources: Source[], articles: Article[], config: SiteConfig): SiteModel {
  const bySource = new Map(sources.map((s) => [s.key, s]));
  return buildSiteModel(
    sources,
    articles.map((a) => ({
      key: a.file,
      summary: summarise(entryOf(a, bySource.get(a.source)!), 0),
    })),
    config,
  );
}

/** Every article of a content folder, as full entries (what the article stages make). */
export async function loadEntries(contentDir: string): Promise<ArticleEntry[]> {
  const { archive, problems } = await loadArchive(contentDir);
  if (problems.length > 0) throw new Error(formatProblems(problems));
  const bySource = new Map(archive.sources.map((s) => [s.key, s]));
  return archive.articles.map((a) => entryOf(a, bySource.get(a.source)!));
}
