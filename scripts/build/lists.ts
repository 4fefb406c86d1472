// The render stage for the pages that list articles (home, headlines, sources, feeds,
// sitemaps, search, open data's index): Eleventy paginates templates/ over the site model.
// Each page's fingerprint says what it shows (its descriptor, and the store keys of the
// articles on it); a patch renders only the pages whose fingerprint changed, and Eleventy is
// handed just those. Pages that span every article are rendered every time: they are few.
import type { AtomEntry, AtomFeed } from "../feeds/index.ts";
import {
  filterChangesFeed,
  globalFeed,
  globalFeedChanges,
  sourceChangesFeed,
  sourceFeedChanges,
} from "../feeds/index.ts";
import {
  CHANGE_FILTERS,
  filteredChanges,
  filterFeedChanges,
  type ChangeFilter,
} from "../site/filters.ts";
import { headlineChanges } from "../site/headlines.ts";
import { newestVersionTime } from "../feeds/select.ts";
import type { ListPage, SiteModel } from "../site/model.ts";
import { listPages, type SitePages } from "../site/pages.ts";
import { DATASET_PATH, fileOf } from "../site/paths.ts";
import { codeFile } from "../run/code.ts";
import { hashOf } from "./hash.ts";

/** The pages of each paginated template this build renders. */
export type RenderSelection = Pick<
  SitePages,
  | "home"
  | "headlines"
  | "source"
  | "sourceFeeds"
  | "filtered"
  | "filterFeeds"
  | "statistics"
  | "sitemaps"
>;

/** Eleventy's global data `site`: the model, every page, what to render now, and the feeds' entries. */
export interface ListSite {
  model: SiteModel;
  pages: SitePages;
  render: RenderSelection;
  /** The feeds rendered now, with their entries (read from the store). */
  feeds: {
    global: AtomFeed;
    sources: Map<string, AtomFeed>;
    /** By the feed's path (filterFeedPath). */
    filtered: Map<string, AtomFeed>;
  };
  /** Copy the stylesheet and bundle the browser scripts (a full build; a patch keeps them). */
  assets: boolean;
}

const PAGINATED = [
  "home",
  "headlines",
  "source",
  "sourceFeeds",
  "filtered",
  "filterFeeds",
  "statistics",
  "sitemaps",
] as const;

/** Each paginated page's output file and fingerprint. */
export function fingerprints(model: SiteModel, pages: SitePages): Map<string, string> {
  const keyOf = (id: string) => model.articles.get(id)!.key;
  // What a page of a list shows of itself: its place among the pages, not where its entries
  // sit in the whole list (those indices move with every new entry while the page's entries
  // stay), nor its date (the sitemaps show that; their own fingerprint has it).
  const placeOf = (p: { path: string; key?: string; filter?: string; list: ListPage }) =>
    JSON.stringify([
      p.path,
      p.key,
      p.filter,
      p.list.pageNumber,
      p.list.previousPath,
      p.list.nextPath,
    ]);
  // A change on a page: which one, and what its article's summary holds.
  const changeOf = (c: { id: string; articleId: string }) => `${c.id}:${keyOf(c.articleId)}`;
  const sourceIds = (key: string) => model.sourcesByKey.get(key)?.articleIds ?? [];
  const headlines = headlineChanges(model);
  const prints = new Map<string, string>();
  const add = (
    kind: string,
    page: { path: string; list: ListPage },
    entries: readonly string[],
  ) => {
    const front = page.list.pageNumber === 0 ? JSON.stringify(model.totals) : "";
    prints.set(fileOf(page.path), hashOf(kind, placeOf(page), front, ...entries));
  };
  for (const p of pages.home) {
    add("home", p, model.latestChanges.slice(p.list.start, p.list.end).map(changeOf));
  }
  for (const p of pages.headlines) {
    add("headlines", p, headlines.slice(p.list.start, p.list.end).map(changeOf));
  }
  for (const p of pages.source) {
    const entry = model.sourcesByKey.get(p.key)!;
    const counts = [entry.articleIds.length, entry.versionCount, entry.changeCount];
    const front = p.list.pageNumber === 0 ? JSON.stringify(counts) : "";
    const ids = entry.articleIds.slice(p.list.start, p.list.end);
    prints.set(
      fileOf(p.path),
      hashOf("source", JSON.stringify(entry.source), front, placeOf(p), ...ids.map(keyOf)),
    );
  }
  for (const p of pages.sourceFeeds) {
    const source = JSON.stringify(model.sourcesByKey.get(p.key)!.source);
    prints.set(
      fileOf(p.path),
      hashOf("feed", source, ...sourceFeedChanges(model, p.key).map((c) => keyOf(c.articleId))),
    );
  }
  const sourceOf = (key: string | undefined) =>
    key === undefined ? "" : JSON.stringify(model.sourcesByKey.get(key)!.source);
  for (const p of pages.filtered) {
    const all = filteredChanges(model, p.filter, p.key);
    const shown = all.slice(p.list.start, p.list.end).map(changeOf);
    const front = p.list.pageNumber === 0 ? String(all.length) : "";
    prints.set(fileOf(p.path), hashOf("filtered", placeOf(p), sourceOf(p.key), front, ...shown));
  }
  for (const p of pages.filterFeeds) {
    prints.set(
      fileOf(p.path),
      hashOf(
        "filter-feed",
        JSON.stringify(p),
        sourceOf(p.key),
        // The date an empty feed carries.
        String(newestVersionTime(model, p.key).getTime()),
        ...filterFeedChanges(model, p.filter, p.key).map((c) => keyOf(c.articleId)),
      ),
    );
  }
  for (const p of pages.statistics) {
    // Made from every article in its scope.
    const ids = p.key === undefined ? [...model.articles.keys()] : sourceIds(p.key);
    prints.set(
      fileOf(p.path),
      hashOf("statistics", JSON.stringify(p), sourceOf(p.key), ...ids.map(keyOf)),
    );
  }
  if (model.config.dataset) {
    // The data set holds every article's text: it changes when any article does.
    prints.set(
      DATASET_PATH,
      hashOf(
        "dataset",
        JSON.stringify(model.sources.map((s) => s.source)),
        ...[...model.articles.values()].map((a) => a.key),
      ),
    );
  }
  for (const p of pages.sitemaps) {
    const key = p.path.includes("/") ? p.path.slice(0, p.path.indexOf("/")) : undefined;
    // A sitemap lists its pages with their dates: its whole descriptor is what it shows.
    prints.set(
      fileOf(p.path),
      hashOf("sitemap", JSON.stringify(p), ...(key ? sourceIds(key) : []).map(keyOf)),
    );
  }
  return prints;
}

