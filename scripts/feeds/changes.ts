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
import { formatDateTime } from "../render/format.ts";
import { html, join, type SafeHtml } from "../render/html.ts";
import { absolute, GLOBAL_FEED } from "../render/layout.ts";
import { articleFeed, sourceFeed } from "../render/pages.ts";
import type { ChangeEntry, SiteModel } from "../site/model.ts";
import type { AtomEntry, AtomFeed } from "./atom.ts";
import { GLOBAL_FEED_SIZE, newestVersionTime, sourceFeedChanges } from "./select.ts";

export { GLOBAL_FEED_SIZE, SOURCE_FEED_SIZE } from "./select.ts";
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
function entryContent(model: SiteModel, entry: ChangeEntry, pageUrl: string): SafeHtml {
  const article = model.articles.get(entry.articleId)!.article;
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

// Each change appears in up to three feeds (archive, source, article); its entry is built once.
const entryCache = new WeakMap<SiteModel, Map<string, AtomEntry>>();

export function changeEntry(model: SiteModel, entry: ChangeEntry): AtomEntry {
  let cache = entryCache.get(model);
  if (!cache) entryCache.set(model, (cache = new Map()));
  const cached = cache.get(entry.id);
  if (cached) return cached;
  const article = model.articles.get(entry.articleId)!;
  const to = article.article.versions[entry.to - 1]!;
  const pageUrl = absolute(model.config, entry.path);
  const result: AtomEntry = {
    // The diff page's address: unique, permanent (history is append-only) and dereferenceable.
    id: pageUrl,
    title: `${to.headline}: ${describeChange(entry.change).join(", ")}`,
    url: pageUrl,
    updated: new Date(to.time),
    lang: article.source.language,
    contentHtml: entryContent(model, entry, pageUrl).value,
  };
  cache.set(entry.id, result);
  return result;
}

function feedBase(model: SiteModel, feedPath: string, pagePath: string) {
  const c = model.config;
  return {
    id: absolute(c, feedPath),
    selfUrl: absolute(c, feedPath),
    pageUrl: absolute(c, pagePath),
    author: c.title,
  };
}

/** The whole archive: the newest changes, newest first. */
export function globalFeed(model: SiteModel): AtomFeed {
  return {
    ...feedBase(model, GLOBAL_FEED.path, ""),
    title: `${model.config.title}: all changes`,
    subtitle: "Every change to every article in the archive, newest first.",
    emptyUpdated: newestVersionTime(model),
    entries: model.latestChanges.slice(0, GLOBAL_FEED_SIZE).map((c) => changeEntry(model, c)),
  };
}

/** One source: its newest changes, newest first. */
export function sourceChangesFeed(model: SiteModel, key: string): AtomFeed {
  const entry = model.sourcesByKey.get(key);
  if (!entry) throw new Error(`There is no source "${key}" to make a feed for.`);
  const changes = sourceFeedChanges(model, key);
  return {
    ...feedBase(model, sourceFeed(model, key).path, entry.path),
    title: `${model.config.title}: changes at ${entry.source.name}`,
    lang: entry.source.language,
    emptyUpdated: newestVersionTime(model, key),
    entries: changes.map((c) => changeEntry(model, c)),
  };
}

/** One article: every change, newest first. */
export function articleChangesFeed(model: SiteModel, id: string): AtomFeed {
  const entry = model.articles.get(id);
  if (!entry) throw new Error(`There is no article "${id}" to make a feed for.`);
  const link = articleFeed(entry);
  return {
    ...feedBase(model, link.path, entry.path),
    title: link.title,
    subtitle: `${entry.source.name} · ${entry.article.url}`,
    lang: entry.source.language,
    emptyUpdated: new Date(entry.article.versions.at(-1)!.time),
    entries: [...entry.changes]
      .reverse()
      .map((c, i) => (i < ARTICLE_FEED_DIFFS ? changeEntry(model, c) : summaryEntry(model, c))),
  };
}

/** An older change in an article's feed: what changed in words, and where to see it. */
function summaryEntry(model: SiteModel, entry: ChangeEntry): AtomEntry {
  const full = changeEntry(model, entry);
  const article = model.articles.get(entry.articleId)!.article;
  const from = article.versions[entry.from - 1]!;
  const to = article.versions[entry.to - 1]!;
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
