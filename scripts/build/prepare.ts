// Load → validate → diff → site model: everything the templates need, computed once per build.
import { diffVersions } from "../diff/index.ts";
import { formatProblems, loadArchive, type LoadOptions } from "../load/index.ts";
import type { Archive, ContentProblem } from "../load/types.ts";
import type { SiteConfig } from "../site/config.ts";
import {
  buildSiteModel,
  type DiffFunction,
  type SiteModel,
  type SourceEntry,
} from "../site/model.ts";
import { listPages, type SitePages } from "../site/pages.ts";

export interface PreparedSite {
  model: SiteModel;
  pages: SitePages;
  /** What this build writes: everything, or in an incremental build only what changed. */
  render: RenderSelection;
}

/**
 * The articles whose files (page, versions, diffs, feed, history) are written, and the pages
 * of paginated lists, the sources' feeds and the sitemap files Eleventy renders. Every other
 * page Eleventy renders each time: they are few (the archive's feed, the sitemap index, the
 * indexes) and most change with any new version.
 */
export interface RenderSelection {
  articles: string[];
  home: SitePages["home"];
  headlines: SitePages["headlines"];
  source: SitePages["source"];
  sourceFeeds: SourceEntry[];
  sitemaps: SitePages["sitemaps"];
}

/** Everything: a full build. */
export function renderEverything(model: SiteModel, pages: SitePages): RenderSelection {
  return {
    articles: pages.article.map((p) => p.id),
    home: pages.home,
    headlines: pages.headlines,
    source: pages.source,
    sourceFeeds: model.sources,
    sitemaps: pages.sitemaps,
  };
}

/** The content has problems; the build must stop and list them all. */
export class ContentInvalidError extends Error {
  override name = "ContentInvalidError";
  constructor(readonly problems: ContentProblem[]) {
    super(formatProblems(problems));
  }
}

export interface PrepareOptions {
  contentDir: string;
  config: SiteConfig;
  diff?: DiffFunction;
  /** Computes every change up front (from a cache, in worker threads); used when `diff` is not given. */
  precompute?: (archive: Archive) => Promise<DiffFunction>;
  /** How to load (e.g. through the parsed-article cache). */
  load?: LoadOptions;
}

export async function prepareSite(options: PrepareOptions): Promise<PreparedSite> {
  const { archive, problems } = await loadArchive(options.contentDir, options.load);
  if (problems.length > 0) throw new ContentInvalidError(problems);
  const diff: DiffFunction =
    options.diff ??
    (options.precompute ? await options.precompute(archive) : languageAwareDiff(archive.sources));
  const model = buildSiteModel(archive, options.config, diff);
  const pages = listPages(model);
  return {
    model,
    pages,
    render: renderEverything(model, pages),
  };
}

/** Word splitting depends on the language (CJK and Thai have no spaces between words). */
function languageAwareDiff(sources: { key: string; language: string }[]): DiffFunction {
  const language = new Map(sources.map((s) => [s.key, s.language]));
  return (article, from, to) => diffVersions(from, to, { language: language.get(article.source) });
}

// The build prepares the site before Eleventy runs (to report content problems first);
// Eleventy's data step then reuses it. Run on its own, Eleventy prepares it here.
let current: PreparedSite | undefined;

export function setPreparedSite(site: PreparedSite | undefined): void {
  current = site;
}

export async function getPreparedSite(fallback: PrepareOptions): Promise<PreparedSite> {
  current ??= await prepareSite(fallback);
  return current;
}