/** Only the pages whose fingerprint is not the one the last build recorded. */
export function selectChanged(
  pages: SitePages,
  prints: ReadonlyMap<string, string>,
  previous: Readonly<Record<string, string>> | undefined,
): RenderSelection {
  const changed = (page: { path: string }) =>
    !previous || previous[fileOf(page.path)] !== prints.get(fileOf(page.path));
  const selection = {} as Record<(typeof PAGINATED)[number], unknown[]>;
  for (const kind of PAGINATED)
    selection[kind] = (pages[kind] as { path: string }[]).filter(changed);
  return selection as RenderSelection;
}

/** Every page, for a build that renders them all. */
export function selectAll(pages: SitePages): RenderSelection {
  return {
    home: pages.home,
    headlines: pages.headlines,
    source: pages.source,
    sourceFeeds: pages.sourceFeeds,
    filtered: pages.filtered,
    filterFeeds: pages.filterFeeds,
    statistics: pages.statistics,
    sitemaps: pages.sitemaps,
  };
}

/** The feeds this build renders, their entries read with `entries` (explicit I/O: the store). */
export function feedsOf(
  model: SiteModel,
  render: RenderSelection,
  entries: (changeIds: readonly string[]) => Map<string, AtomEntry>,
): ListSite["feeds"] {
  const wanted = new Set(globalFeedChanges(model).map((c) => c.id));
  for (const p of render.sourceFeeds)
    for (const c of sourceFeedChanges(model, p.key)) wanted.add(c.id);
  for (const p of render.filterFeeds)
    for (const c of filterFeedChanges(model, p.filter, p.key)) wanted.add(c.id);
  const found = entries([...wanted].sort());
  const entry = (id: string) => {
    const e = found.get(id);
    if (!e) throw new Error(`The feed entry of ${id} is missing from the store.`);
    return e;
  };
  return {
    global: globalFeed(model, entry),
    sources: new Map(
      render.sourceFeeds.map((p) => [p.key, sourceChangesFeed(model, p.key, entry)]),
    ),
    filtered: new Map(
      render.filterFeeds.map((p) => [p.path, filterChangesFeed(model, p.filter, p.key, entry)]),
    ),
  };
}

/**
 * The changes any filter feed may carry: each filter's newest, archive-wide and per source. A
 * shard keeps their entries, so the merged feeds find theirs among every shard's.
 */
export function filterFeedIds(model: SiteModel): string[] {
  const ids: string[] = [];
  for (const key of [undefined, ...model.sources.map((s) => s.source.key)])
    for (const filter of CHANGE_FILTERS as readonly ChangeFilter[])
      for (const c of filterFeedChanges(model, filter, key)) ids.push(c.id);
  return ids;
}

export { listPages };

// Handed to Eleventy's data step (eleventy-plugins.ts) for the run in progress.
let current: ListSite | undefined;

export function currentListSite(): ListSite | undefined {
  return current;
}

/** Eleventy's write() resolves with [passthrough results, template results]. */
function written(result: unknown): string[] {
  if (!Array.isArray(result) || !Array.isArray(result[1])) return [];
  return (result[1] as { outputPath?: unknown }[])
    .map((r) => r.outputPath)
    .filter((p): p is string => typeof p === "string");
}

/** One Eleventy run over templates/ into `out`; returns the files it wrote (absolute). */
export async function renderLists(root: string, out: string, site: ListSite): Promise<string[]> {
  // Imported here, after this is set: on import Eleventy otherwise registers an ES module
  // resolve hook that every later import waits on; a build never watches its templates.
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "true";
  const { default: Eleventy } = await import("@11ty/eleventy");
  current = site;
  try {
    const eleventy = new Eleventy(codeFile("templates", root), out, {
      configPath: codeFile(".eleventy.ts", root),
      quietMode: true,
    });
    await eleventy.init();
    return written(await eleventy.write());
  } finally {
    current = undefined;
  }
}
