// One article's versions as export records: text, provenance, hash, and for each change its
// significance and notices. Pure apart from the hash; one article at a time.

import { diffVersions } from "../diff/index.ts";
import type { Article, Source } from "../load/index.ts";
import {
  compileNoticePatterns,
  newNotices,
  provenance,
  significance,
  versionSha256,
  withoutNotice,
} from "../accountability/index.ts";
import type { Significance } from "../accountability/index.ts";

/** One version as the JSON Lines export writes it (docs/export.md). */
export interface VersionRecord {
  article_id: string;
  source: string;
  language: string | null;
  url: string;
  version: number;
  captured_at: string;
  headline: string;
  byline: string | null;
  standfirst: string | null;
  archive_url: string | null;
  paragraphs: string[];
  paragraph_since: number[];
  sha256: string;
  change: null | {
    from: number;
    significance: Significance;
    notice: string | null;
    without_notice: boolean;
  };
}

/** Every version of the article, oldest first, as export records. */
export function articleRecords(article: Article, source: Source | undefined): VersionRecord[] {
  const language = source?.language;
  const patterns = compileNoticePatterns(source?.notices);
  const versions = article.versions;
  const changes = versions
    .slice(1)
    .map((after, k) =>
      diffVersions(versions[k]!, after, language === undefined ? {} : { language }),
    );
  const since = provenance(article, changes);
  return versions.map((version, k) => {
    let change: VersionRecord["change"] = null;
    if (k > 0) {
      const before = versions[k - 1]!;
      const result = significance(
        changes[k - 1]!,
        before,
        version,
        language === undefined ? {} : { language },
      );
      const added = newNotices(before, version, patterns);
      change = {
        from: before.number,
        significance: result,
        notice: added[0]?.text ?? null,
        without_notice: withoutNotice(result.label, added),
      };
    }
    return {
      article_id: `${article.source}/${article.slug}`,
      source: article.source,
      language: language ?? null,
      url: article.url,
      version: version.number,
      captured_at: version.capturedAt,
      headline: version.headline,
      byline: version.byline ?? null,
      standfirst: version.standfirst ?? null,
      archive_url: version.archiveUrl ?? null,
      paragraphs: version.paragraphs,
      paragraph_since: since[k]!,
      sha256: versionSha256(version),
      change,
    };
  });
}
