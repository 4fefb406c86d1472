// Feeds of changes: one entry per change between neighbouring versions, carrying the
// changed paragraphs with <ins>/<del> so a subscriber sees what changed without a click.
import { absoluteUrl } from "@11ty/eleventy-plugin-rss";
import { timeInWords } from "../diff/index.ts";
import type { Block } from "../diff/types.ts";
import {
  describeChange,
  describeWordCounts,
  KIND_LABELS,
  renderFieldChanges,
  renderSegments,
} from "../render/change.ts";
import { captureNotes } from "../render/events.ts";
import { formatDateTime } from "../render/format.ts";
import { html, join, type SafeHtml } from "../render/html.ts";
import { absolute, GLOBAL_FEED } from "../render/layout.ts";
import { articleFeed, sourceFeed } from "../render/pages.ts";
import type { Article } from "../load/types.ts";
import type { SiteConfig } from "../site/config.ts";
import {
  FILTER_TEXT,
  filterFeedChanges,
  filterFeedPath,
  filterPath,
  SOURCE_FILTERS,
  type ChangeFilter,
} from "../site/filters.ts";
import type { ArticleEntry, ChangeEntry, SiteModel } from "../site/model.ts";
import type { AtomEntry, AtomFeed } from "./atom.ts";
import { globalFeedChanges, newestVersionTime, sourceFeedChanges } from "./select.ts";

/** Changed paragraphs shown in one entry; a rewrite of a long article stays readable in a reader. */
export const MAX_BLOCKS_PER_ENTRY = 20;
/**
 * Changes an article's feed carries with their diff: the newest. Older ones stay in it by
 * title, summary and link to their diff page, so a feed never grows by a diff per change.
 */
export const ARTICLE_FEED_DIFFS = 10;

const KIND = KIND_LABELS;

function paragraphs(indices: readonly number[]): string {
  if (indices.length === 0) return "";
  const first = indices[0]! + 1;
  const last = indices[indices.length - 1]! + 1;
  return first === last ? `paragraph ${first}` : `paragraphs ${first}–${last}`;
}

/** "Edited · paragraph 3", "Removed · was paragraph 4", "Moved · paragraph 2, was paragraph 5". */
function blockLabel(block: Block): string {
  const now = paragraphs(block.new);
  const was = paragraphs(block.old);
  const where =
    block.kind === "removed"
      ? `was ${was}`
      : block.kind === "moved" || block.kind === "merged"
        ? `${now}, was ${was}`
        : now;
  return `${KIND[block.kind]}${block.minor ? " (minor)" : ""} · ${where}`;
}

/** The entry's body: when, what in short, then each changed paragraph inline. */
function entryContent(article: Article, entry: ChangeEntry, pageUrl: string): SafeHtml {
  const from = article.versions[entry.from - 1]!;
  const to = article.versions[entry.to - 1]!;
  const changed = entry.change.blocks.filter((b) => b.kind !== "same");
  const shown = changed.slice(0, MAX_BLOCKS_PER_ENTRY);
  return html`<p>
      Version ${entry.from} (captured ${formatDateTime(from.time)}) → version ${entry.to} (captured
      ${formatDateTime(to.time)}), ${timeInWords(to.time - from.time)}.
      ${describeChange(entry.change).join(" · ")} (${describeWordCounts(entry.change)}).
    </p>
    ${renderFieldChanges(entry.change)}
    ${join(
      shown.map(
        (block) =>
          html`<h3>
              <a href="${absoluteUrl(`#${block.anchor}`, pageUrl)}">${blockLabel(block)}</a>
            </h3>
            ${renderSegments(block.segments, "inline")}`,
      ),
      "\n",
    )}
    ${changed.length > shown.length ? html`<p>…and ${changed.length - shown.length} more changed paragraphs.</p>` : ""}
    <p><a href="${pageUrl}">See this change side by side</a></p>`;
}

/**
 * One change as a feed entry, made where the change is whole (with the article's own pages):
 * the feeds that list changes across articles take it from there, as plain data.
 */
export function changeFeedEntry(
  entry: ArticleEntry,
  change: ChangeEntry,
  config: SiteConfig,
): AtomEntry {
  const to = entry.article.versions[change.to - 1]!;
  const pageUrl = absolute(config, change.path);
  return {
    // The diff page's address: unique, permanent (history is append-only) and dereferenceable.
    id: pageUrl,
    title: `${to.headline}: ${describeChange(change.change).join(", ")}`,
    url: pageUrl,
    updated: to.time,
    lang: entry.source.language,
    contentHtml: entryContent(entry.article, change, pageUrl).value,
  };
}

