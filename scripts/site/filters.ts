// Lists of changes picked by what they mean for a reader: substantive and major changes, those
// that added a correction or update notice, and substantive or major ones that came without.
// Made from summaries alone (significance and notices are in them), newest first as home is.
import type { ArticleStatsInput } from "../accountability/index.ts";
import {
  CHANGES_PER_PAGE,
  paginate,
  type ListedChange,
  type ListPage,
  type SiteModel,
} from "./model.ts";
import type { ArticleSummary, ChangeSummary } from "./summary.ts";

export const CHANGE_FILTERS = ["substantive", "corrections", "without-notice"] as const;
export type ChangeFilter = (typeof CHANGE_FILTERS)[number];

/** Filters with pages of their own for each source too (substantive: archive-wide only). */
export const SOURCE_FILTERS: readonly ChangeFilter[] = ["corrections", "without-notice"];

export const FILTER_TEXT: Record<ChangeFilter, { title: string; about: string }> = {
  substantive: {
    title: "Substantive and major changes",
    about: "Changes scored substantive or major: minor and small edits left out.",
  },
  corrections: {
    title: "Corrections and updates",
    about:
      "Changes that added a correction, clarification, update or editor’s note to the article.",
  },
  "without-notice": {
    title: "Changes without notice",
    about:
      "Substantive and major changes after which no correction or update notice was added to the article.",
  },
};

/** Entries in each filter's feed. */
export const FILTER_FEED_SIZE = 50;

export function matches(filter: ChangeFilter, change: ChangeSummary): boolean {
  if (filter === "corrections") return change.notices.length > 0;
  if (filter === "without-notice") return change.withoutNotice;
  const label = change.significance.label;
  return label === "substantive" || label === "major";
}

/** The filter's page: "corrections/", or one source's "<source>/corrections/". */
export function filterPath(filter: ChangeFilter, source?: string): string {
  return source === undefined ? `${filter}/` : `${source}/${filter}/`;
}

/** The filter's Atom feed: "corrections.xml", or "<source>/corrections.xml". */
export function filterFeedPath(filter: ChangeFilter, source?: string): string {
  return source === undefined ? `${filter}.xml` : `${source}/${filter}.xml`;
}

/** The statistics page: "statistics/", or "<source>/statistics/". */
export function statisticsPath(source?: string): string {
  return source === undefined ? "statistics/" : `${source}/statistics/`;
}

const cache = new WeakMap<SiteModel, Map<string, ListedChange[]>>();

/** Consecutive changes the filter picks (of one source, if given), newest first. */
export function filteredChanges(
  model: SiteModel,
  filter: ChangeFilter,
  source?: string,
): ListedChange[] {
  let lists = cache.get(model);
  if (!lists) cache.set(model, (lists = new Map()));
  const key = `${filter}\u0000${source ?? ""}`;
  let list = lists.get(key);
  if (!list) {
    list = model.latestChanges.filter(
      (c) =>
        matches(filter, c.change) &&
        (source === undefined || model.articles.get(c.articleId)!.source.key === source),
    );
    lists.set(key, list);
  }
  return list;
}

export function filterPages(model: SiteModel, filter: ChangeFilter, source?: string): ListPage[] {
  return paginate(
    filteredChanges(model, filter, source).length,
    CHANGES_PER_PAGE,
    filterPath(filter, source),
  );
}

/** The changes the filter's feed carries. */
export function filterFeedChanges(
  model: SiteModel,
  filter: ChangeFilter,
  source?: string,
): ListedChange[] {
  return filteredChanges(model, filter, source).slice(0, FILTER_FEED_SIZE);
}

/** What the statistics need of one article, from its summary. */
export function statsInput(summary: ArticleSummary): ArticleStatsInput {
  const versions = summary.versions;
  return {
    firstCapture: versions[0]!.time,
    // Between neighbours: the first versions.length − 1 changes of the summary.
    changes: summary.changes.slice(0, Math.max(0, versions.length - 1)).map((c, i) => ({
      time: versions[i + 1]!.time,
      headlineChanged: c.fields.some((f) => f.field === "headline" && !f.minor),
      label: c.significance.label,
      notice: c.notices.length > 0,
      withoutNotice: c.withoutNotice,
    })),
  };
}
