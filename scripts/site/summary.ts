// What the pages that list articles need of one article, as plain data: the store keeps it
// with the article, the build's manifest keeps every article's, and the pages that span the
// archive (home, sources, headlines, feeds, sitemaps) are made from summaries alone, so a
// build never reads an unchanged article's text to list it.
import type { Notice, Significance } from "../accountability/index.ts";
import type { Change, FieldChange } from "../diff/types.ts";
import type { ChangeStats } from "../diff/types.ts";
import type { Article } from "../load/types.ts";
import { accountOf, type ChangeAccount } from "./accountability.ts";
import {
  articleChanges,
  type ArticleEntry,
  type ArticleHead,
  type VersionHead,
} from "./article.ts";

export interface ChangeSummary {
  /** Changed fields with their word diffs (headlines are short; lists show them). */
  fields: FieldChange[];
  stats: ChangeStats;
  fallback: boolean;
  /** How much the change matters, and why (accountability/significance.ts). */
  significance: Significance;
  /** The notices the change added (newNotices with the source's own patterns). */
  notices: Notice[];
  /** Substantive or major, and no notice added. */
  withoutNotice: boolean;
}

export interface ArticleSummary extends ArticleHead {
  /** Bytes of the article's file. */
  bytes: number;
  versions: VersionHead[];
  /** Between neighbours, oldest first, then first → latest when there are three versions or more. */
  changes: ChangeSummary[];
}

export function summariseChange(change: Change, account: ChangeAccount): ChangeSummary {
  return {
    fields: change.fields,
    stats: change.stats,
    fallback: change.fallback,
    significance: account.significance,
    notices: account.notices,
    withoutNotice: account.withoutNotice,
  };
}

export function summarise(entry: ArticleEntry<Article, Change>, bytes: number): ArticleSummary {
  const a = entry.article;
  return {
    bytes,
    source: a.source,
    slug: a.slug,
    file: a.file,
    url: a.url,
    tracking: a.tracking,
    versions: a.versions.map((v) => ({
      number: v.number,
      capturedAt: v.capturedAt,
      time: v.time,
      headline: v.headline,
    })),
    changes: articleChanges(entry).map((c) => summariseChange(c.change, accountOf(entry, c))),
  };
}