/** Feed entries by change id ("source/slug/2-3"), as the build read them from the store. */
export type FeedEntries = (changeId: string) => AtomEntry;

function feedBase(config: SiteConfig, feedPath: string, pagePath: string) {
  return {
    id: absolute(config, feedPath),
    selfUrl: absolute(config, feedPath),
    pageUrl: absolute(config, pagePath),
    author: config.title,
  };
}

/** The whole archive: the newest changes, newest first. */
export function globalFeed(model: SiteModel, entries: FeedEntries): AtomFeed {
  return {
    ...feedBase(model.config, GLOBAL_FEED.path, ""),
    title: `${model.config.title}: all changes`,
    subtitle: "Every change to every article in the archive, newest first.",
    emptyUpdated: newestVersionTime(model),
    entries: globalFeedChanges(model).map((c) => entries(c.id)),
  };
}

/** One source: its newest changes, newest first. */
export function sourceChangesFeed(model: SiteModel, key: string, entries: FeedEntries): AtomFeed {
  const entry = model.sourcesByKey.get(key);
  if (!entry) throw new Error(`There is no source "${key}" to make a feed for.`);
  return {
    ...feedBase(model.config, sourceFeed(entry.source).path, entry.path),
    title: `${model.config.title}: changes at ${entry.source.name}`,
    lang: entry.source.language,
    emptyUpdated: newestVersionTime(model, key),
    entries: sourceFeedChanges(model, key).map((c) => entries(c.id)),
  };
}

/** One filter's changes (site/filters.ts), the archive's or one source's, newest first. */
export function filterChangesFeed(
  model: SiteModel,
  filter: ChangeFilter,
  key: string | undefined,
  entries: FeedEntries,
): AtomFeed {
  const source = key === undefined ? undefined : model.sourcesByKey.get(key);
  if (key !== undefined && !source)
    throw new Error(`There is no source "${key}" to make a feed for.`);
  const text = FILTER_TEXT[filter];
  return {
    // A source has no page of its own substantive changes: its feed points to the source.
    ...feedBase(
      model.config,
      filterFeedPath(filter, key),
      source && !SOURCE_FILTERS.includes(filter) ? source.path : filterPath(filter, key),
    ),
    title: `${model.config.title}: ${text.title.toLowerCase()}${source ? ` at ${source.source.name}` : ""}`,
    subtitle: text.about,
    ...(source ? { lang: source.source.language } : {}),
    emptyUpdated: newestVersionTime(model, key),
    entries: filterFeedChanges(model, filter, key).map((c) => entries(c.id)),
  };
}

/** One article: every change, newest first. */
export function articleChangesFeed(
  entry: ArticleEntry,
  config: SiteConfig,
  entries: readonly AtomEntry[],
): AtomFeed {
  const link = articleFeed(entry.article);
  return {
    ...feedBase(config, link.path, entry.path),
    title: link.title,
    subtitle: `${entry.source.name} · ${entry.article.url}`,
    lang: entry.source.language,
    emptyUpdated: new Date(entry.article.versions.at(-1)!.time),
    entries: [
      ...[...entries]
        .reverse()
        .map((e, i) =>
          i < ARTICLE_FEED_DIFFS
            ? e
            : summaryEntry(entry, entry.changes[entry.changes.length - 1 - i]!, e),
        ),
      ...captureNotes(entry.article).map((note): AtomEntry => {
        const url = absolute(config, `${entry.path}#${note.anchor}`);
        return {
          id: url,
          title: `${entry.article.versions.at(-1)!.headline}: ${note.title}`,
          url,
          updated: note.time,
          lang: entry.source.language,
          contentHtml: html`<p>${formatDateTime(note.time)}: ${note.text}</p>`.value,
        };
      }),
    ].sort((a, b) => b.updated - a.updated),
  };
}

/** An older change in an article's feed: what changed in words, and where to see it. */
function summaryEntry(article: ArticleEntry, entry: ChangeEntry, full: AtomEntry): AtomEntry {
  const from = article.article.versions[entry.from - 1]!;
  const to = article.article.versions[entry.to - 1]!;
  return {
    ...full,
    contentHtml: html`<p>
        Version ${entry.from} (captured ${formatDateTime(from.time)}) → version ${entry.to}
        (captured ${formatDateTime(to.time)}): ${describeChange(entry.change).join(" · ")}
        (${describeWordCounts(entry.change)}).
      </p>
      <p><a href="${full.url}">See this change side by side</a></p>`.value,
  };
}
