// The open-data files: each article's whole history, and an index of every article.
// Shapes are documented in docs/open-data.md; keys are snake_case like the content format,
// optional values are null (never missing) so every record has the same columns.
import type { ChangeStats } from "../diff/types.ts";
import { describeChange } from "../render/change.ts";
import { isoTime } from "../render/format.ts";
import { absolute } from "../render/layout.ts";
import { articleFeed, articleHistoryPath as historyPath, sourceFeed } from "../render/pages.ts";
import type { SiteConfig } from "../site/config.ts";
import type { ArticleEntry, SiteModel } from "../site/model.ts";
import { versionPath } from "../site/paths.ts";
import type { Change } from "../diff/types.ts";
import { paragraphEdits, type EditedParagraph, type ParagraphEdit } from "./delta.ts";

/**
 * Bumped only when a field is renamed or removed; adding fields keeps the number.
 * 2: a version after the first holds its paragraphs as edits of the one before (delta.ts).
 */
export const HISTORY_FORMAT = "diff-archive/article-history/2";
export const INDEX_FORMAT = "diff-archive/articles/1";
export const INDEX_PATH = "data/articles.json";
export { historyPath };

export interface SourceJson {
  key: string;
  name: string;
  language: string;
  homepage: string;
}

export interface VersionJson {
  number: number;
  /** Exactly as captured, with its original offset. */
  captured_at: string;
  headline: string;
  byline: string | null;
  standfirst: string | null;
  archive_url: string | null;
  /** The first version's paragraphs (normalised text, one string each); null after it. */
  paragraphs: string[] | null;
  /** Every later version's paragraphs as edits of the version before (delta.ts); null for the first. */
  paragraph_edits: ParagraphEdit[] | null;
  page: string;
}

export interface StatsJson {
  words_added: number;
  words_removed: number;
  paragraphs_added: number;
  paragraphs_removed: number;
  paragraphs_edited: number;
  paragraphs_moved: number;
  paragraphs_split: number;
  paragraphs_merged: number;
  minor_only: boolean;
}

export interface ChangeJson {
  from: number;
  to: number;
  /** When the newer version was captured (UTC). */
  captured_at: string;
  /** Changed fields, in the order headline, byline, standfirst. */
  fields: string[];
  summary: string[];
  stats: StatsJson;
  page: string;
}

export interface ArticleHistoryJson {
  format: typeof HISTORY_FORMAT;
  id: string;
  url: string;
  source: SourceJson;
  slug: string;
  tracking: "active" | "stopped";
  note: string | null;
  first_seen: string;
  last_seen: string;
  page: string;
  feed: string;
  versions: VersionJson[];
  /** Between neighbouring versions, oldest first. */
  changes: ChangeJson[];
}

export interface ArticleSummaryJson {
  id: string;
  url: string;
  source: string;
  slug: string;
  headline: string;
  tracking: "active" | "stopped";
  first_seen: string;
  last_seen: string;
  version_count: number;
  change_count: number;
  page: string;
  history: string;
  feed: string;
}

export interface ArticlesIndexJson {
  format: typeof INDEX_FORMAT;
  site: { title: string; url: string };
  totals: { sources: number; articles: number; versions: number; changes: number };
  /** Newest capture in the archive: when the data last changed (not when it was built). */
  updated: string | null;
  sources: (SourceJson & { article_count: number; page: string; feed: string })[];
  /** Sorted by source, then slug. */
  articles: ArticleSummaryJson[];
}

function statsJson(s: ChangeStats): StatsJson {
  return {
    words_added: s.wordsAdded,
    words_removed: s.wordsRemoved,
    paragraphs_added: s.paragraphsAdded,
    paragraphs_removed: s.paragraphsRemoved,
    paragraphs_edited: s.paragraphsEdited,
    paragraphs_moved: s.paragraphsMoved,
    paragraphs_split: s.paragraphsSplit,
    paragraphs_merged: s.paragraphsMerged,
    minor_only: s.minorOnly,
  };
}

function sourceJson(entry: ArticleEntry["source"]): SourceJson {
  return {
    key: entry.key,
    name: entry.name,
    language: entry.language,
    homepage: entry.homepage,
  };
}

/** The paragraphs a change edited in place, by their index in the newer version. */
function editedParagraphs(change: Change | undefined): Map<number, EditedParagraph> {
  const edited = new Map<number, EditedParagraph>();
  for (const b of change?.blocks ?? []) {
    if ((b.kind === "edited" || b.kind === "moved") && b.old.length === 1 && b.new.length === 1) {
      edited.set(b.new[0]!, { from: b.old[0]!, segments: b.segments });
    }
  }
  return edited;
}

export function articleHistory(entry: ArticleEntry, c: SiteConfig): ArticleHistoryJson {
  const a = entry.article;
  return {
    format: HISTORY_FORMAT,
    id: entry.id,
    url: a.url,
    source: sourceJson(entry.source),
    slug: a.slug,
    tracking: a.tracking,
    note: a.note ?? null,
    first_seen: isoTime(a.versions[0]!.time),
    last_seen: isoTime(a.versions.at(-1)!.time),
    page: absolute(c, entry.path),
    feed: absolute(c, articleFeed(a).path),
    versions: a.versions.map((v, i) => ({
      number: v.number,
      captured_at: v.capturedAt,
      headline: v.headline,
      byline: v.byline ?? null,
      standfirst: v.standfirst ?? null,
      archive_url: v.archiveUrl ?? null,
      paragraphs: i === 0 ? v.paragraphs : null,
      paragraph_edits:
        i === 0
          ? null
          : paragraphEdits(
              a.versions[i - 1]!.paragraphs,
              v.paragraphs,
              editedParagraphs(entry.changes[i - 1]?.change),
            ),
      page: absolute(c, versionPath(a.source, a.slug, v.number)),
    })),
    changes: entry.changes.map((change) => ({
      from: change.from,
      to: change.to,
      captured_at: isoTime(a.versions[change.to - 1]!.time),
      fields: change.change.fields.map((f) => f.field),
      summary: describeChange(change.change),
      stats: statsJson(change.change.stats),
      page: absolute(c, change.path),
    })),
  };
}

export function articlesIndex(model: SiteModel): ArticlesIndexJson {
  const c = model.config;
  let newest: number | undefined;
  const articles: ArticleSummaryJson[] = [];
  for (const entry of model.articles.values()) {
    const a = entry.article;
    const last = a.versions.at(-1)!;
    newest = Math.max(newest ?? last.time, last.time);
    articles.push({
      id: entry.id,
      url: a.url,
      source: entry.source.key,
      slug: a.slug,
      headline: last.headline,
      tracking: a.tracking,
      first_seen: isoTime(a.versions[0]!.time),
      last_seen: isoTime(last.time),
      version_count: a.versions.length,
      change_count: entry.changes.length,
      page: absolute(c, entry.path),
      history: absolute(c, historyPath(entry)),
      feed: absolute(c, articleFeed(a).path),
    });
  }
  return {
    format: INDEX_FORMAT,
    site: { title: c.title, url: c.url },
    totals: { ...model.totals },
    updated: newest === undefined ? null : isoTime(newest),
    sources: model.sources.map((s) => ({
      ...sourceJson(s.source),
      article_count: s.articleIds.length,
      page: absolute(c, s.path),
      feed: absolute(c, sourceFeed(s.source).path),
    })),
    articles,
  };
}

/**
 * Stable JSON on one line, with a final newline: indentation was a tenth of an article's
 * history, and every reader of these files parses them (`jq .` shows them indented).
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
