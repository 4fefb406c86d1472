// One article as the pages about it see it: every version and every change, in full. Made
// from the loaded article and a diff function; plain data, no I/O. The pages that list many
// articles see only its summary (summary.ts).
import type { Change } from "../diff/types.ts";
import type { Article, Source, Version } from "../load/types.ts";
import { articlePath, changePath } from "./paths.ts";

/** What a change must hold for a list of changes: its fields and counts (a summary has no blocks). */
export type ChangeHead = Pick<Change, "fields" | "stats" | "fallback">;

/** What a list needs of a version: its number, time and headline (no text). */
export type VersionHead = Pick<Version, "number" | "capturedAt" | "time" | "headline">;

/** What a list needs of an article: no versions' text, no note. */
export interface ArticleHead {
  source: string;
  slug: string;
  file: string;
  url: string;
  tracking: Article["tracking"];
  versions: VersionHead[];
}

export interface ChangeEntry<C extends ChangeHead = Change> {
  /** "source/slug/2-3": stable, used for feed ids and anchors. */
  id: string;
  articleId: string;
  from: number;
  to: number;
  change: C;
  /** Site-relative path of the diff page, e.g. "bbc/slug/changes/2-3/". */
  path: string;
  /** Between neighbouring versions (false for first → latest). */
  consecutive: boolean;
}

export interface ArticleEntry<A extends ArticleHead = Article, C extends ChangeHead = Change> {
  /** "source/slug". */
  id: string;
  article: A;
  source: Source;
  path: string;
  /** Between neighbouring versions, oldest first. */
  changes: ChangeEntry<C>[];
  /** First → latest, when there are three versions or more (with two it is changes[0]). */
  overall?: ChangeEntry<C>;
}

/** Computes the change between two versions of one article. */
export type DiffFunction = (from: Version, to: Version) => Change;

export function articleId(article: Pick<ArticleHead, "source" | "slug">): string {
  return `${article.source}/${article.slug}`;
}

/** Every change of an article: between neighbours, oldest first, then first → latest. */
export function articleChanges<A extends ArticleHead, C extends ChangeHead>(
  entry: ArticleEntry<A, C>,
): ChangeEntry<C>[] {
  return entry.overall ? [...entry.changes, entry.overall] : entry.changes;
}

/**
 * An article's entry from its versions and a way to diff two of them (language-aware: the
 * caller's diff knows the source's language). `changes` gives them precomputed instead:
 * neighbours oldest first, then first → latest when there are three versions or more.
 */
export function articleEntry<A extends ArticleHead, C extends ChangeHead>(
  article: A,
  source: Source,
  change: (from: A["versions"][number], to: A["versions"][number], index: number) => C,
): ArticleEntry<A, C> {
  const id = articleId(article);
  const versions = article.versions;
  const entryFor = (from: VersionHead, to: VersionHead, index: number, consecutive: boolean) => ({
    id: `${id}/${from.number}-${to.number}`,
    articleId: id,
    from: from.number,
    to: to.number,
    change: change(from, to, index),
    path: changePath(article.source, article.slug, from.number, to.number),
    consecutive,
  });
  const changes: ChangeEntry<C>[] = [];
  for (let i = 1; i < versions.length; i++) {
    changes.push(entryFor(versions[i - 1]!, versions[i]!, i - 1, true));
  }
  const first = versions[0]!;
  const last = versions[versions.length - 1]!;
  return {
    id,
    article,
    source,
    path: articlePath(article.source, article.slug),
    changes,
    ...(versions.length > 2 ? { overall: entryFor(first, last, versions.length - 1, false) } : {}),
  };
}
